import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLog } from './helpers';
import { checkDistributions } from '../../../src/runtime/release/pypi-check';
import { mintPypiToken, uploadDistributions } from '../../../src/runtime/release/pypi-upload';
import { NodeFs, SpawnExec } from '../../../src/runtime/release/real-deps';
import { RunProduct } from '../../../src/runtime/release/run';
import { tempDir } from '../../support/fixtures';
import { LocalPypi, PYPI_VENV_BIN, startPypiServer } from '../../support/local-registries';
import { writeSdist, writeWheel } from '../../support/registry-fixtures';

// Rules of pypi-check and publish-pypi that pypi-check.test.ts and pypi-limits.test.ts do not hold: what in a
// dist directory counts as a distribution, twine's message when it says nothing, and which host trusted
// publishing asks. twine is the pinned venv's, the index a real pypiserver.

const VERSION = '0.4.0';
const WITH_TWINE = { ...process.env, PATH: `${PYPI_VENV_BIN}${path.delimiter}${process.env.PATH}` };

/** A dist directory as a build leg leaves it, with files that are no distribution beside the wheel and sdist. */
function distWithStrays(project: string): { ws: string; dist: string } {
  const ws = tempDir('lockstep-pypi-rules-');
  const dist = 'dist/py';
  fs.mkdirSync(path.join(ws, dist), { recursive: true });
  writeWheel(path.join(ws, dist), project, VERSION);
  writeSdist(path.join(ws, dist), project, VERSION);
  // What else lands there: checksums a build step writes, and maturin's sdist left unpacked by a failed step.
  fs.writeFileSync(path.join(ws, dist, 'SHA256SUMS'), 'not a distribution\n');
  fs.writeFileSync(path.join(ws, dist, 'build-log.txt'), 'not a distribution\n');
  return { ws, dist };
}

const product = (project: string): RunProduct => ({
  name: 'py',
  kind: 'maturin',
  path: 'py',
  tag: `py-v${VERSION}`,
  githubRelease: false,
  dependsOn: [],
  settings: {},
  packages: [{ target: 'pypi', name: project, version: VERSION, state: 'missing' }],
});

describe('pypi-check: what twine is asked about (real twine)', () => {
  it('GIVEN a dist directory holding a checksum file and a log beside the wheel and sdist WHEN checked THEN only the wheel and the sdist go to twine, and both pass', async () => {
    const { ws, dist } = distWithStrays('rules-py');
    const r = await checkDistributions(dist, true, { exec: new SpawnExec(WITH_TWINE, ws), fs: new NodeFs(ws) });
    expect(r).toEqual({
      checks: [
        { file: 'dist/py/rules_py-0.4.0-py3-none-any.whl', problems: [] },
        { file: 'dist/py/rules_py-0.4.0.tar.gz', problems: [] },
      ],
      problems: [],
    });
  }, 60_000);

  it('GIVEN a leg that made only an sdist WHEN checked THEN the missing wheel is the problem, whether or not the leg builds the sdist', async () => {
    const ws = tempDir('lockstep-pypi-rules-');
    fs.mkdirSync(path.join(ws, 'dist'));
    writeSdist(path.join(ws, 'dist'), 'sdist-only', VERSION);
    const deps = { exec: new SpawnExec(WITH_TWINE, ws), fs: new NodeFs(ws) };
    expect((await checkDistributions('dist', false, deps)).problems).toEqual(['dist holds no wheel: did the build step run?']);
    expect((await checkDistributions('dist', true, deps)).problems).toEqual(['dist holds no wheel: did the build step run?']);
  }, 60_000);

  // A twine that dies without a word (killed by the runner, out of memory) cannot be produced on demand: a
  // program named twine that exits 3 and prints nothing stands in for it.
  it('GIVEN twine failing without printing anything WHEN a file is checked THEN its problem says twine exited with no message, not an empty finding', async () => {
    const ws = tempDir('lockstep-pypi-rules-');
    const bin = path.join(ws, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'twine'), '#!/bin/sh\nexit 3\n', { mode: 0o755 });
    fs.mkdirSync(path.join(ws, 'dist'));
    writeWheel(path.join(ws, 'dist'), 'silent-py', VERSION);
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
    const r = await checkDistributions('dist', false, { exec: new SpawnExec(env, ws), fs: new NodeFs(ws) });
    expect(r.checks).toEqual([{ file: 'dist/silent_py-0.4.0-py3-none-any.whl', problems: ['twine check exited 3 without a message'] }]);
  }, 60_000);
});

describe('publish-pypi: what is uploaded, and what twine says reaches the summary whole (pypiserver)', () => {
  let pypi: LocalPypi;
  beforeAll(async () => {
    pypi = await startPypiServer();
  });
  afterAll(async () => {
    await pypi?.stop();
  });

  /** Uploads a dist directory with strays beside the wheel and sdist of `project` to `repositoryUrl` (the index's by default). */
  const upload = (project: string, repositoryUrl = pypi.uploadUrl) => {
    const { ws, dist } = distWithStrays(project);
    return uploadDistributions(product(project), dist, [], {
      exec: new SpawnExec(WITH_TWINE, ws), fs: new NodeFs(ws), log: memoryLog(), sleep: async () => undefined, now: () => Date.now(),
    }, { repositoryUrl, username: pypi.username, token: pypi.password, rateLimit: { maxWaitMs: 0, defaultWaitMs: 1_000, setting: '--rate-limit-wait' } });
  };

  it('GIVEN a dist directory holding a checksum file and a log beside the wheel and sdist WHEN uploaded THEN the two distributions are uploaded, in name order, and nothing else is tried', async () => {
    const outcomes = await upload('rules-upload-py');
    expect(outcomes.map((o) => `${o.subject}: ${o.outcome}`)).toEqual([
      'rules_upload_py-0.4.0-py3-none-any.whl: published',
      'rules_upload_py-0.4.0.tar.gz: published',
    ]);
    expect(fs.readdirSync(pypi.packagesDir).sort()).toEqual(['rules_upload_py-0.4.0-py3-none-any.whl', 'rules_upload_py-0.4.0.tar.gz']);
  }, 120_000);

  it('GIVEN an upload URL longer than a terminal is wide that the index does not serve WHEN uploaded THEN the failure quotes the URL unbroken: twine is not left to wrap at 80 columns', async () => {
    const url = `${pypi.uploadUrl}an-upload-path-longer-than-the-eighty-columns-a-terminal-wraps-at-and-then-some/`;
    const outcomes = await upload('rules-long-py', url);
    expect(outcomes.map((o) => o.outcome)).toEqual(['failed', 'failed']);
    expect(outcomes[0].detail).toMatch(/^twine upload exited 1: /);
    expect(outcomes[0].detail).toContain(url);
  }, 120_000);
});

// GitHub's OIDC token endpoint and PyPI's trusted-publishing exchange cannot run here: a local server stands in
// for both, answering only at the host it is asked as, as pypi.org and its upload host are two sites.
describe('PyPI trusted publishing: which site and which request', () => {
  async function indexStandIn(site: string, answers: { audience?: number; oidc?: number } = {}) {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      seen.push(`${req.method} ${req.headers.host} ${url.pathname}${url.search}`);
      const answer = (status: number, json: object) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      const port = (server.address() as AddressInfo).port;
      if (url.pathname === '/oidc-token') {
        return answers.oidc ? answer(answers.oidc, { message: 'no token for you' }) : answer(200, { value: 'github-jwt' });
      }
      if (req.headers.host !== `${site}:${port}`) return answer(421, { message: `misdirected to ${req.headers.host}` });
      if (url.pathname === '/_/oidc/audience') return answers.audience ? answer(answers.audience, { message: 'audience down' }) : answer(200, { audience: 'pypi' });
      if (url.pathname === '/_/oidc/mint-token') return answer(200, { success: true, token: 'pypi-minted' });
      return answer(404, {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    return { port, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  it('GIVEN the upload host of an index WHEN the token is minted THEN GitHub\'s request URL, which has a query already, gets the audience joined with `&`', async () => {
    const s = await indexStandIn('localhost');
    try {
      const env = { ACTIONS_ID_TOKEN_REQUEST_URL: `http://localhost:${s.port}/oidc-token?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-token' };
      await expect(mintPypiToken(env, `http://upload.localhost:${s.port}/legacy/`)).resolves.toBe('pypi-minted');
      expect(s.seen).toEqual([
        `GET localhost:${s.port} /_/oidc/audience`,
        `GET localhost:${s.port} /oidc-token?api-version=2.0&audience=pypi`,
        `POST localhost:${s.port} /_/oidc/mint-token`,
      ]);
    } finally {
      await s.close();
    }
  });

  it('GIVEN an index whose host has `upload.` inside its name, not at its start WHEN the token is minted THEN that host itself is asked: only a leading `upload.` names the upload host', async () => {
    // Only localhost resolves here, so the host as given cannot answer: the failed request names the host asked.
    const env = { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://localhost:1/oidc-token', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-token' };
    await expect(mintPypiToken(env, 'http://pypi.upload.invalid:8080/legacy/')).rejects.toThrow(/^GET http:\/\/pypi\.upload\.invalid:8080\/_\/oidc\/audience: /);
  });

  it('GIVEN the index or GitHub refusing a step WHEN the token is minted THEN the error names the request that failed', async () => {
    const env = (port: number) => ({ ACTIONS_ID_TOKEN_REQUEST_URL: `http://localhost:${port}/oidc-token`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-token' });
    const down = await indexStandIn('localhost', { audience: 503 });
    try {
      await expect(mintPypiToken(env(down.port), `http://localhost:${down.port}/legacy/`))
        .rejects.toThrow(new RegExp(`^GET http://localhost:${down.port}/_/oidc/audience answered HTTP 503`));
    } finally {
      await down.close();
    }
    const refused = await indexStandIn('localhost', { oidc: 403 });
    try {
      await expect(mintPypiToken(env(refused.port), `http://localhost:${refused.port}/legacy/`)).rejects.toThrow(/^the GitHub OIDC token request answered HTTP 403/);
    } finally {
      await refused.close();
    }
  });
});
