import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
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

// The upload's answers other than a 429, from real twine and the real index (pypiserver). pypiserver answers
// twine's upload of a file it has with a plain `400 Bad Request`, so the fault proxy in front of it answers as
// PyPI and other indexes do when a test says so.
describe('S6 each file\'s PyPI upload outcome, from twine\'s own answer', () => {
  let pypi: LocalPypi;
  let proxy: FaultProxy;
  let uploadAnswer: RecordedAnswer | undefined;
  beforeAll(async () => {
    pypi = await startPypiServer();
    proxy = await startFaultProxy(pypi.uploadUrl, (req) => (req.method === 'POST' ? uploadAnswer : undefined));
  });
  afterAll(async () => {
    await proxy?.close();
    await pypi?.stop();
  });
  afterEach(() => {
    uploadAnswer = undefined;
  });
  const listed = (project: string) => pypiFiles(endpointsOf({ LOCKSTEP_PYPI_INDEX_URL: pypi.indexUrl }), project, VERSION);
  const uploadAs = (ws: string, p: RunProduct, dist: string, before: string[] | undefined, log = memoryLog(), password = pypi.password) => {
    const deps = { exec: new SpawnExec(WITH_TWINE, ws), fs: new NodeFs(ws), log, sleep: async () => undefined, now: () => Date.now() };
    const rateLimit = { maxWaitMs: 0, defaultWaitMs: 60_000, setting: '--rate-limit-wait' };
    return uploadDistributions(p, dist, before, deps, { repositoryUrl: `${proxy.url}/`, username: pypi.username, token: password, rateLimit });
  };

  it('S6 GIVEN a file pre-publish found on the index WHEN uploading THEN it is already there and twine is not run for it; the other file is uploaded', async () => {
    const { ws, dist } = workspace('before-py', 's6-before');
    const outcomes = await uploadAs(ws, product('before-py', 's6-before'), dist, ['s6_before-0.4.0-py3-none-any.whl']);
    expect(outcomes).toEqual([
      { product: 'before-py', target: 'pypi', version: VERSION, package: 's6-before', subject: 's6_before-0.4.0-py3-none-any.whl', outcome: 'skipped:already-published', detail: 'the index had this file before the upload' },
      { product: 'before-py', target: 'pypi', version: VERSION, package: 's6-before', subject: 's6_before-0.4.0.tar.gz', outcome: 'published', detail: 'uploaded by this run' },
    ]);
    // The index never got the wheel: only what pre-publish did not see was uploaded.
    await expect(listed('s6-before')).resolves.toEqual(['s6_before-0.4.0.tar.gz']);
  }, 120_000);

  it('S6 GIVEN files the index got after pre-publish looked WHEN the index answers that they exist (PyPI\'s 400, another index\'s 409) THEN they are already there, with a notice', async () => {
    const { ws, dist } = workspace('twice-py', 's6-twice');
    uploadAnswer = { status: 400, reason: 'File already exists (\'s6_twice-0.4.0-py3-none-any.whl\', with blake2_256 hash \'0a1b\'). See https://pypi.org/help/#file-name-reuse for more information.', body: '' };
    const log = memoryLog();
    const pypiSays = await uploadAs(ws, product('twice-py', 's6-twice'), dist, undefined, log);
    expect(pypiSays.map((o) => [o.subject, o.outcome, o.detail])).toEqual([
      ['s6_twice-0.4.0-py3-none-any.whl', 'skipped:already-published', 'the index answered that the file already exists'],
      ['s6_twice-0.4.0.tar.gz', 'skipped:already-published', 'the index answered that the file already exists'],
    ]);
    expect(log.lines).toContain('::notice::s6_twice-0.4.0-py3-none-any.whl: the index says it already exists; skipped.');
    uploadAnswer = { status: 409, body: 'Conflict' };
    expect((await uploadAs(ws, product('twice-py', 's6-twice'), dist, undefined)).map((o) => o.outcome)).toEqual(['skipped:already-published', 'skipped:already-published']);
    // Any other refusal is a failure, not "already there".
    const refusal = 'Invalid value for blake2_256_digest. Error: Use a valid, hex-encoded, BLAKE2 message digest.';
    uploadAnswer = { status: 400, reason: refusal, body: '' };
    const refused = await uploadAs(ws, product('twice-py', 's6-twice'), dist, undefined);
    expect(refused.map((o) => o.outcome)).toEqual(['failed', 'failed']);
    // twine prints through rich: the index's reason reaches the summary whole, not wrapped at 80 columns.
    expect(refused[0].detail).toMatch(/^twine upload exited 1: .*HTTPError: 400 Bad Request from \S+ \| Invalid value for blake2_256_digest\. Error: Use a valid, hex-encoded, BLAKE2 message digest\.$/);
  }, 120_000);

  it('S6 GIVEN a token the index refuses WHEN uploading THEN each file failed with twine\'s exit and its last lines, plain and on one line', async () => {
    const { ws, dist } = workspace('denied-py', 's6-denied');
    const outcomes = await uploadAs(ws, product('denied-py', 's6-denied'), dist, [], memoryLog(), 'not-the-password');
    expect(outcomes.map((o) => o.outcome)).toEqual(['failed', 'failed']);
    expect(outcomes[0].detail).toMatch(/^twine upload exited 1: .*403 Forbidden/);
    // twine prints through rich: no colour codes, and the URL not wrapped at 80 columns.
    expect(outcomes[0].detail).not.toMatch(/\u001b/);
    expect(outcomes[0].detail).toContain(`${proxy.url}/`);
    await expect(listed('s6-denied')).resolves.toEqual([]);
  }, 120_000);

  it('S6 GIVEN no wheel or sdist in the dist directory WHEN uploading THEN the package is one failed row naming the directory; a product without a PyPI package has no row', async () => {
    const ws = tempDir();
    fs.mkdirSync(path.join(ws, 'dist/empty-py'), { recursive: true });
    fs.writeFileSync(path.join(ws, 'dist/empty-py/SHA256SUMS'), '');
    expect(await uploadAs(ws, product('empty-py', 's6-empty'), 'dist/empty-py', [])).toEqual([
      { product: 'empty-py', target: 'pypi', version: VERSION, package: 's6-empty', subject: 's6-empty', outcome: 'failed', detail: 'no wheel or sdist in dist/empty-py: the build artifacts were not downloaded' },
    ]);
    const npmOnly = { ...product('web', 's6-web'), packages: [{ target: 'npm' as const, name: 's6-web', version: VERSION, state: 'missing' as const }] };
    expect(await uploadAs(ws, npmOnly, 'dist/empty-py', [])).toEqual([]);
  }, 60_000);
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

  it('GIVEN the upload host of an index WHEN the token is minted THEN the index site (without `upload.`) is asked, GitHub gets the runner\'s token and the audience, and the index gets GitHub\'s token', async () => {
    // GitHub's OIDC endpoint and PyPI's exchange as they behave: each refuses a request without what it needs.
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        seen.push(`${req.method} ${url.pathname}${url.search}`);
        const answer = (status: number, json: object) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
        // The index answers at its own site; the upload host is another one.
        if (req.headers.host !== `localhost:${(server.address() as AddressInfo).port}`) return answer(421, { message: `misdirected to ${req.headers.host}` });
        if (url.pathname === '/_/oidc/audience') return answer(200, { audience: 'pypi test/aud' });
        if (url.pathname === '/oidc-token') {
          if (req.headers.authorization !== 'bearer runner-token') return answer(401, { message: 'bad credentials' });
          return answer(200, { value: `jwt for ${url.searchParams.get('audience')}` });
        }
        if (url.pathname === '/_/oidc/mint-token' && req.method === 'POST' && req.headers['content-type'] === 'application/json') {
          return JSON.parse(body).token === 'jwt for pypi test/aud' ? answer(200, { success: true, token: 'pypi-minted' }) : answer(422, { message: 'invalid-token' });
        }
        return answer(404, {});
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const env = { ACTIONS_ID_TOKEN_REQUEST_URL: `http://localhost:${port}/oidc-token`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-token' };
      await expect(mintPypiToken(env, `http://upload.localhost:${port}/legacy/`)).resolves.toBe('pypi-minted');
      expect(seen).toEqual(['GET /_/oidc/audience', 'GET /oidc-token?audience=pypi%20test%2Faud', 'POST /_/oidc/mint-token']);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await expect(mintPypiToken({ ACTIONS_ID_TOKEN_REQUEST_URL: 'http://localhost:1/oidc-token' }, 'https://upload.pypi.org/legacy/'))
      .rejects.toThrow(/^no PyPI token: TWINE_PASSWORD is not set and this job cannot get an OIDC token for trusted publishing \(it needs `permissions: id-token: write`\)$/);
  });
});
