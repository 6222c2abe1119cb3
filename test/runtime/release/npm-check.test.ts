import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { ExampleRepo, TableRegistry, exampleRepo, memoryLog } from './helpers';
import { FsRepoReader, RELEASE_RUN_ENV, buildPlan, planConfigOf } from '../../../src/model';
import { main } from '../../../src/runtime/main';
import { DEFAULT_MAX_NPM_BYTES, NpmPackageCheck, checkNpmPackages } from '../../../src/runtime/release/npm-check';
import { NodeFs, SpawnExec } from '../../../src/runtime/release/real-deps';
import { releasePlan } from '../../../src/runtime/release/release-plan';
import { ReleaseRun, RunProduct } from '../../../src/runtime/release/run';
import { exampleProducts } from '../../support/example-products';
import { listFiles, writeRepo } from '../../support/fixtures';

/** The example's release run as the plan job decides it (with `published` already on the registries). */
async function exampleRun(r: ExampleRepo, published: string[] = []): Promise<ReleaseRun> {
  const repo = new FsRepoReader(r.dir);
  const plan = buildPlan(planConfigOf({ products: exampleProducts() }, repo, '0.0.0'), repo);
  const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: r.dir }).toString().trim();
  return releasePlan(plan, { event: 'push', ref: 'refs/heads/main', sha, dryRun: false }, { git: r.git, registry: new TableRegistry(new Set(published)), log: memoryLog() });
}

/** Checks the example's npm packages with real npm. */
async function checkExample(r: ExampleRepo, max = DEFAULT_MAX_NPM_BYTES, published: string[] = []): Promise<NpmPackageCheck[]> {
  return checkNpmPackages(await exampleRun(r, published), { exec: new SpawnExec(process.env, r.dir), fs: new NodeFs(r.dir) }, max);
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
  it('P13: GIVEN the example as committed WHEN checked THEN the napi main package lists only its JavaScript and the notes package passes; the WASM package is left to its build job', async () => {
    const checks = await checkExample(exampleRepo());
    expect(checks.map((c) => [c.product, c.dir, c.problems])).toEqual([
      ['quill-node', 'sdk/nodejs', []],
      ['quill-notes', 'examples/notes', []],
    ]);
    expect(checks[0].files).toBe(2); // index.js and package.json
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
      'node/npm/linux-x64-gnu/package.json': JSON.stringify({ name: 'flo-node-linux-x64-gnu', version: '1.0.0', main: 'quill.linux-x64-gnu.node', files: ['quill.linux-x64-gnu.node'] }),
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
      ['node/npm/linux-x64-gnu', ['the platform package does not contain its binary flo.linux-x64-gnu.node; name it in package.json "files"']],
    ]);
  }, 60_000);

  it('P13: GIVEN the check job WHEN `lockstep npm-check` runs on the example THEN a problem fails it with one line per finding, and a bad limit is refused', async () => {
    const r = exampleRepo();
    withoutFilesList(r);
    const run = await exampleRun(r);
    let stdout = '';
    let stderr = '';
    const env = { ...process.env, [RELEASE_RUN_ENV]: JSON.stringify(run) };
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
