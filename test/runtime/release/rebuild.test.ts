// A re-run rebuilds only what it still has to publish: the plan job's `build` output, from the probes of real
// local registries (verdaccio for npm, pypiserver for PyPI). GitHub's release API cannot run here: a recorded
// server answers for it (the one fake), as it does for the crates index, which no build depends on.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExampleRepo, bumpAndCommit, exampleRepo, memoryLog } from './helpers';
import { main } from '../../../src/runtime/main';
import { HttpRegistry } from '../../../src/runtime/registry/probe';
import { publishNpm } from '../../../src/runtime/release/npm';
import { NodeFs, SpawnExec } from '../../../src/runtime/release/real-deps';
import { ReleaseRun } from '../../../src/runtime/release/run';
import { tempDir, writeRepo } from '../../support/fixtures';
import { LocalNpmRegistry, LocalPypi, RecordedServer, TWINE, startPypiServer, startRecordedServer, startVerdaccio } from '../../support/local-registries';
import { writeWheel } from '../../support/registry-fixtures';
import { readStepOutputs } from '../../support/runner-view';

const VERSION = '0.4.0';

describe('a re-run builds only the products with something left to publish (plan job, real local registries)', () => {
  let npm: LocalNpmRegistry;
  let pypi: LocalPypi;
  let github: RecordedServer;
  let r: ExampleRepo;
  let sha: string;

  /** Publishes a minimal package at the release version, as an earlier run of the release would have. */
  function publishToNpm(name: string): void {
    const dir = writeRepo({ 'package.json': JSON.stringify({ name, version: VERSION, license: 'MIT' }), 'index.js': 'module.exports = 1;\n' });
    const res = spawnSync('npm', ['publish', '--registry', npm.url, '--access', 'public'], { cwd: dir, env: { ...process.env, ...npm.env }, encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`npm publish ${name}: ${res.stderr}`);
  }

  /** Answers GitHub's "release by tag" for a product: published, a draft, or none. */
  function release(product: string, state: 'published' | 'draft' | 'none'): void {
    const tag = `${r.plan.tracks[0].products.find((p) => p.name === product)!.tagPrefix}${VERSION}`;
    const pathname = `/repos/example/quill/releases/tags/${tag}`;
    github.set(pathname, state === 'none' ? { status: 404, body: '{}' } : { status: 200, body: JSON.stringify({ tag_name: tag, draft: state === 'draft' }) });
  }

  let planned: ReleaseRun | undefined;

  async function plan(): Promise<{ build: string[]; summary: string; run: ReleaseRun }> {
    const work = tempDir();
    const env = {
      ...process.env,
      GITHUB_OUTPUT: path.join(work, 'output'),
      GITHUB_STEP_SUMMARY: path.join(work, 'summary'),
      LOCKSTEP_RELEASE_FILE: path.join(work, 'release-run.json'),
      LOCKSTEP_NPM_REGISTRY: npm.url,
      LOCKSTEP_PYPI_INDEX_URL: pypi.indexUrl,
      LOCKSTEP_CRATES_INDEX_URL: `sparse+${github.url}/crates/`,
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: 'example/quill',
      GH_TOKEN: 'test',
    };
    let err = '';
    const code = await main(['release-plan', '--event', 'workflow_dispatch', '--ref', 'refs/heads/main', '--sha', sha, '--version', VERSION, '--dry-run', 'false'], {
      cwd: r.dir, env, stdout: () => undefined, stderr: (t) => (err += t),
    });
    expect(err).toBe('');
    expect(code).toBe(0);
    const outputs = readStepOutputs(env.GITHUB_OUTPUT);
    const run = JSON.parse(fs.readFileSync(env.LOCKSTEP_RELEASE_FILE, 'utf8')) as ReleaseRun;
    return { build: JSON.parse(outputs.build), summary: fs.readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8'), run };
  }

  beforeAll(async () => {
    [npm, pypi, github] = await Promise.all([startVerdaccio(), startPypiServer(), startRecordedServer()]);
    r = exampleRepo();
    fs.writeFileSync(path.join(r.dir, r.plan.planFile), `${JSON.stringify(r.plan, undefined, 2)}\n`);
    sha = bumpAndCommit(r, '0.3.0', VERSION, `Release ${VERSION} (#40)`);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([npm?.stop(), pypi?.stop(), github?.close()]);
  });

  it('GIVEN a first release (nothing published) WHEN planned THEN every product with a build job builds', async () => {
    const { build } = await plan();
    expect(build).toEqual(['quill-ffi', 'quill-py', 'quill-node', 'quill-wasm', 'quill-desktop', 'quill-notes']);
  }, 60_000);

  it('GIVEN a re-run where only quill-notes is missing on npm WHEN planned THEN only quill-notes builds, and the plan says which products are not rebuilt', async () => {
    publishToNpm('@quill-db/quill');
    publishToNpm('@quill-db/quill-wasm');
    const upload = spawnSync(TWINE, ['upload', '--disable-progress-bar', writeWheel(tempDir(), 'quill-db', VERSION)], { env: { ...process.env, ...pypi.twineEnv }, encoding: 'utf8' });
    expect(upload.status, upload.stderr).toBe(0);
    for (const p of r.plan.tracks[0].products) release(p.name, 'published');
    const { build, summary, run } = await plan();
    planned = run;
    expect(build).toEqual(['quill-notes']);
    expect(summary).toContain('Build jobs run for: quill-notes; not for quill, quill-ffi, quill-ask, quill-mcp, quill-py, quill-node, quill-wasm, sdk-go, quill-desktop (nothing of theirs left to publish from a build).');
  }, 60_000);

  it('GIVEN products not rebuilt because npm has them WHEN the npm job runs THEN npm is asked again and they are skipped without looking for a build', async () => {
    const run = planned!;
    const ws = tempDir();
    const exec = new SpawnExec({ ...process.env, ...npm.env }, ws);
    const log = memoryLog();
    const registry = new HttpRegistry({ LOCKSTEP_NPM_REGISTRY: npm.url }, exec);
    const deps = { registry, exec, fs: new NodeFs(ws), log, sleep: async () => undefined, now: () => Date.now() };
    const rateLimit = { maxWaitMs: 0, defaultWaitMs: 1_000, setting: '--rate-limit-wait' };
    const outcomes = await publishNpm(run, deps, { artifactsDir: 'artifacts', dryRun: false, provenance: false, registryUrl: npm.url, rateLimit });
    expect(outcomes.map((o) => [o.product, o.subject, o.outcome])).toEqual([
      ['quill-node', '@quill-db/quill', 'skipped:already-published'],
      ['quill-wasm', '@quill-db/quill-wasm', 'skipped:already-published'],
      ['quill-notes', 'quill-notes', 'failed'],
    ]);
    expect(outcomes[2].detail).toBe('expected one .tgz in artifacts/npm.quill-notes, found 0: did the build job run?');
    expect(log.lines).toContain('::notice::@quill-db/quill@0.4.0 is already on npm; skipped.');
  }, 60_000);

  it('GIVEN quill-py\'s files on PyPI but its GitHub Release still a draft WHEN planned THEN its wheels are rebuilt: PyPI cannot say every file is there, the published release can', async () => {
    release('quill-py', 'draft');
    expect((await plan()).build).toEqual(['quill-py', 'quill-notes']);
    release('quill-py', 'published');
    release('quill-desktop', 'none');
    expect((await plan()).build).toEqual(['quill-desktop', 'quill-notes']);
  }, 60_000);

  it('GIVEN everything published WHEN planned THEN nothing builds', async () => {
    release('quill-desktop', 'published');
    publishToNpm('quill-notes');
    expect((await plan()).build).toEqual([]);
  }, 60_000);
});
