import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { memoryLog, npmProduct, releaseRun } from './helpers';
import { HttpRegistry } from '../../../src/runtime/registry/probe';
import { publishNpm } from '../../../src/runtime/release/npm';
import { npmTokenEnv } from '../../../src/runtime/release/npm-auth';
import { PackageRef, ProbeState, Registry } from '../../../src/runtime/release/ports';
import { NodeFs, SpawnExec } from '../../../src/runtime/release/real-deps';
import { ReleaseRun, RunProduct } from '../../../src/runtime/release/run';
import { tempDir, writeRepo } from '../../support/fixtures';
import { LocalNpmRegistry, ProxiedRequest, RecordedAnswer, startFaultProxy, startVerdaccio } from '../../support/local-registries';


function run(version: string, products: RunProduct[]): ReleaseRun {
  return releaseRun(version, products);
}

/** Packs a package into `<workspace>/<artifacts>/npm.<product>/` as the build job would. */
function packInto(workspace: string, product: string, manifest: Record<string, unknown>, env: Record<string, string>): void {
  const src = writeRepo({ 'package.json': JSON.stringify({ license: 'MIT', ...manifest }), 'index.js': 'module.exports = 1;\n' });
  const out = path.join(workspace, 'artifacts', `npm.${product}`);
  fs.mkdirSync(out, { recursive: true });
  execFileSync('npm', ['pack', '--pack-destination', out], { cwd: src, env: { ...process.env, ...env }, stdio: 'pipe' });
}

/** These tests meet no rate limit: a 429 would fail at once (npm-limits.test.ts covers P10). */
const NO_WAIT = { maxWaitMs: 0, defaultWaitMs: 1_000, setting: '--rate-limit-wait' };

/** A registry whose probe is stale: it says "missing" for everything. */
class StaleRegistry implements Registry {
  public async probe(_ref: PackageRef): Promise<ProbeState> {
    return 'missing';
  }
}

describe('publish-npm against a real local registry (verdaccio)', () => {
  let npm: LocalNpmRegistry;
  beforeAll(async () => {
    npm = await startVerdaccio();
  });
  afterAll(() => npm?.stop());

  const deps = (workspace: string, registry?: Registry) => {
    const env = { ...process.env, ...npm.env };
    const exec = new SpawnExec(env, workspace);
    const registryOf = registry ?? new HttpRegistry({ LOCKSTEP_NPM_REGISTRY: npm.url }, exec);
    return { registry: registryOf, exec, fs: new NodeFs(workspace), log: memoryLog(), sleep: async () => undefined, now: () => Date.now() };
  };
  const options = () => ({ artifactsDir: 'artifacts', dryRun: false, provenance: false, registryUrl: npm.url, rateLimit: NO_WAIT });

  it('P1 GIVEN two packages WHEN published, then published again THEN both land, and the re-run skips both with a notice', async () => {
    const ws = tempDir();
    packInto(ws, 'core-js', { name: '@quill-db/core-js', version: '3.0.0' }, npm.env);
    packInto(ws, 'notes', { name: 'quill-notes-t', version: '3.0.0', dependencies: { '@quill-db/core-js': '^3.0.0' } }, npm.env);
    const r = run('3.0.0', [npmProduct('core-js', '@quill-db/core-js', '3.0.0'), npmProduct('notes', 'quill-notes-t', '3.0.0', ['core-js'])]);
    const first = await publishNpm(r, deps(ws), options());
    expect(first.map((o) => [o.subject, o.outcome])).toEqual([['@quill-db/core-js', 'published'], ['quill-notes-t', 'published']]);
    const d = deps(ws);
    const again = await publishNpm(r, d, options());
    expect(again.map((o) => o.outcome)).toEqual(['skipped:already-published', 'skipped:already-published']);
    expect(d.log.lines).toContain('::notice::@quill-db/core-js@3.0.0 is already on npm; skipped.');
  }, 60_000);

  it('P2 GIVEN a stale probe WHEN npm itself answers "cannot publish over" THEN that registry answer is a skip', async () => {
    const ws = tempDir();
    packInto(ws, 'twice', { name: 'twice-published', version: '1.0.0' }, npm.env);
    const r = run('1.0.0', [npmProduct('twice', 'twice-published', '1.0.0')]);
    await publishNpm(r, deps(ws), options());
    const d = deps(ws, new StaleRegistry());
    const again = await publishNpm(r, d, options());
    expect(again[0]).toMatchObject({ outcome: 'skipped:already-published', detail: 'npm answered "cannot publish over the previously published versions"' });
    // latest is this very version: not a higher release to stay below, so no backfill tag is tried.
    expect(d.log.lines).toEqual(['::notice::twice-published@1.0.0: npm says it already exists; skipped.']);
  }, 60_000);

  it('P2 GIVEN npm refuses for another reason (no auth) WHEN published THEN it fails, and its dependent is not attempted', async () => {
    const ws = tempDir();
    packInto(ws, 'noauth', { name: 'no-auth-pkg', version: '1.0.0' }, npm.env);
    packInto(ws, 'after', { name: 'after-pkg', version: '1.0.0' }, npm.env);
    const r = run('1.0.0', [npmProduct('noauth', 'no-auth-pkg', '1.0.0'), npmProduct('after', 'after-pkg', '1.0.0', ['noauth'])]);
    const d = deps(ws);
    const userconfig = path.join(tempDir(), 'npmrc');
    fs.writeFileSync(userconfig, `registry=${npm.url}\n`);
    const anonymous = { ...d, exec: new SpawnExec({ ...process.env, ...npm.env, NPM_CONFIG_USERCONFIG: userconfig }, ws) };
    const outcomes = await publishNpm(r, anonymous, options());
    expect(outcomes[0].outcome).toBe('failed');
    expect(outcomes[0].detail).toMatch(/npm publish exited 1: .*need auth/i);
    expect(outcomes[1]).toMatchObject({ outcome: 'failed', detail: 'not attempted: its dependency noauth failed' });
  }, 60_000);

  it('GIVEN a prerelease WHEN published THEN it goes under its dist-tag and latest does not move', async () => {
    const ws = tempDir();
    packInto(ws, 'pre', { name: 'pre-pkg', version: '1.0.0' }, npm.env);
    await publishNpm(run('1.0.0', [npmProduct('pre', 'pre-pkg', '1.0.0')]), deps(ws), options());
    const ws2 = tempDir();
    packInto(ws2, 'pre', { name: 'pre-pkg', version: '2.0.0-rc.1' }, npm.env);
    const outcomes = await publishNpm(run('2.0.0-rc.1', [npmProduct('pre', 'pre-pkg', '2.0.0-rc.1')]), deps(ws2), options());
    expect(outcomes[0]).toMatchObject({ outcome: 'published', detail: 'published under dist-tag rc' });
    const tags = JSON.parse(execFileSync('npm', ['view', 'pre-pkg', 'dist-tags', '--json', '--registry', npm.url], { env: { ...process.env, ...npm.env } }).toString());
    expect(tags).toEqual({ latest: '1.0.0', rc: '2.0.0-rc.1' });
  }, 60_000);

  it('P11 GIVEN 2.1.0 is out WHEN the 2.0.1 release is re-run to finish a missed package THEN it is published and latest stays on 2.1.0', async () => {
    const ws = tempDir();
    packInto(ws, 'newer', { name: 'p11-pkg', version: '2.1.0' }, npm.env);
    await publishNpm(run('2.1.0', [npmProduct('newer', 'p11-pkg', '2.1.0')]), deps(ws), options());
    const ws2 = tempDir();
    packInto(ws2, 'older', { name: 'p11-pkg', version: '2.0.1' }, npm.env);
    const d = deps(ws2);
    const outcomes = await publishNpm(run('2.0.1', [npmProduct('older', 'p11-pkg', '2.0.1')]), d, options());
    expect(outcomes[0]).toMatchObject({ outcome: 'published', detail: 'published under dist-tag release-2.0 (latest stays on the higher release)' });
    const tags = JSON.parse(execFileSync('npm', ['view', 'p11-pkg', 'dist-tags', '--json', '--registry', npm.url], { env: { ...process.env, ...npm.env } }).toString());
    expect(tags).toEqual({ 'latest': '2.1.0', 'release-2.0': '2.0.1' });
    expect(d.log.lines).toContain('::notice::p11-pkg@2.0.1 is below npm\'s latest 2.1.0: published under release-2.0, latest stays on 2.1.0.');
  }, 60_000);

  it('P11 GIVEN a package never published and one whose latest is lower WHEN published THEN both go under latest', async () => {
    const ws = tempDir();
    packInto(ws, 'fresh', { name: 'p11-fresh', version: '1.0.0' }, npm.env);
    packInto(ws, 'lower', { name: 'p11-lower', version: '1.0.0' }, npm.env);
    const first = await publishNpm(run('1.0.0', [npmProduct('fresh', 'p11-fresh', '1.0.0'), npmProduct('lower', 'p11-lower', '1.0.0')]), deps(ws), options());
    expect(first.map((o) => o.detail)).toEqual(['published under dist-tag latest', 'published under dist-tag latest']);
    const ws2 = tempDir();
    packInto(ws2, 'lower', { name: 'p11-lower', version: '1.1.0' }, npm.env);
    const next = await publishNpm(run('1.1.0', [npmProduct('lower', 'p11-lower', '1.1.0')]), deps(ws2), options());
    expect(next[0].detail).toBe('published under dist-tag latest');
    const tags = JSON.parse(execFileSync('npm', ['view', 'p11-lower', 'dist-tags', '--json', '--registry', npm.url], { env: { ...process.env, ...npm.env } }).toString());
    expect(tags).toEqual({ latest: '1.1.0' });
  }, 60_000);

  it('GIVEN release.registries names another npm registry WHEN published with its token in NODE_AUTH_TOKEN and an npm config without credentials THEN the package lands, and the token is on no disk', async () => {
    const ws = tempDir();
    packInto(ws, 'elsewhere', { name: 'elsewhere-pkg', version: '1.0.0' }, npm.env);
    const anonymous = path.join(tempDir(), 'npmrc');
    fs.writeFileSync(anonymous, '');
    const jobEnv = { NODE_AUTH_TOKEN: npm.token, RUNNER_TEMP: tempDir() };
    const npmEnv = npmTokenEnv(npm.url, jobEnv)!;
    const exec = new SpawnExec({ ...process.env, NPM_CONFIG_USERCONFIG: anonymous, NPM_CONFIG_CACHE: npm.env.NPM_CONFIG_CACHE, ...jobEnv }, ws);
    const d = { ...deps(ws), exec };
    const outcomes = await publishNpm(run('1.0.0', [npmProduct('elsewhere', 'elsewhere-pkg', '1.0.0')]), d, { ...options(), npmEnv });
    expect(outcomes[0]).toMatchObject({ outcome: 'published' });
    expect((await fetch(`${npm.url}elsewhere-pkg`)).status).toBe(200);
    const written = fs.readFileSync(npmEnv.NPM_CONFIG_USERCONFIG, 'utf8');
    expect(written).toContain(':_authToken=${NODE_AUTH_TOKEN}');
    expect(written).not.toContain(npm.token);
    // Without the token the same publish is refused: the token is what authenticated it.
    packInto(ws, 'elsewhere2', { name: 'elsewhere-pkg-2', version: '1.0.0' }, npm.env);
    const bare = { ...d, exec: new SpawnExec({ ...process.env, NPM_CONFIG_USERCONFIG: anonymous, NPM_CONFIG_CACHE: npm.env.NPM_CONFIG_CACHE }, ws) };
    expect(npmTokenEnv(npm.url, {})).toBeUndefined();
    const refused = await publishNpm(run('1.0.0', [npmProduct('elsewhere2', 'elsewhere-pkg-2', '1.0.0')]), bare, options());
    expect(refused[0].outcome).toBe('failed');
  }, 60_000);

  it('P7 GIVEN a dry run WHEN published THEN nothing reaches the registry', async () => {
    const ws = tempDir();
    packInto(ws, 'dry', { name: 'dry-pkg', version: '1.0.0' }, npm.env);
    const outcomes = await publishNpm(run('1.0.0', [npmProduct('dry', 'dry-pkg', '1.0.0')]), deps(ws), { ...options(), dryRun: true });
    expect(outcomes[0].outcome).toBe('dry-run');
    expect(outcomes[0].detail).toMatch(/would run npm publish \.\/artifacts\/npm\.dry\/dry-pkg-1\.0\.0\.tgz --ignore-scripts --access public --tag latest/);
    expect((await fetch(`${npm.url}dry-pkg`)).status).toBe(404);
  }, 60_000);

  it.each([
    { cli: 'v3 (the default)', settings: {} as Record<string, string>, calls: ['create-npm-dirs', 'artifacts --output-dir <ws>/artifacts'], pkg: '@quill-db/napi-t' },
    // v2 joins `-d` to its working directory, so an absolute path would find no binary: it gets the relative one.
    { cli: 'v2 (plan setting napiCli: 2)', settings: { napiCli: '2' } as Record<string, string>, calls: ['create-npm-dir -t .', 'artifacts -d ../artifacts'], pkg: '@quill-db/napi-two' },
  ])('GIVEN a napi-rs product on napi-rs CLI $cli WHEN published THEN that CLI\'s commands lay out the packages, each platform package goes first, then the main package with them as optional dependencies', async ({ settings, calls, pkg }) => {
    // The main package already has an optional dependency of its own: it is kept beside the platform packages.
    const manifest = { name: pkg, version: '4.0.0', license: 'MIT', main: 'index.js', optionalDependencies: { 'quill-extra': '^1.0.0' } };
    const ws = writeRepo({ 'node/package.json': JSON.stringify(manifest), 'node/index.js': '' });
    const real = new SpawnExec({ ...process.env, ...npm.env }, ws);
    // napi's own tools (the consumer's @napi-rs/cli) faked: they lay out the platform packages.
    const napiCalls: string[] = [];
    const exec = {
      run: async (command: string, args: readonly string[], o?: { cwd?: string }) => {
        if (command !== 'npx') return real.run(command, args, o);
        // The consumer's own napi (never one npx would download), run in the product's directory.
        expect([args[0], args[1], o?.cwd]).toEqual(['--no-install', 'napi', 'node']);
        napiCalls.push(args.slice(2).join(' ').replace(ws, '<ws>'));
        for (const platform of ['linux-x64-gnu', 'darwin-arm64']) {
          fs.mkdirSync(path.join(ws, 'node', 'npm', platform), { recursive: true });
          fs.writeFileSync(path.join(ws, 'node', 'npm', platform, 'package.json'), JSON.stringify({ name: `${pkg}-${platform}`, version: '4.0.0', license: 'MIT', os: [] }));
        }
        return { code: 0, stdout: '', stderr: '' };
      },
    };
    const product = { ...npmProduct('napi-t', pkg, '4.0.0'), kind: 'napi', path: 'node', settings };
    const d = { ...deps(ws), exec };
    const outcomes = await publishNpm(run('4.0.0', [product]), d, options());
    expect(napiCalls).toEqual(calls);
    expect(outcomes.map((o) => [o.subject, o.outcome])).toEqual([
      [`${pkg}-darwin-arm64`, 'published'], [`${pkg}-linux-x64-gnu`, 'published'], [pkg, 'published'],
    ]);
    const main = JSON.parse(execFileSync('npm', ['view', `${pkg}@4.0.0`, 'optionalDependencies', '--json', '--registry', npm.url], { env: { ...process.env, ...npm.env } }).toString());
    const optionalDependencies = { 'quill-extra': '^1.0.0', [`${pkg}-darwin-arm64`]: '4.0.0', [`${pkg}-linux-x64-gnu`]: '4.0.0' };
    expect(main).toEqual(optionalDependencies);
    // The main package.json is rewritten as npm writes one: two-space indent, a final newline.
    expect(fs.readFileSync(path.join(ws, 'node', 'package.json'), 'utf8')).toBe(`${JSON.stringify({ ...manifest, optionalDependencies }, undefined, 2)}\n`);
  }, 60_000);

  it('GIVEN a napi-rs package with a prepublishOnly script WHEN published THEN the script never runs in the job holding the OIDC token', async () => {
    const marker = path.join(tempDir(), 'prepublish-ran');
    const scripts = { prepublishOnly: `node -e "require('fs').writeFileSync(process.argv[1], 'x')" ${JSON.stringify(marker)}`, prepack: `node -e "require('fs').writeFileSync(process.argv[1], 'x')" ${JSON.stringify(marker)}` };
    const ws = writeRepo({ 'node/package.json': JSON.stringify({ name: '@quill-db/napi-s', version: '4.1.0', license: 'MIT', main: 'index.js', scripts }), 'node/index.js': '' });
    const real = new SpawnExec({ ...process.env, ...npm.env }, ws);
    // napi's own tools faked, laying out one platform package (with the same script) as create-npm-dirs does.
    const exec = {
      run: async (command: string, args: readonly string[], o?: { cwd?: string }) => {
        if (command !== 'npx') return real.run(command, args, o);
        fs.mkdirSync(path.join(ws, 'node', 'npm', 'linux-x64-gnu'), { recursive: true });
        fs.writeFileSync(path.join(ws, 'node', 'npm', 'linux-x64-gnu', 'package.json'), JSON.stringify({ name: '@quill-db/napi-s-linux-x64-gnu', version: '4.1.0', license: 'MIT', os: [], scripts }));
        return { code: 0, stdout: '', stderr: '' };
      },
    };
    const product = { ...npmProduct('napi-s', '@quill-db/napi-s', '4.1.0'), kind: 'napi', path: 'node' };
    const outcomes = await publishNpm(run('4.1.0', [product]), { ...deps(ws), exec }, options());
    expect(outcomes.map((o) => [o.subject, o.outcome])).toEqual([['@quill-db/napi-s-linux-x64-gnu', 'published'], ['@quill-db/napi-s', 'published']]);
    expect(fs.existsSync(marker)).toBe(false);
  }, 60_000);

  it('P6 GIVEN a napi platform package.json that is not valid JSON WHEN published THEN that product fails naming the file and the others still get outcomes', async () => {
    const ws = writeRepo({ 'node/package.json': JSON.stringify({ name: '@quill-db/napi-bad', version: '4.2.0', license: 'MIT' }), 'node/index.js': '' });
    const real = new SpawnExec({ ...process.env, ...npm.env }, ws);
    const exec = {
      run: async (command: string, args: readonly string[], o?: { cwd?: string }) => {
        if (command !== 'npx') return real.run(command, args, o);
        fs.mkdirSync(path.join(ws, 'node', 'npm', 'linux-x64-gnu'), { recursive: true });
        fs.writeFileSync(path.join(ws, 'node', 'npm', 'linux-x64-gnu', 'package.json'), '{ "name": "x",\n  "version": }\n');
        return { code: 0, stdout: '', stderr: '' };
      },
    };
    const napi = { ...npmProduct('napi-bad', '@quill-db/napi-bad', '4.2.0'), kind: 'napi', path: 'node' };
    const other = npmProduct('ghost2', 'ghost2-pkg', '4.2.0');
    const outcomes = await publishNpm(run('4.2.0', [napi, other]), { ...deps(ws), exec }, options());
    expect(outcomes.map((o) => [o.subject, o.outcome])).toEqual([['@quill-db/napi-bad', 'failed'], ['ghost2-pkg', 'failed']]);
    expect(outcomes[0].detail).toMatch(/^publishing the napi-rs packages of napi-bad: node\/npm\/linux-x64-gnu\/package\.json(:\d+)?: invalid JSON/);
  }, 60_000);

  it('GIVEN no tarball was downloaded WHEN published THEN it fails naming the directory', async () => {
    const outcomes = await publishNpm(run('1.0.0', [npmProduct('ghost', 'ghost-pkg', '1.0.0')]), deps(tempDir()), options());
    expect(outcomes[0]).toMatchObject({ outcome: 'failed', detail: 'expected one .tgz in artifacts/npm.ghost, found 0: did the build job run?' });
  });

  // P10: verdaccio never rate-limits, so a fault proxy on 127.0.0.1 in front of it answers 429 (with a
  // Retry-After header, as npmjs.com does) to the first uploads of one package and forwards everything
  // else to the real registry: the proxy is the only stand-in. npm itself retries a 429 twice before it
  // gives up with E429; its back-off is shortened here so the test does not wait a minute.
  describe('P10 rate limits on npm: a 429 is waited out within a bound, then fails that package only', () => {
    const tooMany: RecordedAnswer = { status: 429, headers: { 'retry-after': '30' }, body: JSON.stringify({ error: 'Too Many Requests' }) };
    const npmRetriesFast = { NPM_CONFIG_FETCH_RETRY_MINTIMEOUT: '10', NPM_CONFIG_FETCH_RETRY_MAXTIMEOUT: '20' };
    let stopProxy: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await stopProxy?.();
      stopProxy = undefined;
    });

    /** Publishing through a fault proxy: `limited` uploads of `name` answer 429, the rest reach verdaccio. */
    async function throughProxy(ws: string, name: string, limited: number) {
      let uploads = 0;
      const upload = (req: ProxiedRequest) => req.method === 'PUT' && decodeURIComponent(req.path) === `/${name}`;
      const proxy = await startFaultProxy(npm.url, (req) => (upload(req) && ++uploads <= limited ? tooMany : undefined));
      stopProxy = () => proxy.close();
      const jobEnv = { NODE_AUTH_TOKEN: npm.token, RUNNER_TEMP: tempDir() };
      const registryUrl = `${proxy.url}/`;
      const exec = new SpawnExec({ ...process.env, ...npm.env, ...npmRetriesFast, ...jobEnv }, ws);
      const waits: number[] = [];
      const registry = new HttpRegistry({ LOCKSTEP_NPM_REGISTRY: registryUrl }, exec);
      const d = { ...deps(ws), exec, registry, sleep: async (ms: number) => void waits.push(ms) };
      const o = { ...options(), registryUrl, npmEnv: npmTokenEnv(registryUrl, jobEnv), rateLimit: { maxWaitMs: 180_000, defaultWaitMs: 60_000, setting: '--rate-limit-wait' } };
      return { d, o, waits, uploads: () => uploads, proxy };
    }

    it('P10 GIVEN npm answers 429 to four uploads WHEN a package is published THEN npm\'s own retries run out, the command backs off within the bound, and the next try lands', async () => {
      const ws = tempDir();
      packInto(ws, 'limited', { name: 'p10-limited', version: '1.0.0' }, npm.env);
      const { d, o, waits, uploads } = await throughProxy(ws, 'p10-limited', 4);
      const outcomes = await publishNpm(run('1.0.0', [npmProduct('limited', 'p10-limited', '1.0.0')]), d, o);
      expect(outcomes.map((x) => [x.subject, x.outcome])).toEqual([['p10-limited', 'published']]);
      // npm tried three times (its two retries), failed E429; the command waited 60 s and npm's next try got through on its second PUT.
      expect(uploads()).toBe(5);
      expect(waits).toEqual([60_000]);
      expect(d.log.lines).toContain('::warning::p10-limited@1.0.0: the registry answered 429 Too Many Requests; trying again in 60 s (it named no wait: backing off).');
      expect(await (await fetch(`${npm.url}p10-limited`)).json()).toMatchObject({ 'dist-tags': { latest: '1.0.0' } });
    }, 120_000);

    it('P10 GIVEN npm keeps answering 429 for one package WHEN the bounded wait is spent THEN that package fails as rate-limited, its dependent is not attempted, and an independent package publishes', async () => {
      const ws = tempDir();
      packInto(ws, 'stuck', { name: 'p10-stuck', version: '1.0.0' }, npm.env);
      packInto(ws, 'needs-stuck', { name: 'p10-needs-stuck', version: '1.0.0' }, npm.env);
      packInto(ws, 'free', { name: 'p10-free', version: '1.0.0' }, npm.env);
      const { d, o, waits } = await throughProxy(ws, 'p10-stuck', Infinity);
      const r = run('1.0.0', [npmProduct('stuck', 'p10-stuck', '1.0.0'), npmProduct('needs-stuck', 'p10-needs-stuck', '1.0.0', ['stuck']), npmProduct('free', 'p10-free', '1.0.0')]);
      const outcomes = await publishNpm(r, d, o);
      const by = Object.fromEntries(outcomes.map((x) => [x.subject, x]));
      expect(by['p10-stuck'].outcome).toBe('failed');
      expect(by['p10-stuck'].detail).toMatch(/^rate-limited: the registry answered 429 Too Many Requests and showed no Retry-After, and the next back-off is 240 s after 180 s of waiting; raise --rate-limit-wait, or dispatch the release again later \(.*E?429/);
      expect(waits).toEqual([60_000, 120_000]);
      expect(by['p10-needs-stuck']).toMatchObject({ outcome: 'failed', detail: 'not attempted: its dependency stuck failed' });
      expect(by['p10-free'].outcome).toBe('published');
      expect([(await fetch(`${npm.url}p10-stuck`)).status, (await fetch(`${npm.url}p10-free`)).status]).toEqual([404, 200]);
    }, 120_000);
  });

  /** napi's own tools (the consumer's @napi-rs/cli) faked: they lay out one platform package per entry. */
  const napiLayout = (ws: string, platforms: Record<string, Record<string, unknown>>) => {
    const real = new SpawnExec({ ...process.env, ...npm.env }, ws);
    return {
      run: async (command: string, args: readonly string[], o?: { cwd?: string }) => {
        if (command !== 'npx') return real.run(command, args, o);
        for (const [platform, manifest] of Object.entries(platforms)) {
          fs.mkdirSync(path.join(ws, 'node', 'npm', platform), { recursive: true });
          fs.writeFileSync(path.join(ws, 'node', 'npm', platform, 'package.json'), JSON.stringify({ license: 'MIT', os: [], ...manifest }));
        }
        return { code: 0, stdout: '', stderr: '' };
      },
    };
  };

  it('P6 GIVEN a napi platform package npm refuses WHEN published THEN the main package is not published: it would install without that binary', async () => {
    const ws = writeRepo({ 'node/package.json': JSON.stringify({ name: '@quill-db/napi-half', version: '4.3.0', license: 'MIT', main: 'index.js' }), 'node/index.js': '' });
    // npm itself refuses the darwin package: it is marked private.
    const exec = napiLayout(ws, {
      'linux-x64-gnu': { name: '@quill-db/napi-half-linux-x64-gnu', version: '4.3.0' },
      'darwin-arm64': { name: '@quill-db/napi-half-darwin-arm64', version: '4.3.0', private: true },
    });
    const product = { ...npmProduct('napi-half', '@quill-db/napi-half', '4.3.0'), kind: 'napi', path: 'node' };
    const outcomes = await publishNpm(run('4.3.0', [product]), { ...deps(ws), exec }, options());
    expect(Object.fromEntries(outcomes.map((o) => [o.subject, o.outcome]))).toEqual({
      '@quill-db/napi-half-darwin-arm64': 'failed', '@quill-db/napi-half-linux-x64-gnu': 'published', '@quill-db/napi-half': 'failed',
    });
    expect(outcomes.at(-1)).toMatchObject({ subject: '@quill-db/napi-half', detail: 'not attempted: a platform package failed' });
    expect((await fetch(`${npm.url}@quill-db%2fnapi-half`)).status).toBe(404);
    expect((await fetch(`${npm.url}@quill-db%2fnapi-half-linux-x64-gnu`)).status).toBe(200);
  }, 60_000);

  it('P7 GIVEN a napi-rs product in a dry run WHEN published THEN its package.json is left as it was and nothing reaches the registry', async () => {
    const manifest = JSON.stringify({ name: '@quill-db/napi-dry', version: '4.4.0', license: 'MIT', main: 'index.js' });
    const ws = writeRepo({ 'node/package.json': manifest, 'node/index.js': '' });
    const exec = napiLayout(ws, { 'linux-x64-gnu': { name: '@quill-db/napi-dry-linux-x64-gnu', version: '4.4.0' } });
    const product = { ...npmProduct('napi-dry', '@quill-db/napi-dry', '4.4.0'), kind: 'napi', path: 'node' };
    const outcomes = await publishNpm(run('4.4.0', [product]), { ...deps(ws), exec }, { ...options(), dryRun: true });
    expect(outcomes.map((o) => [o.subject, o.outcome])).toEqual([['@quill-db/napi-dry-linux-x64-gnu', 'dry-run'], ['@quill-db/napi-dry', 'dry-run']]);
    expect(outcomes[1].detail).toMatch(/^would run npm publish \.\/node --ignore-scripts --access public --tag latest/);
    expect(fs.readFileSync(path.join(ws, 'node', 'package.json'), 'utf8')).toBe(manifest);
    expect((await fetch(`${npm.url}@quill-db%2fnapi-dry`)).status).toBe(404);
    expect((await fetch(`${npm.url}@quill-db%2fnapi-dry-linux-x64-gnu`)).status).toBe(404);
  }, 60_000);

  it('GIVEN a product with packages in two registries and a crate-only product WHEN npm publishes THEN only the npm package is published; crates are left to cargo', async () => {
    // The plan gives each kind one registry today; the run file allows several, so each publisher picks its own.
    const ws = tempDir();
    packInto(ws, 'dual', { name: 'dual-npm-pkg', version: '1.0.0' }, npm.env);
    const dual: RunProduct = {
      ...npmProduct('dual', 'dual-npm-pkg', '1.0.0'),
      packages: [
        { target: 'crates-io', name: 'dual-crate', version: '1.0.0', state: 'missing' },
        { target: 'npm', name: 'dual-npm-pkg', version: '1.0.0', distTag: 'latest', state: 'missing' },
      ],
    };
    const crateOnly: RunProduct = { ...npmProduct('engine', 'unused', '1.0.0'), kind: 'rust-crate', packages: [{ target: 'crates-io', name: 'engine-crate', version: '1.0.0', state: 'missing' }] };
    const outcomes = await publishNpm(run('1.0.0', [crateOnly, dual]), deps(ws), options());
    expect(outcomes.map((o) => [o.product, o.subject, o.target, o.outcome])).toEqual([['dual', 'dual-npm-pkg', 'npm', 'published']]);
    expect((await fetch(`${npm.url}dual-crate`)).status).toBe(404);
  }, 60_000);

  it('P7 GIVEN a dry run with provenance, from an absolute artifacts directory that holds more than the tarball WHEN published THEN the detail is the exact npm command for the tarball', async () => {
    const ws = tempDir();
    packInto(ws, 'exact', { name: 'exact-pkg', version: '1.0.0' }, npm.env);
    fs.writeFileSync(path.join(ws, 'artifacts', 'npm.exact', 'exact-pkg-1.0.0.tgz.sha256'), 'x\n');
    const artifactsDir = path.join(ws, 'artifacts');
    const r = run('1.0.0', [npmProduct('exact', 'exact-pkg', '1.0.0')]);
    const withRegistry = await publishNpm(r, deps(ws), { ...options(), artifactsDir, provenance: true, dryRun: true });
    const tarball = `${artifactsDir}/npm.exact/exact-pkg-1.0.0.tgz`;
    expect(withRegistry[0]).toMatchObject({ outcome: 'dry-run', detail: `would run npm publish ${tarball} --ignore-scripts --access public --tag latest --provenance --registry ${npm.url}` });
    // Without a registry setting npm publishes where its own configuration says (npmjs.com); a run file
    // without a dist-tag (a release, before the plan wrote one) publishes under latest.
    const planned = npmProduct('exact', 'exact-pkg', '1.0.0');
    const noTag = run('1.0.0', [{ ...planned, packages: [{ target: 'npm', name: 'exact-pkg', version: '1.0.0', state: 'missing' }] }]);
    const toNpmjs = await publishNpm(noTag, deps(ws), { ...options(), artifactsDir, registryUrl: undefined, dryRun: true });
    expect(toNpmjs[0].detail).toBe(`would run npm publish ${tarball} --ignore-scripts --access public --tag latest`);
  }, 60_000);

  it('GIVEN two tarballs were downloaded for one package WHEN published THEN it fails naming the directory: which one is the release cannot be told', async () => {
    const ws = tempDir();
    packInto(ws, 'twin', { name: 'twin-pkg', version: '1.0.0' }, npm.env);
    fs.copyFileSync(path.join(ws, 'artifacts', 'npm.twin', 'twin-pkg-1.0.0.tgz'), path.join(ws, 'artifacts', 'npm.twin', 'twin-pkg-copy.tgz'));
    const outcomes = await publishNpm(run('1.0.0', [npmProduct('twin', 'twin-pkg', '1.0.0')]), deps(ws), options());
    expect(outcomes[0]).toMatchObject({ outcome: 'failed', detail: 'expected one .tgz in artifacts/npm.twin, found 2: did the build job run?' });
    expect((await fetch(`${npm.url}twin-pkg`)).status).toBe(404);
  }, 60_000);

  it('GIVEN the plan found a package on npm, so it was not rebuilt WHEN the npm job runs THEN npm is asked again and the package is skipped without looking for a build', async () => {
    const ws = tempDir();
    packInto(ws, 'kept', { name: 'kept-pkg', version: '1.0.0' }, npm.env);
    await publishNpm(run('1.0.0', [npmProduct('kept', 'kept-pkg', '1.0.0')]), deps(ws), options());
    const planned = npmProduct('kept', 'kept-pkg', '1.0.0');
    const publishedPkg = { ...planned, packages: [{ ...planned.packages[0], state: 'published' as const }] };
    const d = deps(tempDir());
    const outcomes = await publishNpm(run('1.0.0', [publishedPkg]), d, options());
    expect(outcomes[0]).toMatchObject({ subject: 'kept-pkg', outcome: 'skipped:already-published', detail: 'npm lists it' });
    expect(d.log.lines).toEqual(['::notice::kept-pkg@1.0.0 is already on npm; skipped.']);
  }, 60_000);

  it('GIVEN the plan found a package on npm but npm cannot be asked now WHEN the npm job runs THEN it says so and publishes, letting npm answer', async () => {
    const ws = tempDir();
    packInto(ws, 'unasked', { name: 'unasked-pkg', version: '1.0.0' }, npm.env);
    const planned = npmProduct('unasked', 'unasked-pkg', '1.0.0');
    const publishedPkg = { ...planned, packages: [{ ...planned.packages[0], state: 'published' as const }] };
    // The probe asks a closed port (npm's retries off); npm itself publishes to verdaccio.
    const closed = new HttpRegistry({ LOCKSTEP_NPM_REGISTRY: 'http://127.0.0.1:9/' }, new SpawnExec({ ...process.env, ...npm.env, NPM_CONFIG_FETCH_RETRIES: '0' }, ws));
    const d = deps(ws, closed);
    const outcomes = await publishNpm(run('1.0.0', [publishedPkg]), d, options());
    expect(outcomes[0]).toMatchObject({ subject: 'unasked-pkg', outcome: 'published' });
    expect(d.log.lines.filter((l) => l.startsWith('::warning::')).map((l) => l.replace(/^::warning::.*; /, '; '))).toEqual([
      '; going on as if it were missing.', '; publishing and letting npm answer.',
    ]);
    expect((await fetch(`${npm.url}unasked-pkg`)).status).toBe(200);
  }, 60_000);

  it('P6 GIVEN npm cannot say which version latest is on for one package WHEN published THEN that package fails naming the npm command, and an independent package publishes', async () => {
    const ws = tempDir();
    packInto(ws, 'blind', { name: 'p6-blind', version: '1.0.0' }, npm.env);
    packInto(ws, 'seen', { name: 'p6-seen', version: '1.0.0' }, npm.env);
    // A fault proxy in front of verdaccio answers 500 to every read of p6-blind (npm's retries shortened).
    const proxy = await startFaultProxy(npm.url, (req) => (req.method === 'GET' && decodeURIComponent(req.path).startsWith('/p6-blind')
      ? { status: 500, body: JSON.stringify({ error: 'internal server error' }) } : undefined));
    try {
      const registryUrl = `${proxy.url}/`;
      const jobEnv = { NODE_AUTH_TOKEN: npm.token, RUNNER_TEMP: tempDir() };
      const exec = new SpawnExec({ ...process.env, ...npm.env, ...jobEnv, NPM_CONFIG_FETCH_RETRY_MINTIMEOUT: '10', NPM_CONFIG_FETCH_RETRY_MAXTIMEOUT: '20' }, ws);
      const d = { ...deps(ws), exec };
      const r = run('1.0.0', [npmProduct('blind', 'p6-blind', '1.0.0'), npmProduct('seen', 'p6-seen', '1.0.0')]);
      const outcomes = await publishNpm(r, d, { ...options(), registryUrl, npmEnv: npmTokenEnv(registryUrl, jobEnv) });
      expect(outcomes.map((o) => [o.subject, o.outcome])).toEqual([['p6-blind', 'failed'], ['p6-seen', 'published']]);
      expect(outcomes[0].detail).toMatch(
        /^asking npm which version latest is on: npm view p6-blind dist-tags\.latest --json --prefer-online --registry http:\/\/127\.0\.0\.1:\d+\/ failed \(exit 1\): .*500/s);
      expect([(await fetch(`${npm.url}p6-blind`)).status, (await fetch(`${npm.url}p6-seen`)).status]).toEqual([404, 200]);
    } finally {
      await proxy.close();
    }
  }, 120_000);

  describe('napi-rs: what the napi tools leave decides', () => {
    const napiProduct = (name: string, version: string) => ({ ...npmProduct(name, `@quill-db/${name}`, version), kind: 'napi', path: 'node' });
    const mainManifest = (name: string, version: string) => JSON.stringify({ name: `@quill-db/${name}`, version, license: 'MIT', main: 'index.js' });

    it('GIVEN napi\'s layout command fails WHEN published THEN the product fails with its exit code and output, and nothing is published', async () => {
      const ws = writeRepo({ 'node/package.json': mainManifest('napi-nocli', '4.5.0'), 'node/index.js': '' });
      const real = new SpawnExec({ ...process.env, ...npm.env }, ws);
      const exec = {
        run: async (command: string, args: readonly string[], o?: { cwd?: string }) =>
          (command === 'npx' ? { code: 1, stdout: '', stderr: 'Error: no napi config in package.json' } : real.run(command, args, o)),
      };
      const outcomes = await publishNpm(run('4.5.0', [napiProduct('napi-nocli', '4.5.0')]), { ...deps(ws), exec }, options());
      expect(outcomes).toMatchObject([{ subject: '@quill-db/napi-nocli', outcome: 'failed', detail: 'napi create-npm-dirs exited 1: Error: no napi config in package.json' }]);
      expect((await fetch(`${npm.url}@quill-db%2fnapi-nocli`)).status).toBe(404);
    }, 60_000);

    it('GIVEN napi lays out no platform package (only a directory without package.json) WHEN published THEN the product fails naming the command and the directory', async () => {
      const ws = writeRepo({ 'node/package.json': mainManifest('napi-none', '4.5.0'), 'node/index.js': '', 'node/npm/stray/README.md': 'not a package\n' });
      const outcomes = await publishNpm(run('4.5.0', [napiProduct('napi-none', '4.5.0')]), { ...deps(ws), exec: napiLayout(ws, {}) }, options());
      expect(outcomes).toMatchObject([{ subject: '@quill-db/napi-none', outcome: 'failed', detail: 'napi create-npm-dirs made no platform package under node/npm' }]);
    }, 60_000);

    it('GIVEN napi-rs CLI v2 lays out no platform package WHEN published THEN the product fails naming the whole command it ran, arguments too', async () => {
      const ws = writeRepo({ 'node/package.json': mainManifest('napi-none-two', '4.5.0'), 'node/index.js': '' });
      const product = { ...napiProduct('napi-none-two', '4.5.0'), settings: { napiCli: '2' } };
      const outcomes = await publishNpm(run('4.5.0', [product]), { ...deps(ws), exec: napiLayout(ws, {}) }, options());
      expect(outcomes).toMatchObject([{ subject: '@quill-db/napi-none-two', outcome: 'failed', detail: 'napi create-npm-dir -t . made no platform package under node/npm' }]);
    }, 60_000);

    it('GIVEN a platform package at another version than the release WHEN published THEN the product fails naming the file and both versions, and nothing is published', async () => {
      const ws = writeRepo({ 'node/package.json': mainManifest('napi-stale', '4.5.0'), 'node/index.js': '' });
      const exec = napiLayout(ws, { 'linux-x64-gnu': { name: '@quill-db/napi-stale-linux-x64-gnu', version: '4.4.0' } });
      const outcomes = await publishNpm(run('4.5.0', [napiProduct('napi-stale', '4.5.0')]), { ...deps(ws), exec }, options());
      expect(outcomes).toMatchObject([{ subject: '@quill-db/napi-stale', outcome: 'failed', detail: 'node/npm/linux-x64-gnu/package.json is at 4.4.0, not 4.5.0' }]);
      expect((await fetch(`${npm.url}@quill-db%2fnapi-stale-linux-x64-gnu`)).status).toBe(404);
    }, 60_000);

    it('GIVEN a napi-rs product without its main package.json WHEN published in a dry run THEN the product fails naming the missing file', async () => {
      const ws = writeRepo({ 'node/index.js': '' });
      const exec = napiLayout(ws, { 'linux-x64-gnu': { name: '@quill-db/napi-nomain-linux-x64-gnu', version: '4.5.0' } });
      const outcomes = await publishNpm(run('4.5.0', [napiProduct('napi-nomain', '4.5.0')]), { ...deps(ws), exec }, { ...options(), dryRun: true });
      expect(outcomes).toMatchObject([{ subject: '@quill-db/napi-nomain', outcome: 'failed', detail: 'publishing the napi-rs packages of napi-nomain: node/package.json does not exist' }]);
    }, 60_000);
  });
});
