import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLog, npmProduct, releaseRun } from './helpers';
import { HttpRegistry } from '../../../src/runtime/registry/probe';
import { publishNpm } from '../../../src/runtime/release/npm';
import { npmTokenEnv } from '../../../src/runtime/release/npm-auth';
import { Exec, Registry } from '../../../src/runtime/release/ports';
import { NodeFs, SpawnExec } from '../../../src/runtime/release/real-deps';
import { RunProduct } from '../../../src/runtime/release/run';
import { tempDir, writeRepo } from '../../support/fixtures';
import { LocalNpmRegistry, startFaultProxy, startPypiServer, startVerdaccio } from '../../support/local-registries';

// Rules of the npm publisher that npm.test.ts does not hold: which `latest` counts as a higher release and how
// npm is asked for it, that npm's answer now beats the plan's, which products ask no other registry, and what a
// napi product's partial failure means for its dependents. Every package goes to a real verdaccio; where a registry answer
// cannot be produced on demand, a fault proxy in front of it answers that one request (the test says so).


/** Packs a package into `<workspace>/<artifacts>/npm.<product>/` as the build job would. */
function packInto(workspace: string, product: string, manifest: Record<string, unknown>, env: Record<string, string>, artifacts = 'artifacts'): void {
  const src = writeRepo({ 'package.json': JSON.stringify({ license: 'MIT', ...manifest }), 'index.js': 'module.exports = 1;\n' });
  const out = path.join(workspace, artifacts, `npm.${product}`);
  fs.mkdirSync(out, { recursive: true });
  execFileSync('npm', ['pack', '--pack-destination', out], { cwd: src, env: { ...process.env, ...env }, stdio: 'pipe' });
}

/** These tests meet no rate limit. */
const NO_WAIT = { maxWaitMs: 0, defaultWaitMs: 1_000, setting: '--rate-limit-wait' };

describe('publish-npm rules (verdaccio)', () => {
  let npm: LocalNpmRegistry;
  beforeAll(async () => {
    npm = await startVerdaccio();
  });
  afterAll(() => npm?.stop());

  const deps = (workspace: string, over: { registry?: Registry; exec?: Exec } = {}) => {
    const exec = over.exec ?? new SpawnExec({ ...process.env, ...npm.env }, workspace);
    const registry = over.registry ?? new HttpRegistry({ LOCKSTEP_NPM_REGISTRY: npm.url }, exec);
    return { registry, exec, fs: new NodeFs(workspace), log: memoryLog(), sleep: async () => undefined, now: () => Date.now() };
  };
  const options = () => ({ artifactsDir: 'artifacts', dryRun: false, provenance: false, registryUrl: npm.url, rateLimit: NO_WAIT });
  const distTags = async (name: string) => ((await (await fetch(`${npm.url}${name}`)).json()) as { 'dist-tags': Record<string, string> })['dist-tags'];

  it.each([
    { what: 'names no latest (npm view prints nothing)', name: 'p11-untagged', tags: {} },
    { what: 'names a latest that is no semver version', name: 'p11-nightly', tags: { latest: 'nightly' } },
  ])('P11 GIVEN the registry $what WHEN the package is published THEN it goes under latest: there is no higher release to stay below', async ({ name, tags }) => {
    const ws = tempDir();
    packInto(ws, name, { name, version: '1.0.0' }, npm.env);
    // verdaccio always names a semver latest: the proxy answers the package's document as a registry keeping
    // other tags would; the upload reaches verdaccio.
    const proxy = await startFaultProxy(npm.url, (req) => (req.method === 'GET' && decodeURIComponent(req.path).startsWith(`/${name}`)
      ? { status: 200, body: JSON.stringify({ name, 'dist-tags': tags, 'versions': {} }) } : undefined));
    try {
      const registryUrl = `${proxy.url}/`;
      const jobEnv = { NODE_AUTH_TOKEN: npm.token, RUNNER_TEMP: tempDir() };
      const exec = new SpawnExec({ ...process.env, ...npm.env, ...jobEnv }, ws);
      const outcomes = await publishNpm(releaseRun('1.0.0', [npmProduct(name, name, '1.0.0')]), deps(ws, { exec }),
        { ...options(), registryUrl, npmEnv: npmTokenEnv(registryUrl, jobEnv) });
      expect(outcomes[0]).toMatchObject({ outcome: 'published', detail: 'published under dist-tag latest' });
      expect(proxy.log.filter((r) => r.method === 'GET' && r.path.startsWith(`/${name}`)).length).toBeGreaterThan(0);
    } finally {
      await proxy.close();
    }
    expect(await distTags(name)).toEqual({ latest: '1.0.0' });
  }, 60_000);

  it('GIVEN a package the plan found missing and npm cannot be asked now WHEN published THEN npm is asked once: one warning, and npm answers the publish', async () => {
    const ws = tempDir();
    packInto(ws, 'once', { name: 'asked-once-pkg', version: '1.0.0' }, npm.env);
    // The probe asks a closed port (npm's retries off); npm itself publishes to verdaccio.
    const closed = new HttpRegistry({ LOCKSTEP_NPM_REGISTRY: 'http://127.0.0.1:9/' }, new SpawnExec({ ...process.env, ...npm.env, NPM_CONFIG_FETCH_RETRIES: '0' }, ws));
    const d = deps(ws, { registry: closed });
    const outcomes = await publishNpm(releaseRun('1.0.0', [npmProduct('once', 'asked-once-pkg', '1.0.0')]), d, options());
    expect(outcomes[0]).toMatchObject({ subject: 'asked-once-pkg', outcome: 'published' });
    expect(d.log.lines.filter((l) => l.startsWith('::warning::')).map((l) => l.replace(/^::warning::.*; /, '; '))).toEqual(['; publishing and letting npm answer.']);
  }, 60_000);

  it('P1 GIVEN the plan\'s answers are out of date both ways WHEN published THEN npm\'s answer now decides: one the plan found published that npm lacks is published, one it found missing that npm lists is skipped', async () => {
    const ws = tempDir();
    packInto(ws, 'gone', { name: 'p1-gone-pkg', version: '1.0.0' }, npm.env);
    packInto(ws, 'since', { name: 'p1-since-pkg', version: '1.0.0' }, npm.env);
    // Published after the plan job asked: the build of another run, or a hand publish.
    execFileSync('npm', ['publish', path.join(ws, 'artifacts', 'npm.since', 'p1-since-pkg-1.0.0.tgz'), '--registry', npm.url], { env: { ...process.env, ...npm.env }, stdio: 'pipe' });
    const planned = npmProduct('gone', 'p1-gone-pkg', '1.0.0');
    const gone = { ...planned, packages: [{ ...planned.packages[0], state: 'published' as const }] };
    const d = deps(ws);
    const outcomes = await publishNpm(releaseRun('1.0.0', [gone, npmProduct('since', 'p1-since-pkg', '1.0.0')]), d, options());
    expect(outcomes).toMatchObject([
      { subject: 'p1-gone-pkg', outcome: 'published', detail: 'published under dist-tag latest' },
      { subject: 'p1-since-pkg', outcome: 'skipped:already-published', detail: 'npm lists it' },
    ]);
    expect(d.log.lines).toEqual(['::notice::p1-since-pkg@1.0.0 is already on npm; skipped.']);
    expect(await distTags('p1-gone-pkg')).toEqual({ latest: '1.0.0' });
  }, 60_000);

  it('P11 GIVEN no registry setting WHEN a release below npm\'s latest is published THEN npm\'s own configuration says where both the latest check and the upload go', async () => {
    const src = writeRepo({ 'package.json': JSON.stringify({ name: 'p11-configured', version: '2.1.0', license: 'MIT' }), 'index.js': '' });
    execFileSync('npm', ['publish', '--registry', npm.url], { cwd: src, env: { ...process.env, ...npm.env }, stdio: 'pipe' });
    const ws = tempDir();
    packInto(ws, 'configured', { name: 'p11-configured', version: '2.0.1' }, npm.env);
    // npm.env's user config names verdaccio as the registry, as a consumer's .npmrc would.
    const outcomes = await publishNpm(releaseRun('2.0.1', [npmProduct('configured', 'p11-configured', '2.0.1')]), deps(ws), { ...options(), registryUrl: undefined });
    expect(outcomes[0]).toMatchObject({ outcome: 'published', detail: 'published under dist-tag release-2.0 (latest stays on the higher release)' });
    expect(await distTags('p11-configured')).toEqual({ 'latest': '2.1.0', 'release-2.0': '2.0.1' });
  }, 60_000);

  it('GIVEN another registry that answers nobody without its token, reads included WHEN published with the token in NODE_AUTH_TOKEN THEN the latest check carries the token too, and the package lands', async () => {
    const ws = tempDir();
    packInto(ws, 'private', { name: 'private-read-pkg', version: '1.0.0' }, npm.env);
    // verdaccio lets anyone read: the proxy answers 401 to any request without credentials, as a private registry does.
    const proxy = await startFaultProxy(npm.url, (req) => (req.headers.authorization === undefined
      ? { status: 401, body: JSON.stringify({ error: 'authentication required' }) } : undefined));
    try {
      const registryUrl = `${proxy.url}/`;
      const jobEnv = { NODE_AUTH_TOKEN: npm.token, RUNNER_TEMP: tempDir() };
      const exec = new SpawnExec({ ...process.env, ...npm.env, ...jobEnv }, ws);
      const outcomes = await publishNpm(releaseRun('1.0.0', [npmProduct('private', 'private-read-pkg', '1.0.0')]), deps(ws, { exec }),
        { ...options(), registryUrl, npmEnv: npmTokenEnv(registryUrl, jobEnv) });
      expect(outcomes[0]).toMatchObject({ outcome: 'published', detail: 'published under dist-tag latest' });
      expect(proxy.log.filter((r) => r.status === 401)).toEqual([]);
    } finally {
      await proxy.close();
    }
    expect(await distTags('private-read-pkg')).toEqual({ latest: '1.0.0' });
  }, 60_000);

  it('P2 GIVEN the version is on verdaccio but npm is shown no such package (a stale read) WHEN published THEN verdaccio\'s 409 "this package is already present" is a skip', async () => {
    const ws = tempDir();
    packInto(ws, 'present', { name: 'p2-present-pkg', version: '1.0.0' }, npm.env);
    const product = npmProduct('present', 'p2-present-pkg', '1.0.0');
    await publishNpm(releaseRun('1.0.0', [product]), deps(ws), options());
    // The proxy answers every read of the package 404, so neither the probe nor npm's own check sees 1.0.0;
    // the upload reaches verdaccio, which refuses it.
    const proxy = await startFaultProxy(npm.url, (req) => (req.method === 'GET' && req.path.includes('p2-present-pkg')
      ? { status: 404, body: JSON.stringify({ error: 'not found' }) } : undefined));
    try {
      const registryUrl = `${proxy.url}/`;
      const jobEnv = { NODE_AUTH_TOKEN: npm.token, RUNNER_TEMP: tempDir() };
      const exec = new SpawnExec({ ...process.env, ...npm.env, ...jobEnv }, ws);
      const d = deps(ws, { exec, registry: new HttpRegistry({ LOCKSTEP_NPM_REGISTRY: registryUrl }, exec) });
      const outcomes = await publishNpm(releaseRun('1.0.0', [product]), d, { ...options(), registryUrl, npmEnv: npmTokenEnv(registryUrl, jobEnv) });
      expect(outcomes[0]).toMatchObject({ outcome: 'skipped:already-published' });
      expect(proxy.log.filter((r) => r.method === 'PUT').map((r) => r.status)).toEqual([409]);
    } finally {
      await proxy.close();
    }
    expect(await distTags('p2-present-pkg')).toEqual({ latest: '1.0.0' });
  }, 60_000);

  it('P2 GIVEN npmjs.com refuses the upload of a version it had before (400 "Cannot publish over previously published version", its answer for a version once unpublished) WHEN published THEN it fails saying a new version is needed: the version is not on npm, so the release did not happen', async () => {
    const ws = tempDir();
    packInto(ws, 'burnt', { name: 'p2-burnt-pkg', version: '1.0.0' }, npm.env);
    // The proxy answers the upload as npmjs.com does (npm's own check cannot see an unpublished version).
    const proxy = await startFaultProxy(npm.url, (req) => (req.method === 'PUT'
      ? { status: 400, body: JSON.stringify({ error: 'Cannot publish over previously published version "1.0.0".' }) } : undefined));
    try {
      const registryUrl = `${proxy.url}/`;
      const jobEnv = { NODE_AUTH_TOKEN: npm.token, RUNNER_TEMP: tempDir() };
      const exec = new SpawnExec({ ...process.env, ...npm.env, ...jobEnv }, ws);
      const d = deps(ws, { exec });
      const outcomes = await publishNpm(releaseRun('1.0.0', [npmProduct('burnt', 'p2-burnt-pkg', '1.0.0')]), d,
        { ...options(), registryUrl, npmEnv: npmTokenEnv(registryUrl, jobEnv) });
      expect(outcomes[0]).toMatchObject({ outcome: 'failed' });
      expect(outcomes[0].detail).toMatch(/^npm will never take p2-burnt-pkg@1\.0\.0 again: it was published once and unpublished\. Release a new version \(npm answered: .*Cannot publish over previously published version "1\.0\.0"/);
      expect(d.log.lines).toEqual([]);
      expect(proxy.log.filter((r) => r.method === 'PUT').map((r) => r.status)).toEqual([400]);
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it('P6 GIVEN a napi product npm refuses one platform package of, and a package depending on that product WHEN published THEN the dependent is not attempted', async () => {
    const main = { name: '@quill-db/napi-part', version: '4.6.0', license: 'MIT', main: 'index.js' };
    const ws = writeRepo({ 'node/package.json': JSON.stringify(main), 'node/index.js': '' });
    packInto(ws, 'after-napi', { name: 'after-napi-pkg', version: '4.6.0' }, npm.env);
    const real = new SpawnExec({ ...process.env, ...npm.env }, ws);
    // napi's own tools (the consumer's @napi-rs/cli) faked: they lay out two platform packages, one of them private.
    const platforms: Record<string, Record<string, unknown>> = {
      'linux-x64-gnu': { name: '@quill-db/napi-part-linux-x64-gnu', version: '4.6.0' },
      'darwin-arm64': { name: '@quill-db/napi-part-darwin-arm64', version: '4.6.0', private: true },
    };
    const exec: Exec = {
      run: async (command, args, o) => {
        if (command !== 'npx') return real.run(command, args, o);
        for (const [platform, manifest] of Object.entries(platforms)) {
          fs.mkdirSync(path.join(ws, 'node', 'npm', platform), { recursive: true });
          fs.writeFileSync(path.join(ws, 'node', 'npm', platform, 'package.json'), JSON.stringify({ license: 'MIT', os: [], ...manifest }));
        }
        return { code: 0, stdout: '', stderr: '' };
      },
    };
    const napi = { ...npmProduct('napi-part', '@quill-db/napi-part', '4.6.0'), kind: 'napi', path: 'node' };
    const after = npmProduct('after-napi', 'after-napi-pkg', '4.6.0', ['napi-part']);
    const outcomes = await publishNpm(releaseRun('4.6.0', [napi, after]), deps(ws, { exec }), options());
    expect(outcomes.map((o) => [o.subject, o.outcome])).toEqual([
      ['@quill-db/napi-part-darwin-arm64', 'failed'], ['@quill-db/napi-part-linux-x64-gnu', 'published'], ['@quill-db/napi-part', 'failed'], ['after-napi-pkg', 'failed'],
    ]);
    expect(outcomes.at(-1)!.detail).toBe('not attempted: its dependency napi-part failed');
    expect((await fetch(`${npm.url}after-napi-pkg`)).status).toBe(404);
  }, 60_000);

  it('issue 17 GIVEN products naming a Python package in dependsOn, one also after two failed npm products, one after two held-back ones WHEN published THEN each names all it waits for, and PyPI is asked only for the ones that can go', async () => {
    const pypi = await startPypiServer();
    // A proxy in front of pypiserver that forwards everything: it counts what PyPI is asked.
    const counter = await startFaultProxy(pypi.uploadUrl, () => undefined);
    try {
      const version = '5.0.0';
      const ws = tempDir();
      for (const product of ['blocked', 'held', 'held2', 'waiting']) packInto(ws, product, { name: `i17-${product}`, version }, npm.env);
      const sdk: RunProduct = {
        name: 'sdk-py',
        kind: 'maturin',
        path: 'py',
        tag: `sdk-py-v${version}`,
        githubRelease: false,
        dependsOn: [],
        settings: {},
        packages: [{ target: 'pypi', name: 'i17-sdk-py', version, state: 'missing' }],
      };
      // `ghost` and `ghost2` have no tarball, so they fail; `blocked` follows them, `waiting` follows the held-back `held` and `held2`.
      const products = [
        sdk,
        npmProduct('ghost', 'i17-ghost', version),
        npmProduct('ghost2', 'i17-ghost2', version),
        npmProduct('blocked', 'i17-blocked', version, ['ghost', 'ghost2', 'sdk-py'], ['sdk-py']),
        npmProduct('held', 'i17-held', version, ['sdk-py'], ['sdk-py']),
        npmProduct('held2', 'i17-held2', version, ['sdk-py'], ['sdk-py']),
        npmProduct('waiting', 'i17-waiting', version, ['held', 'held2', 'sdk-py'], ['sdk-py']),
      ];
      const exec = new SpawnExec({ ...process.env, ...npm.env }, ws);
      const registry = new HttpRegistry({ LOCKSTEP_NPM_REGISTRY: npm.url, LOCKSTEP_PYPI_INDEX_URL: `${counter.url}/simple/` }, exec);
      const outcomes = await publishNpm(releaseRun(version, products), deps(ws, { exec, registry }), options());
      expect(outcomes.map((o) => [o.subject, o.outcome])).toEqual([
        ['i17-ghost', 'failed'], ['i17-ghost2', 'failed'], ['i17-blocked', 'failed'], ['i17-held', 'held-back'], ['i17-held2', 'held-back'], ['i17-waiting', 'held-back'],
      ]);
      expect(outcomes[2].detail).toBe('not attempted: its dependency ghost, ghost2 failed');
      expect(outcomes[5].detail).toBe('held back: its dependency held, held2 is held back');
      // PyPI was asked as many times as two probes ask it: for `held` and `held2` alone.
      const asked = counter.log.length;
      expect(await registry.probe(sdk.packages[0])).toBe('missing');
      const oneProbe = counter.log.length - asked;
      expect(oneProbe).toBeGreaterThan(0);
      expect(asked).toBe(2 * oneProbe);
    } finally {
      await counter.close();
      await pypi.stop();
    }
  }, 120_000);
});
