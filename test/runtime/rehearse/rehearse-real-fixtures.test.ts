import { beforeAll, describe, expect, it } from 'vitest';
import { accepted } from '../../../src/runtime/rehearse/registry-state';
import { RunResult, ScenarioResult } from '../../../src/runtime/rehearse/rehearsal';
import { REHEARSAL_TIMEOUT_MS, rehearseFixture } from '../../support/rehearsal';

/**
 * The real-shape fixtures rehearsed end to end: each adopted as a maintainer adopts the library (its own
 * workflows handed over, the project synthesized with the configuration of test/fixtures/real/configs.ts),
 * then its generated release.yml run against real local registries (verdaccio, pypiserver, estuary), a bare
 * git remote and the rehearsal's GitHub Releases stand-in (not GitHub: GitHub cannot be reached here).
 *
 * dioxide (seed 001: one maturin package at the root, abi3 wheels, the version in Cargo.toml) is rehearsed
 * here. The rehearsal's crates registry stands in for crates.io as a whole (cargo's source replacement), so
 * for a fixture whose crates go to crates.io it is seeded with the crates.io crates their Cargo.lock names
 * (src/runtime/rehearse/crates-seed.ts); sqlrite is rehearsed that way in rehearse-sqlrite.test.ts.
 * flovyn-sdk-rust is rehearsed in rehearse-flovyn.test.ts: its first release stops at the crate check
 * (flovyn-worker-sdk depends on flovyn-worker-core by path without a version, which `cargo package`
 * refuses). Not rehearsed yet: starstats publishes no crate (its crates are `publish: false`; it releases a
 * Tauri app); ruvector stops in its plan job: its root package.json (an npm workspace root) has no
 * package-lock.json, so the `npm ci` that installs the lockstep CLI fails, and a lockfile for its npm
 * workspace is more than a test should write for the maintainer.
 */
const WHEEL = /^dioxide-2\.1\.0-cp311-abi3-manylinux_\d+_\d+_x86_64\.whl$/;

function state(run: RunResult, target: string, name: string): string {
  const row = run.rows.find((r) => r.target === target && r.name === name);
  return row ? `${row.said}, ${row.before} → ${row.after}` : `no row for ${target} ${name}`;
}

function pypiFiles(run: RunResult): string[] {
  return run.uploads.filter((u) => u.target === 'pypi' && accepted(u)).map((u) => u.file ?? '');
}

describe('lockstep rehearse on the dioxide fixture: first release, re-run; pypiserver stopped mid-upload, then a fixed re-run (real registries)', () => {
  let rerun: ScenarioResult;
  let fail: ScenarioResult;
  let printed: string[];

  beforeAll(async () => {
    const rehearsed = await rehearseFixture('dioxide', { scenarios: ['rerun', 'fail'], fail: ['dioxide'], failure: 'server-stopped' });
    [rerun, fail] = rehearsed.results;
    printed = rehearsed.printed;
  }, REHEARSAL_TIMEOUT_MS);

  it('GIVEN the first release WHEN the registries are asked THEN the wheel built here and the sdist are on PyPI, each uploaded once, and the product and umbrella are tagged and released', () => {
    const [first] = rerun.runs;
    const files = pypiFiles(first);
    expect(files).toHaveLength(2);
    expect(files.find((f) => WHEEL.test(f)), files.join(', ')).toBeDefined();
    expect(files).toContain('dioxide-2.1.0.tar.gz');
    expect(first.rows.map((r) => `${r.target} ${r.name}: ${r.said}, ${r.before} → ${r.after}`).sort()).toEqual([
      'github-release dioxide: published, absent → there',
      'pypi dioxide: published, absent → there',
      'tag dioxide-v2.1.0: published, absent → there',
      'tag v2.1.0: published, absent → there',
      'umbrella v2.1.0: published, absent → there',
    ]);
    expect(first.githubLatest).toBe('v2.1.0');
  });

  it('GIVEN the first release WHEN its jobs are read in the order they ran THEN the wheels are built before the tags, uploaded after them, and released after the upload', () => {
    const ran = rerun.runs[0].report.jobs.filter((j) => j.result !== 'skipped').map((j) => `${j.id} ${j.result}`);
    expect(ran).toEqual(['plan success', 'build-dioxide success', 'tag-all success', 'publish-pypi success', 'github-releases success', 'release-umbrella success', 'summary success']);
  });

  it('GIVEN a re-run of the same version WHEN the registries are watched THEN nothing is uploaded or built, and the summary reports everything as already there', () => {
    const [, again] = rerun.runs;
    expect(again.uploads).toEqual([]);
    expect(again.report.results.get('build-dioxide')).toBe('skipped');
    expect(again.rows.length).toBe(5);
    for (const r of again.rows) expect(`${r.target} ${r.name}: ${r.said}, ${r.before} → ${r.after}`).toBe(`${r.target} ${r.name}: already there, there → there`);
    expect(rerun.problems).toEqual([]);
    expect(rerun.duplicates).toEqual([]);
    expect(rerun.misses).toEqual([]);
  });

  it('GIVEN pypiserver killed while it receives the wheel WHEN the run ends THEN the upload had no answer, nothing of dioxide is on PyPI, the summary says failed and the GitHub Release stays a draft', () => {
    const [first] = fail.runs;
    expect(first.uploads.map((u) => `${u.target} ${u.status}`)).toEqual(['pypi 0']);
    expect(first.uploads[0].file).toMatch(WHEEL);
    expect(state(first, 'pypi', 'dioxide')).toBe('failed, absent → absent');
    expect(state(first, 'github-release', 'dioxide')).toBe('failed, absent → draft');
    expect(state(first, 'tag', 'dioxide-v2.1.0')).toBe('published, absent → there');
    expect(first.report.results.get('publish-pypi')).toBe('failure');
    expect(first.report.results.get('summary')).toBe('failure');
    expect(printed.join('\n')).toMatch(/pypiserver was killed at \+\d+\.\d s while it received dioxide@2\.1\.0 dioxide-2\.1\.0-cp311-abi3-\S+\.whl; started again on its port and data/);
  });

  it('GIVEN the fixed re-run after the server came back WHEN it ends THEN the wheel and the sdist are published exactly once over both runs: 0 duplicates, 0 misses, and the summaries agree with the registries', () => {
    const [, fixed] = fail.runs;
    expect(pypiFiles(fixed)).toHaveLength(2);
    expect(pypiFiles(fixed)).toContain('dioxide-2.1.0.tar.gz');
    expect(state(fixed, 'pypi', 'dioxide')).toBe('published, absent → there');
    expect(state(fixed, 'github-release', 'dioxide')).toBe('published, draft → there');
    expect(state(fixed, 'tag', 'dioxide-v2.1.0')).toBe('already there, there → there');
    expect(fixed.report.results.get('summary')).toBe('success');
    expect(fail.duplicates).toEqual([]);
    expect(fail.misses).toEqual([]);
    expect(fail.problems).toEqual([]);
  });

  it('GIVEN the rehearsal output WHEN a maintainer reads it THEN it names the failure injected, the platforms not built here and the CLI linked in place of the registry\'s', () => {
    const text = printed.join('\n');
    expect(text).toContain('injected failure: the registry server is killed while it receives the first upload of dioxide, and stays down for the rest of the run');
    expect(text).toContain('build-dioxide: linux-arm64, macos-arm64, macos-x64, windows-x64');
    expect(text).toContain('the repository\'s npm ci does not install projen-lockstep-release, so this library\'s build');
    // It declares no projen-lockstep-release, so no install registry is started for it.
    expect(text).not.toContain('npm ci (installs)');
    expect(text).toContain('no answer (the server was stopped mid-upload)');
  });
});
