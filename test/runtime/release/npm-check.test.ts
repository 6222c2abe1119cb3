import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { ExampleRepo, TableRegistry, exampleRepo, memoryLog } from './helpers';
import { FsRepoReader, buildPlan, planConfigOf } from '../../../src/model';
import { main } from '../../../src/runtime/main';
import { DEFAULT_MAX_NPM_BYTES, NpmPackageCheck, checkNpmPackages } from '../../../src/runtime/release/npm-check';
import { NodeFs, SpawnExec } from '../../../src/runtime/release/real-deps';
import { releasePlan } from '../../../src/runtime/release/release-plan';
import { ReleaseRun, RunProduct } from '../../../src/runtime/release/run';
import { exampleProducts } from '../../support/example-products';
import { listFiles, writeRepo } from '../../support/fixtures';
import { releaseRunEnv } from '../../support/release-run';

/** The example's release run as the plan job decides it (with `published` already on the registries). */
async function exampleRun(r: ExampleRepo, published: string[] = []): Promise<ReleaseRun> {
  const repo = new FsRepoReader(r.dir);
  const plan = buildPlan(planConfigOf({ products: exampleProducts() }, repo, '0.0.0'), repo);
  const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: r.dir }).toString().trim();
  return releasePlan(plan, { event: 'push', ref: 'refs/heads/main', sha, dryRun: false }, { git: r.git, registry: new TableRegistry(new Set(published)), log: memoryLog() });
}

/** What the example's napi targets are to napi-rs: its platform suffix, npm's os and cpu. */
const NAPI_PLATFORMS: Record<string, { suffix: string; os: string; cpu: string }> = {
  'x86_64-unknown-linux-gnu': { suffix: 'linux-x64-gnu', os: 'linux', cpu: 'x64' },
  'aarch64-apple-darwin': { suffix: 'darwin-arm64', os: 'darwin', cpu: 'arm64' },
  'x86_64-pc-windows-msvc': { suffix: 'win32-x64-msvc', os: 'win32', cpu: 'x64' },
};

/**
 * Real npm, with napi's own tool faked: the consumer's @napi-rs/cli is not installed here, so
 * `npx --no-install napi create-npm-dirs` writes the platform packages as @napi-rs/cli 3.x does (one
 * `npm/<platform>/` per target with its package.json and README.md), after `damage` may change each
 * package.json the way a misconfigured layout would. `calls` records every napi command and its directory.
 */
function napiV3Layout(dir: string, damage: (platform: string, manifest: Record<string, unknown>) => void = () => undefined) {
  const real = new SpawnExec(process.env, dir);
  const calls: string[] = [];
  const exec = {
    run: async (command: string, args: readonly string[], o?: { cwd?: string }) => {
      if (command !== 'npx') return real.run(command, args, o);
      calls.push(`${o?.cwd}: ${args.join(' ')}`);
      const root = path.join(dir, o?.cwd ?? '.');
      const mainPackage = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
      for (const target of mainPackage.napi.targets as string[]) {
        const { suffix, os, cpu } = NAPI_PLATFORMS[target];
        const binary = `${mainPackage.napi.binaryName}.${suffix}.node`;
        const manifest: Record<string, unknown> = {
          name: `${mainPackage.name}-${suffix}`,
          version: mainPackage.version,
          cpu: [cpu],
          main: binary,
          files: [binary],
          description: mainPackage.description,
          license: mainPackage.license,
          repository: mainPackage.repository,
          os: [os],
        };
        damage(suffix, manifest);
        fs.mkdirSync(path.join(root, 'npm', suffix), { recursive: true });
        fs.writeFileSync(path.join(root, 'npm', suffix, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
        fs.writeFileSync(path.join(root, 'npm', suffix, 'README.md'), `# \`${manifest.name}\`\n`);
      }
      return { code: 0, stdout: '', stderr: '' };
    },
  };
  return { exec, calls };
}

/** Checks the example's npm packages with real npm (and napi's layout faked, as above). */
async function checkExample(r: ExampleRepo, max = DEFAULT_MAX_NPM_BYTES, published: string[] = []): Promise<NpmPackageCheck[]> {
  return checkNpmPackages(await exampleRun(r, published), { exec: napiV3Layout(r.dir).exec, fs: new NodeFs(r.dir) }, max);
}

/**
 * The example's napi package.json without its "files" list (what the rehearsal published), in the release
 * commit itself: a push releases only the commit that set the version.
 */
function withoutFilesList(r: ExampleRepo): void {
  const file = path.join(r.dir, 'sdk/nodejs/package.json');
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
  delete pkg.files;
  fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qa', '--amend', '--no-edit'], { cwd: r.dir });
}

describe('npm-check: every npm tarball checked before the approval, with real npm', () => {
  it('P13: GIVEN the example as committed WHEN checked THEN the napi main package lists only its JavaScript, each platform package napi makes passes, and the notes package passes; the WASM package is left to its build job', async () => {
    const checks = await checkExample(exampleRepo());
    expect(checks.map((c) => [c.product, c.dir, c.problems])).toEqual([
      ['quill-node', 'sdk/nodejs', []],
      ['quill-node', 'sdk/nodejs/npm/darwin-arm64', []],
      ['quill-node', 'sdk/nodejs/npm/linux-x64-gnu', []],
      ['quill-node', 'sdk/nodejs/npm/win32-x64-msvc', []],
      ['quill-notes', 'examples/notes', []],
    ]);
    expect(checks[0].files).toBe(2); // index.js and package.json
    expect(checks[2].files).toBe(3); // README.md, package.json and quill.linux-x64-gnu.node
  }, 60_000);

  it('P13: GIVEN napi-rs v3, which makes the platform packages only at publish time WHEN checked before the approval THEN napi create-npm-dirs makes them now, as the publish job will, each is packed by real npm, and nothing is left behind', async () => {
    const r = exampleRepo();
    const before = listFiles(r.dir);
    const napi = napiV3Layout(r.dir);
    const checks = await checkNpmPackages(await exampleRun(r), { exec: napi.exec, fs: new NodeFs(r.dir) }, DEFAULT_MAX_NPM_BYTES);
    expect(napi.calls).toEqual(['sdk/nodejs: --no-install napi create-npm-dirs']);
    expect(checks.filter((c) => c.dir.startsWith('sdk/nodejs/npm/')).map((c) => [c.dir, c.files, c.problems])).toEqual([
      ['sdk/nodejs/npm/darwin-arm64', 3, []],
      ['sdk/nodejs/npm/linux-x64-gnu', 3, []],
      ['sdk/nodejs/npm/win32-x64-msvc', 3, []],
    ]);
    expect(listFiles(r.dir)).toEqual(before);
  }, 60_000);

  it('P13: GIVEN platform packages napi would make wrong (a stale version, another binary, the wrong cpu, no main, a second binary) WHEN checked THEN each is refused before the approval, naming the file and the field', async () => {
    const r = exampleRepo();
    const napi = napiV3Layout(r.dir, (platform, m) => {
      if (platform === 'linux-x64-gnu') Object.assign(m, { version: '0.2.9', cpu: ['arm64'] });
      if (platform === 'darwin-arm64') Object.assign(m, { name: '@quill-db/quill-darwin', main: undefined, files: ['*.node'] });
    });
    // A binary of another platform left in the darwin package's directory: its "files" glob takes it along.
    const stray = path.join(r.dir, 'sdk/nodejs/npm/darwin-arm64/quill.darwin-x64.node');
    const exec = {
      run: async (c: string, a: readonly string[], o?: { cwd?: string }) => {
        const result = await napi.exec.run(c, a, o);
        if (c === 'npx') fs.writeFileSync(stray, 'x');
        return result;
      },
    };
    const checks = await checkNpmPackages(await exampleRun(r), { exec, fs: new NodeFs(r.dir) }, DEFAULT_MAX_NPM_BYTES);
    const by = Object.fromEntries(checks.map((c) => [c.dir, c.problems]));
    expect(by['sdk/nodejs/npm/linux-x64-gnu']).toEqual([
      'sdk/nodejs/npm/linux-x64-gnu/package.json: its version is "0.2.9", not the release\'s 0.3.0',
      'sdk/nodejs/npm/linux-x64-gnu/package.json: its "cpu" is ["arm64"], not ["x64"]: npm would install it on the wrong machines',
    ]);
    expect(by['sdk/nodejs/npm/darwin-arm64']).toEqual([
      'the platform package would also ship quill.darwin-x64.node; it carries exactly its own binary quill.darwin-arm64.node',
      'sdk/nodejs/npm/darwin-arm64/package.json: its name is "@quill-db/quill-darwin", not "@quill-db/quill-darwin-arm64" (the main package\'s optional dependency)',
      'sdk/nodejs/npm/darwin-arm64/package.json: its "main" is nothing, not "quill.darwin-arm64.node": the binary would not load',
    ]);
    expect(by['sdk/nodejs/npm/win32-x64-msvc']).toEqual([]);
    expect(fs.existsSync(path.join(r.dir, 'sdk/nodejs/npm'))).toBe(false);
  }, 60_000);

  it('P13: GIVEN the napi CLI cannot make the platform packages (not installed, or the wrong major) WHEN checked THEN the check fails before the approval, naming the command the publish job would have failed on', async () => {
    const r = exampleRepo();
    const deps = { exec: new SpawnExec(process.env, r.dir), fs: new NodeFs(r.dir) };
    const checks = await checkNpmPackages(await exampleRun(r), deps, DEFAULT_MAX_NPM_BYTES);
    const layout = checks.find((c) => c.dir === 'sdk/nodejs/npm')!;
    expect(layout.problems).toHaveLength(1);
    expect(layout.problems[0]).toMatch(/^napi create-npm-dirs \(what the publish job runs to make the platform packages\) exited [1-9]\d*: /);
  }, 60_000);

  it('P13: GIVEN the example\'s napi package without a "files" list WHEN checked THEN its platform binaries and Rust sources are named before anything is tagged, and nothing is left behind', async () => {
    const r = exampleRepo();
    withoutFilesList(r);
    const before = listFiles(r.dir);
    const [napi] = await checkExample(r);
    expect(napi.product).toBe('quill-node');
    expect(napi.problems).toEqual([
      'the tarball contains the Rust sources Cargo.toml, src/lib.rs; list only the JavaScript and type files in package.json "files"',
      'the main package would ship the platform binaries quill.darwin-arm64.node, quill.linux-x64-gnu.node, quill.win32-x64-msvc.node; each belongs in its platform package: leave *.node out of package.json "files"',
    ]);
    // The stand-in binaries were there only while npm listed the package.
    expect(listFiles(r.dir)).toEqual(before);
  }, 60_000);

  it('P13: GIVEN a size limit below a package\'s unpacked size WHEN checked THEN that package is refused, naming its size and the limit', async () => {
    const checks = await checkExample(exampleRepo(), 300);
    for (const c of checks) expect(c.problems, c.product).toEqual([`the package unpacks to ${c.bytes} bytes, over the limit of 300; check its "files" list (or raise release.maxNpmPackageBytes)`]);
    expect(checks.every((c) => c.bytes > 300)).toBe(true);
  }, 60_000);

  it('P13: GIVEN a re-run where the napi package is already on npm WHEN checked THEN only what is left to publish is checked', async () => {
    const r = exampleRepo();
    withoutFilesList(r);
    const checks = await checkExample(r, DEFAULT_MAX_NPM_BYTES, ['npm:@quill-db/quill@0.3.0']);
    expect(checks.map((c) => c.product)).toEqual(['quill-notes']);
  }, 60_000);

  it('P13: GIVEN a napi-rs v2 layout whose platform package names another binary than napi builds WHEN checked THEN the platform package is refused and the main package passes', async () => {
    const dir = writeRepo({
      'node/package.json': JSON.stringify({ name: 'flo-node', version: '1.0.0', files: ['index.js'], napi: { name: 'flo', triples: { defaults: false, additional: ['x86_64-unknown-linux-gnu'] } } }),
      'node/index.js': '',
      // Still naming the binary of before napi.name became "flo".
      'node/npm/linux-x64-gnu/package.json': JSON.stringify({
        name: 'flo-node-linux-x64-gnu', version: '1.0.0', os: ['linux'], cpu: ['x64'], main: 'quill.linux-x64-gnu.node', files: ['quill.linux-x64-gnu.node'],
      }),
    });
    const product: RunProduct = {
      name: 'flo-node',
      kind: 'napi',
      path: 'node',
      tag: 'flo-node-v1.0.0',
      githubRelease: true,
      dependsOn: [],
      settings: {},
      packages: [{ target: 'npm', name: 'flo-node', version: '1.0.0', state: 'missing' }],
    };
    const run: ReleaseRun = {
      schema: 1,
      release: true,
      reason: 'a push that set the version',
      dryRun: false,
      event: 'push',
      track: 'default',
      version: '1.0.0',
      commit: 'c'.repeat(40),
      umbrellaTag: 'v1.0.0',
      releaseBranch: 'main',
      products: [product],
      publishWaves: [['flo-node']],
      todo: ['npm'],
    };
    const checks = await checkNpmPackages(run, { exec: new SpawnExec(process.env, dir), fs: new NodeFs(dir) }, DEFAULT_MAX_NPM_BYTES);
    expect(checks.map((c) => [c.dir, c.problems])).toEqual([
      ['node', []],
      ['node/npm/linux-x64-gnu', [
        'the platform package does not contain its binary flo.linux-x64-gnu.node; name it in package.json "files"',
        'node/npm/linux-x64-gnu/package.json: its "main" is "quill.linux-x64-gnu.node", not "flo.linux-x64-gnu.node": the binary would not load',
      ]],
    ]);
  }, 60_000);

  it('P13: GIVEN the check job WHEN `lockstep npm-check` runs on the example THEN a problem fails it with one line per finding, and a bad limit is refused', async () => {
    const r = exampleRepo();
    withoutFilesList(r);
    const run = await exampleRun(r);
    let stdout = '';
    let stderr = '';
    const env = { ...process.env, ...releaseRunEnv(run) };
    const io = { cwd: r.dir, env, stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t) };
    expect(await main(['npm-check'], io)).toBe(1);
    expect(stderr).toMatch(/^::error::quill-node \(sdk\/nodejs\): the tarball contains the Rust sources Cargo\.toml, src\/lib\.rs;/m);
    expect(stderr).toMatch(/^::error::quill-node \(sdk\/nodejs\): the main package would ship the platform binaries /m);
    expect(stdout).toMatch(/^quill-notes \(examples\/notes\): \d+ files, \d+ bytes unpacked$/m);
    stderr = '';
    expect(await main(['npm-check', '--max-bytes', 'lots'], io)).toBe(2);
    expect(stderr).toBe("lockstep npm-check: --max-bytes: 'lots' is not a positive whole number\n");
  }, 60_000);
});
