import * as fs from 'fs';
import * as path from 'path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { memoryLog, releaseRun } from './helpers';
import { main } from '../../../src/runtime/main';
import { endpointsOf } from '../../../src/runtime/registry/endpoints';
import { pypiFiles } from '../../../src/runtime/registry/pypi';
import { readOutcomeFile } from '../../../src/runtime/release/outcomes';
import { mintPypiToken, uploadDistributions } from '../../../src/runtime/release/pypi-upload';
import { NodeFs, SpawnExec } from '../../../src/runtime/release/real-deps';
import { RunProduct } from '../../../src/runtime/release/run';
import { summarize } from '../../../src/runtime/release/summary';
import { tempDir } from '../../support/fixtures';
import { FaultProxy, LocalPypi, PYPI_VENV_BIN, RecordedAnswer, startFaultProxy, startPypiServer, startRecordedServer } from '../../support/local-registries';
import { writeSdist, writeWheel } from '../../support/registry-fixtures';
import { releaseRunEnv } from '../../support/release-run';

// P10 on PyPI: pypiserver never rate-limits, so a fault proxy on 127.0.0.1 in front of it answers 429
// (with a Retry-After header, as PyPI does) to uploads while a test says so, and forwards every other
// request to the real index: the proxy is the only stand-in. twine (the pinned venv's) uploads through it.

const VERSION = '0.4.0';
const tooMany: RecordedAnswer = { status: 429, headers: { 'retry-after': '30' }, body: 'Too Many Requests' };
const WITH_TWINE = { ...process.env, PATH: `${PYPI_VENV_BIN}${path.delimiter}${process.env.PATH}` };

const product = (name: string, project: string): RunProduct => ({
  name,
  kind: 'maturin',
  path: name,
  tag: `${name}-v${VERSION}`,
  githubRelease: false,
  dependsOn: [],
  settings: {},
  packages: [{ target: 'pypi', name: project, version: VERSION, state: 'missing' }],
});

/** A workspace holding a product's wheel and sdist in `dist/<product>`, as the publish job downloads them. */
function workspace(name: string, project: string): { ws: string; dist: string } {
  const ws = tempDir('lockstep-pypi-upload-');
  const dist = path.join('dist', name);
  fs.mkdirSync(path.join(ws, dist), { recursive: true });
  writeWheel(path.join(ws, dist), project, VERSION);
  writeSdist(path.join(ws, dist), project, VERSION);
  return { ws, dist };
}

describe('P10 rate limits on PyPI: a 429 is waited out within a bound, then fails that package only', () => {
  let pypi: LocalPypi;
  let proxy: FaultProxy;
  let limitUploads = 0;
  beforeAll(async () => {
    pypi = await startPypiServer();
    proxy = await startFaultProxy(pypi.uploadUrl, (req) => (req.method === 'POST' && limitUploads-- > 0 ? tooMany : undefined));
  });
  afterAll(async () => {
    await proxy?.close();
    await pypi?.stop();
  });
  afterEach(() => {
    limitUploads = 0;
  });
  const listed = (project: string) => pypiFiles(endpointsOf({ LOCKSTEP_PYPI_INDEX_URL: pypi.indexUrl }), project, VERSION);
  const upload = (ws: string, p: RunProduct, dist: string, waits: number[]) => uploadDistributions(p, dist, [], {
    exec: new SpawnExec(WITH_TWINE, ws), fs: new NodeFs(ws), log: memoryLog(), sleep: async (ms) => void waits.push(ms), now: () => Date.now(),
  }, {
    repositoryUrl: `${proxy.url}/`,
    username: pypi.username,
    token: pypi.password,
    rateLimit: { maxWaitMs: 180_000, defaultWaitMs: 60_000, setting: '--rate-limit-wait' },
  });

  it('P10 GIVEN the index answers 429 to the first two uploads WHEN a product\'s wheel and sdist are uploaded THEN twine\'s 429 is backed off within the bound and both files land', async () => {
    const { ws, dist } = workspace('quill-py', 'p10-quill');
    limitUploads = 2;
    const waits: number[] = [];
    const outcomes = await upload(ws, product('quill-py', 'p10-quill'), dist, waits);
    expect(outcomes.map((o) => [o.subject, o.outcome, o.detail])).toEqual([
      ['p10_quill-0.4.0-py3-none-any.whl', 'published', 'uploaded by this run'],
      ['p10_quill-0.4.0.tar.gz', 'published', 'uploaded by this run'],
    ]);
    // twine shows no Retry-After: the back-off doubles, from 60 s.
    expect(waits).toEqual([60_000, 120_000]);
    await expect(listed('p10-quill')).resolves.toEqual(['p10_quill-0.4.0-py3-none-any.whl', 'p10_quill-0.4.0.tar.gz']);
  }, 120_000);

  it('P10 GIVEN the index keeps answering 429 WHEN the bounded wait is spent THEN that package fails as rate-limited, its other file is not attempted, the summary says so, and the next product still lands', async () => {
    const stuck = workspace('stuck-py', 'p10-stuck');
    const run = releaseRun(VERSION, [product('stuck-py', 'p10-stuck')]);
    let stderr = '';
    const io = { cwd: stuck.ws, stdout: () => undefined, stderr: (t: string) => void (stderr += t) };
    const env = {
      ...WITH_TWINE, ...releaseRunEnv(run), LOCKSTEP_PYPI_REPOSITORY_URL: `${proxy.url}/`, TWINE_USERNAME: pypi.username, TWINE_PASSWORD: pypi.password,
    };
    limitUploads = Infinity;
    // The command as release.yml runs it, with a bound of one second: the first back-off (60 s) is past it.
    const args = ['--product', 'stuck-py', '--dist', stuck.dist];
    expect(await main(['publish-pypi', ...args, '--rate-limit-wait', '1'], { ...io, env })).toBe(1);
    expect(stderr).toMatch(/^::error::p10_stuck-0\.4\.0-py3-none-any\.whl: rate-limited: the registry answered 429 Too Many Requests and showed no Retry-After, and the next back-off is 60 s after 0 s of waiting; raise --rate-limit-wait, or dispatch the release again later \(.*Too Many Requests\)$/m);
    await expect(listed('p10-stuck')).resolves.toEqual([]);
    // record-outcome keeps the upload's own answer per file, and the summary shows it.
    expect(await main(['record-outcome', '--job', 'publish-pypi', '--product', 'stuck-py', '--target', 'pypi', '--result', 'failure', '--dist', stuck.dist], { ...io, env })).toBe(1);
    const rows = readOutcomeFile(new NodeFs(stuck.ws), '.lockstep/outcomes/publish-pypi.json');
    expect(rows.map((o) => [o.subject, o.outcome, o.detail.replace(/:.*/s, '')])).toEqual([
      ['p10_stuck-0.4.0-py3-none-any.whl', 'failed', 'rate-limited'],
      ['p10_stuck-0.4.0.tar.gz', 'failed', 'not attempted'],
    ]);
    expect(rows[1].detail).toBe('not attempted: p10_stuck-0.4.0-py3-none-any.whl was rate-limited');
    expect(summarize(run, rows, {}).markdown.toString()).toContain('rate-limited: the registry answered 429 Too Many Requests');
    // Another product's upload (its own step in release.yml) is not held back once the index lets uploads through.
    limitUploads = 0;
    const free = workspace('free-py', 'p10-free');
    const outcomes = await upload(free.ws, product('free-py', 'p10-free'), free.dist, []);
    expect(outcomes.map((o) => o.outcome)).toEqual(['published', 'published']);
  }, 120_000);
});

// GitHub's OIDC token endpoint and PyPI's trusted-publishing exchange cannot run here: a recorded-answer
// server stands in for both (it is the only stand-in), as they answer on github.com and pypi.org.
describe('PyPI trusted publishing: publish-pypi mints its own short-lived token (the action it replaces did)', () => {
  it('GIVEN a job that may request OIDC tokens WHEN the token is minted THEN the index names the audience, GitHub issues the token for it, and the index exchanges it', async () => {
    const server = await startRecordedServer({
      '/_/oidc/audience': { status: 200, body: JSON.stringify({ audience: 'pypi' }) },
      '/oidc-token': { status: 200, body: JSON.stringify({ value: 'github-oidc-jwt' }) },
      '/_/oidc/mint-token': { status: 200, body: JSON.stringify({ success: true, token: 'pypi-short-lived' }) },
    });
    try {
      const env = { ACTIONS_ID_TOKEN_REQUEST_URL: `${server.url}/oidc-token?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-token' };
      await expect(mintPypiToken(env, `${server.url}/legacy/`)).resolves.toBe('pypi-short-lived');
      expect(server.hits).toEqual(['/_/oidc/audience', '/oidc-token', '/_/oidc/mint-token']);
      server.set('/_/oidc/mint-token', { status: 422, body: JSON.stringify({ message: 'invalid-publisher' }) });
      await expect(mintPypiToken(env, `${server.url}/legacy/`)).rejects.toThrow(/mint-token \(check the trusted publisher on PyPI: repository, workflow file and environment\) answered HTTP 422: .*invalid-publisher/);
    } finally {
      await server.close();
    }
    await expect(mintPypiToken({}, 'https://upload.pypi.org/legacy/')).rejects.toThrow(/^no PyPI token: TWINE_PASSWORD is not set and this job cannot get an OIDC token/);
  });
});
