import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexed, localCratesDeps } from './crates-support';
import { memoryLog } from './helpers';
import { HttpRegistry } from '../../../src/runtime/registry/probe';
import { publishCrates } from '../../../src/runtime/release/crates';
import { publishNpm } from '../../../src/runtime/release/npm';
import { NodeFs, SpawnExec } from '../../../src/runtime/release/real-deps';
import { ReleaseRun, RunProduct } from '../../../src/runtime/release/run';
import { summarize } from '../../../src/runtime/release/summary';
import { lockstep } from '../../support/cli';
import { git, gitInit, tempDir, writeRepo } from '../../support/fixtures';
import {
  LocalCratesRegistry, LocalNpmRegistry, LocalPypi, TWINE, startEstuary, startPypiServer, startVerdaccio,
} from '../../support/local-registries';
import { crateWorkspace, writeWheel } from '../../support/registry-fixtures';
import { releaseRun, releaseRunEnv } from '../../support/release-run';
import { readStepOutputs } from '../../support/runner-view';

// Issue 17: a product whose dependsOn names a product of another registry is held back until that registry
// lists the dependency at the release version; a re-run after it is published publishes the product.

/** The Python SDK the others wait for: one PyPI package, still to publish. */
function pythonSdk(version: string, name: string): RunProduct {
  return {
    name,
    kind: 'maturin',
    path: name,
    tag: `${name}-v${version}`,
    githubRelease: false,
    dependsOn: [],
    settings: {},
    packages: [{ target: 'pypi', name, version, state: 'missing' }],
  };
}

/** A product that names `on` in its dependsOn option (no manifest ties them). */
function dependent(product: Omit<RunProduct, 'dependsOn' | 'explicitDependsOn' | 'settings' | 'githubRelease' | 'tag'>, version: string, on: string): RunProduct {
  return { ...product, tag: `${product.name}-v${version}`, githubRelease: false, dependsOn: [on], explicitDependsOn: [on], settings: {} };
}

/** The run: the SDK in the first wave, the dependent in the second. */
function runOf(version: string, sdk: RunProduct, after: RunProduct, fields: Partial<ReleaseRun> = {}): ReleaseRun {
  return releaseRun({ version, products: [sdk, after], publishWaves: [[sdk.name], [after.name]], ...fields });
}

/** Uploads a wheel of `project` to the local PyPI with the pinned twine, as the PyPI job would. */
function uploadWheel(pypi: LocalPypi, project: string, version: string): void {
  const wheel = writeWheel(tempDir(), project, version);
  execFileSync(TWINE, ['upload', '--disable-progress-bar', wheel], { env: { ...process.env, ...pypi.twineEnv }, stdio: 'pipe' });
}

/** These tests meet no rate limit. */
const NO_WAIT = { maxWaitMs: 0, defaultWaitMs: 1_000, setting: '--rate-limit-wait' };

describe('dependsOn across registries: held back until the dependency is listed (verdaccio, pypiserver)', () => {
  let npm: LocalNpmRegistry;
  let pypi: LocalPypi;
  beforeAll(async () => {
    [npm, pypi] = await Promise.all([startVerdaccio(), startPypiServer()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([npm?.stop(), pypi?.stop()]);
  });

  const endpoints = () => ({ LOCKSTEP_NPM_REGISTRY: npm.url, LOCKSTEP_PYPI_INDEX_URL: pypi.indexUrl });

  it('GIVEN an npm package whose dependsOn names a Python package WHEN PyPI lacks it THEN it is held back, not published and not failed; after the upload a re-run publishes it', async () => {
    const version = '2.1.0';
    const ws = tempDir();
    const src = writeRepo({ 'package.json': JSON.stringify({ name: 'flo-web-dep', version, license: 'MIT' }), 'index.js': 'module.exports = 1;\n' });
    const out = path.join(ws, 'artifacts', 'npm.flo-web');
    fs.mkdirSync(out, { recursive: true });
    execFileSync('npm', ['pack', '--pack-destination', out], { cwd: src, env: { ...process.env, ...npm.env }, stdio: 'pipe' });
    const web = dependent({ name: 'flo-web', kind: 'npm-package', path: 'web', packages: [{ target: 'npm', name: 'flo-web-dep', version, distTag: 'latest', state: 'missing' }] }, version, 'flo-sdk-dep');
    const run = runOf(version, pythonSdk(version, 'flo-sdk-dep'), web);
    const exec = new SpawnExec({ ...process.env, ...npm.env }, ws);
    const registry = new HttpRegistry(endpoints(), exec);
    const deps = () => ({ registry, exec, fs: new NodeFs(ws), log: memoryLog(), sleep: async () => undefined, now: () => Date.now() });
    const options = { artifactsDir: 'artifacts', dryRun: false, provenance: false, registryUrl: npm.url, rateLimit: NO_WAIT };

    const first = deps();
    const held = await publishNpm(run, first, options);
    expect(held).toEqual([{
      product: 'flo-web',
      target: 'npm',
      subject: 'flo-web-dep',
      version,
      outcome: 'held-back',
      detail: `held back: it is published after flo-sdk-dep (its dependsOn), and PyPI does not list flo-sdk-dep's flo-sdk-dep ${version} yet; `
        + 'dispatch the release again with the same version once that is published',
    }]);
    expect(await registry.probe({ target: 'npm', name: 'flo-web-dep', version })).toBe('missing');
    // The summary: the PyPI job failed, the npm package waits for it (its own row, not a failure of its own).
    const pypiFailed = { product: 'flo-sdk-dep', target: 'pypi', subject: 'flo-sdk-dep', version, outcome: 'failed' as const, detail: 'the publish step failed: see its log' };
    const summary = summarize(run, [...held, pypiFailed], {});
    expect(summary.rows.filter((r) => r.target !== 'umbrella').map((r) => [r.product, r.outcome])).toEqual([['flo-sdk-dep', 'failed'], ['flo-web', 'held-back']]);
    expect(summary.markdown.text).toMatch(/\| flo-web \| npm \| flo-web-dep \| 2\.1\.0 \| ⏸️ held back \| held back: it is published after flo-sdk-dep/);

    uploadWheel(pypi, 'flo-sdk-dep', version);
    const rerun = await publishNpm(run, deps(), options);
    expect(rerun.map((o) => [o.subject, o.outcome])).toEqual([['flo-web-dep', 'published']]);
    expect(await registry.probe({ target: 'npm', name: 'flo-web-dep', version })).toBe('published');
  }, 120_000);

  it('GIVEN the dependency already on PyPI when the plan job asked WHEN the npm job runs THEN PyPI is not asked again and the package is published', async () => {
    const version = '2.2.0';
    const ws = tempDir();
    const src = writeRepo({ 'package.json': JSON.stringify({ name: 'flo-web-planned', version, license: 'MIT' }), 'index.js': '' });
    const out = path.join(ws, 'artifacts', 'npm.flo-web');
    fs.mkdirSync(out, { recursive: true });
    execFileSync('npm', ['pack', '--pack-destination', out], { cwd: src, env: { ...process.env, ...npm.env }, stdio: 'pipe' });
    const sdk = { ...pythonSdk(version, 'flo-sdk-planned'), packages: [{ target: 'pypi', name: 'flo-sdk-planned', version, state: 'published' as const }] };
    const packages: RunProduct['packages'] = [{ target: 'npm', name: 'flo-web-planned', version, distTag: 'latest', state: 'missing' }];
    const web = dependent({ name: 'flo-web', kind: 'npm-package', path: 'web', packages }, version, sdk.name);
    const exec = new SpawnExec({ ...process.env, ...npm.env }, ws);
    // PyPI is pointed at a closed port: asking it would fail, and the plan's answer stands.
    const registry = new HttpRegistry({ ...endpoints(), LOCKSTEP_PYPI_INDEX_URL: 'http://127.0.0.1:9/simple' }, exec);
    const deps = { registry, exec, fs: new NodeFs(ws), log: memoryLog(), sleep: async () => undefined, now: () => Date.now() };
    const outcomes = await publishNpm(runOf(version, sdk, web), deps, { artifactsDir: 'artifacts', dryRun: false, provenance: false, registryUrl: npm.url, rateLimit: NO_WAIT });
    expect(outcomes.map((o) => [o.subject, o.outcome])).toEqual([['flo-web-planned', 'published']]);
  }, 120_000);

  it('GIVEN an npm package waiting for a Python package, and one depending on it WHEN PyPI lacks it THEN both are held back; in a dry run neither is, and PyPI is not asked', async () => {
    const version = '2.3.0';
    const ws = tempDir();
    for (const [product, name] of [['flo-web', 'flo-web-chain'], ['flo-docs', 'flo-docs-chain']]) {
      const src = writeRepo({ 'package.json': JSON.stringify({ name, version, license: 'MIT' }), 'index.js': '' });
      const out = path.join(ws, 'artifacts', `npm.${product}`);
      fs.mkdirSync(out, { recursive: true });
      execFileSync('npm', ['pack', '--pack-destination', out], { cwd: src, env: { ...process.env, ...npm.env }, stdio: 'pipe' });
    }
    const sdk = pythonSdk(version, 'flo-sdk-chain');
    const web = dependent({ name: 'flo-web', kind: 'npm-package', path: 'web', packages: [{ target: 'npm', name: 'flo-web-chain', version, distTag: 'latest', state: 'missing' }] }, version, sdk.name);
    // flo-docs names only flo-web, on its own registry: it waits through the job's order, not a PyPI question.
    const docsPackages: RunProduct['packages'] = [{ target: 'npm', name: 'flo-docs-chain', version, distTag: 'latest', state: 'missing' }];
    const docs: RunProduct = { ...web, name: 'flo-docs', path: 'docs', dependsOn: ['flo-web'], explicitDependsOn: undefined, packages: docsPackages };
    const run = releaseRun({ version, products: [sdk, web, docs], publishWaves: [[sdk.name], ['flo-web'], ['flo-docs']] });
    const exec = new SpawnExec({ ...process.env, ...npm.env }, ws);
    const options = { artifactsDir: 'artifacts', dryRun: false, provenance: false, registryUrl: npm.url, rateLimit: NO_WAIT };
    const deps = (registry: HttpRegistry) => ({ registry, exec, fs: new NodeFs(ws), log: memoryLog(), sleep: async () => undefined, now: Date.now });

    const held = await publishNpm(run, deps(new HttpRegistry(endpoints(), exec)), options);
    expect(held.map((o) => [o.subject, o.outcome])).toEqual([['flo-web-chain', 'held-back'], ['flo-docs-chain', 'held-back']]);
    expect(held[1].detail).toBe('held back: its dependency flo-web is held back');

    // PyPI is pointed at a closed port: asking it in the dry run would hold flo-web back (it could not be asked).
    const unasked = new HttpRegistry({ ...endpoints(), LOCKSTEP_PYPI_INDEX_URL: 'http://127.0.0.1:9/simple' }, exec);
    const dry = await publishNpm(run, deps(unasked), { ...options, dryRun: true });
    expect(dry.map((o) => [o.subject, o.outcome])).toEqual([['flo-web-chain', 'dry-run'], ['flo-docs-chain', 'dry-run']]);
    expect(await unasked.probe({ target: 'npm', name: 'flo-web-chain', version })).toBe('missing');
  }, 120_000);

  it('GIVEN a product\'s own publish command whose dependsOn names an npm package WHEN pre-publish runs before it THEN it says held_back and records it, record-outcome keeps it; once npm lists the dependency it clears the product', async () => {
    const version = '3.0.0';
    const dir = gitInit(writeRepo({ 'README.md': 'server\n' }));
    const commit = git(dir, 'rev-parse', 'HEAD').trim();
    git(dir, 'tag', '-a', `flo-server-v${version}`, commit, '-m', 'tag');
    const sdk: RunProduct = {
      name: 'flo-sdk-js',
      kind: 'npm-package',
      path: 'sdk',
      tag: `flo-sdk-js-v${version}`,
      githubRelease: false,
      dependsOn: [],
      settings: {},
      packages: [{ target: 'npm', name: 'flo-sdk-js-dep', version, distTag: 'latest', state: 'missing' }],
    };
    const server = dependent({ name: 'flo-server', kind: 'generic', path: '.', packages: [{ target: 'custom', name: 'flo-server', version, state: 'unknown' }] }, version, sdk.name);
    const run = runOf(version, sdk, server, { commit });
    const work = tempDir();
    const env = { ...endpoints(), ...npm.env, ...releaseRunEnv(run), GITHUB_OUTPUT: path.join(work, 'output') };
    fs.writeFileSync(env.GITHUB_OUTPUT, '');

    const check = await lockstep(dir, ['pre-publish', '--product', 'flo-server', '--target', 'custom'], env);
    expect(check.code).toBe(0);
    expect(readStepOutputs(env.GITHUB_OUTPUT)).toEqual({ held_back: 'true' });
    expect(check.err + check.out).toMatch(/flo-server: held back: it is published after flo-sdk-js \(its dependsOn\), and npm does not list flo-sdk-js's flo-sdk-js-dep 3\.0\.0 yet/);
    // The publish step did not run (its `if:` reads held_back): the recorded outcome stays held back.
    const record = await lockstep(dir, ['record-outcome', '--job', 'publish-custom', '--product', 'flo-server', '--target', 'custom', '--result', 'skipped'], env);
    expect(record.code).toBe(0);
    const recorded = JSON.parse(fs.readFileSync(path.join(dir, '.lockstep/outcomes/publish-custom.json'), 'utf8'));
    expect(recorded.map((o: any) => [o.product, o.outcome])).toEqual([['flo-server', 'held-back']]);

    const src = writeRepo({ 'package.json': JSON.stringify({ name: 'flo-sdk-js-dep', version, license: 'MIT' }), 'index.js': '' });
    execFileSync('npm', ['publish', '--registry', npm.url], { cwd: src, env: { ...process.env, ...npm.env }, stdio: 'pipe' });
    fs.writeFileSync(env.GITHUB_OUTPUT, '');
    fs.rmSync(path.join(dir, '.lockstep'), { recursive: true });
    const again = await lockstep(dir, ['pre-publish', '--product', 'flo-server', '--target', 'custom'], env);
    expect(again.code).toBe(0);
    expect(readStepOutputs(env.GITHUB_OUTPUT)).toEqual({});
    const published = await lockstep(dir, ['record-outcome', '--job', 'publish-custom', '--product', 'flo-server', '--target', 'custom', '--result', 'success'], env);
    expect(published.code).toBe(0);
    const after = JSON.parse(fs.readFileSync(path.join(dir, '.lockstep/outcomes/publish-custom.json'), 'utf8'));
    expect(after.map((o: any) => [o.product, o.outcome])).toEqual([['flo-server', 'published']]);
  }, 120_000);

  it('GIVEN a product that publishes in a job of its own (its publish secrets, issue 17) WHEN pre-publish holds it back THEN the outcome is that job\'s, and the summary names that job when nothing was recorded', async () => {
    const version = '3.0.1';
    const dir = gitInit(writeRepo({ 'README.md': 'server\n' }));
    const commit = git(dir, 'rev-parse', 'HEAD').trim();
    git(dir, 'tag', '-a', `flo-image-v${version}`, commit, '-m', 'tag');
    const sdk: RunProduct = {
      name: 'flo-sdk-js',
      kind: 'npm-package',
      path: 'sdk',
      tag: `flo-sdk-js-v${version}`,
      githubRelease: false,
      dependsOn: [],
      settings: {},
      packages: [{ target: 'npm', name: 'flo-sdk-js-unlisted', version, distTag: 'latest', state: 'missing' }],
    };
    const image = { ...dependent({ name: 'flo-image', kind: 'generic', path: '.', packages: [{ target: 'custom', name: 'flo-image', version, state: 'unknown' }] }, version, sdk.name), customPublishJob: 'publish-custom-flo-image' };
    const run = runOf(version, sdk, image, { commit });
    const work = tempDir();
    const env = { ...endpoints(), ...npm.env, ...releaseRunEnv(run), GITHUB_OUTPUT: path.join(work, 'output') };
    fs.writeFileSync(env.GITHUB_OUTPUT, '');
    expect((await lockstep(dir, ['pre-publish', '--product', 'flo-image', '--target', 'custom'], env)).code).toBe(0);
    expect(readStepOutputs(env.GITHUB_OUTPUT)).toEqual({ held_back: 'true' });
    expect(fs.existsSync(path.join(dir, '.lockstep/outcomes/publish-custom.json'))).toBe(false);
    expect((await lockstep(dir, ['record-outcome', '--job', 'publish-custom-flo-image', '--product', 'flo-image', '--target', 'custom', '--result', 'skipped'], env)).code).toBe(0);
    const recorded = JSON.parse(fs.readFileSync(path.join(dir, '.lockstep/outcomes/publish-custom-flo-image.json'), 'utf8'));
    expect(recorded.map((o: any) => [o.product, o.outcome])).toEqual([['flo-image', 'held-back']]);
    const summary = summarize(run, [], { 'tag-all': { result: 'success' }, 'publish-custom-flo-image': { result: 'failure' } });
    expect(JSON.stringify(summary)).toContain('no outcome recorded (job publish-custom-flo-image: failure)');
  }, 120_000);
});

describe('dependsOn across registries: a crate waits for a Python package (estuary, pypiserver)', () => {
  let crates: LocalCratesRegistry;
  let pypi: LocalPypi;
  beforeAll(async () => {
    [crates, pypi] = await Promise.all([startEstuary(), startPypiServer()]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([crates?.stop(), pypi?.stop()]);
  });

  it('GIVEN a crate whose dependsOn names a Python package WHEN PyPI lacks it THEN the crate is held back and cargo never runs; after the upload a re-run publishes it', async () => {
    const version = '0.1.0';
    const ws = crateWorkspace([{ name: 'flo-server-rs' }], version);
    const local = localCratesDeps(crates, ws);
    const env = { ...process.env, ...crates.cargoEnv, LOCKSTEP_CRATES_INDEX_URL: crates.indexUrl, LOCKSTEP_PYPI_INDEX_URL: pypi.indexUrl };
    const registry = new HttpRegistry(env, local.deps.exec);
    const deps = { ...local.deps, registry };
    const packages: RunProduct['packages'] = [{ target: 'crates-io', name: 'flo-server-rs', version, state: 'missing' }];
    const server = dependent({ name: 'flo-server-rs', kind: 'rust-crate', path: 'flo-server-rs', packages }, version, 'flo-sdk-rsdep');
    const run = runOf(version, pythonSdk(version, 'flo-sdk-rsdep'), server);

    const held = await publishCrates(run, deps, local.options);
    expect(held.map((o) => [o.subject, o.outcome])).toEqual([['flo-server-rs', 'held-back']]);
    expect(held[0].detail).toMatch(/^held back: it is published after flo-sdk-rsdep \(its dependsOn\), and PyPI does not list flo-sdk-rsdep's flo-sdk-rsdep 0\.1\.0 yet/);
    expect(indexed(crates, 'flo-server-rs')).toEqual([]);

    uploadWheel(pypi, 'flo-sdk-rsdep', version);
    const rerun = await publishCrates(run, deps, local.options);
    expect(rerun.map((o) => [o.subject, o.outcome])).toEqual([['flo-server-rs', 'published']]);
    expect(indexed(crates, 'flo-server-rs')).toEqual([version]);
  }, 240_000);
});
