import { beforeAll, describe, expect, it } from 'vitest';
import { StateRow } from '../../../src/runtime/rehearse/registry-state';
import { RunResult, ScenarioResult } from '../../../src/runtime/rehearse/rehearsal';
import { lockstep } from '../../support/cli';
import { EXAMPLE_DIR, tempDir } from '../../support/fixtures';
import { REHEARSAL_TIMEOUT_MS, rehearseExample } from '../../support/rehearsal';

/**
 * The example's release.yml rehearsed end to end against real local registries (verdaccio, pypiserver,
 * estuary), a bare git remote and the rehearsal's GitHub Releases stand-in (not GitHub: GitHub cannot be
 * reached here), with the products this machine cannot build left out (test/support/rehearsal.ts).
 */
const REGISTRIES = ['crates-io', 'npm', 'pypi'];

function rows(run: RunResult, target: string): StateRow[] {
  return run.rows.filter((r) => r.target === target);
}

describe('lockstep rehearse on the example: first release, then a re-run (real registries)', () => {
  let result: ScenarioResult;
  let printed: string[];

  beforeAll(async () => {
    const rehearsed = await rehearseExample(['rerun']);
    [result] = rehearsed.results;
    printed = rehearsed.printed;
  }, REHEARSAL_TIMEOUT_MS);

  it('GIVEN the first release WHEN the registries are asked THEN every package of the release is there, each uploaded once', () => {
    const [first] = result.runs;
    const there = first.rows.filter((r) => REGISTRIES.includes(r.target) || r.target === 'go').map((r) => `${r.target} ${r.name} ${r.after}`);
    expect(there.sort()).toEqual([
      'crates-io quill-ask there', 'crates-io quill-engine there', 'crates-io quill-mcp there',
      'go github.com/example/quill/sdk/go there', 'npm quill-notes there', 'pypi quill-db there',
    ]);
    for (const r of first.rows.filter((x) => x.target === 'crates-io' || x.target === 'npm')) expect(r.uploads, `${r.name}`).toBe(1);
    // PyPI takes one upload per file: the wheel built here and the sdist, each once.
    const pypiFiles = first.uploads.filter((u) => u.target === 'pypi' && u.status === 200).map((u) => u.file);
    expect(pypiFiles.sort()).toEqual(['quill_db-0.3.0-py3-none-manylinux_2_34_x86_64.whl', 'quill_db-0.3.0.tar.gz'].sort());
    expect(first.rows.filter((r) => REGISTRIES.includes(r.target)).map((r) => r.said)).toEqual(['published', 'published', 'published', 'published', 'published']);
  });

  it('GIVEN the first release WHEN the crate uploads are read in the order estuary received them THEN each crate comes after the crates it depends on', () => {
    const crates = result.runs[0].uploads.filter((u) => u.target === 'crates-io').map((u) => u.name);
    expect(crates).toEqual(['quill-engine', 'quill-ask', 'quill-mcp']);
  });

  it('GIVEN the first release WHEN the tags and the GitHub Releases stand-in are asked THEN every product is tagged and released, and the umbrella too', () => {
    const [first] = result.runs;
    expect(rows(first, 'tag').every((r) => r.before === 'absent' && r.after === 'there')).toBe(true);
    expect(rows(first, 'tag').map((r) => r.name)).toContain('v0.3.0');
    expect(rows(first, 'github-release').map((r) => `${r.name} ${r.after}`)).toEqual([
      'quill there', 'quill-ffi there', 'quill-ask there', 'quill-mcp there', 'quill-py there', 'sdk-go there', 'quill-notes there',
    ]);
    expect(rows(first, 'umbrella').map((r) => r.after)).toEqual(['there']);
    expect(first.githubLatest).toBe('v0.3.0');
  });

  it('GIVEN a re-run of the same version WHEN the registries are watched THEN nothing is uploaded and the summary reports everything as already there', () => {
    const [, rerun] = result.runs;
    expect(rerun.uploads).toEqual([]);
    expect(rerun.rows.length).toBeGreaterThan(0);
    for (const r of rerun.rows) {
      expect(`${r.target} ${r.name}: ${r.said}, ${r.before} → ${r.after}`).toBe(`${r.target} ${r.name}: already there, there → there`);
    }
  });

  it('GIVEN both runs WHEN the scenario is judged THEN the registries and the summaries agree, with no duplicate and no miss', () => {
    expect(result.problems).toEqual([]);
    expect(result.duplicates).toEqual([]);
    expect(result.misses).toEqual([]);
  });

  it('GIVEN the rehearsal output WHEN a maintainer reads it THEN it names what could not be rehearsed and what replaced it', () => {
    const text = printed.join('\n');
    expect(text).toContain('crates.io trusted publishing (the job\'s OIDC token exchanged for a 30-minute publish token): a fixed token the local crates registry accepts');
    expect(text).toContain('the approval of the `release` environment');
    expect(text).toContain('GitHub Releases     → a local stand-in (not GitHub)');
    expect(text).toMatch(/build-quill-ffi: linux-arm64, macos-arm64, macos-x64, windows-x64/);
    expect(text).toContain('the registries\' real state beside it:');
  });
});

describe('lockstep rehearse: bad options', () => {
  it('GIVEN an unknown scenario WHEN rehearse runs THEN it names the option and the scenarios, and starts nothing', async () => {
    const r = await lockstep(EXAMPLE_DIR, ['rehearse', '--scenario', 'everything'], {});
    expect(r.code).toBe(2);
    expect(r.err).toContain('--scenario \'everything\' is not a scenario: give first, rerun, dry-run, fail, older');
    expect(r.out).toBe('');
  });

  it('GIVEN --without a name that is no product WHEN rehearse runs THEN it names the products it knows', async () => {
    const r = await lockstep(EXAMPLE_DIR, ['rehearse', '--without', 'quill-nope'], {});
    expect(r.code).toBe(2);
    expect(r.err).toContain('--without \'quill-nope\' is not a product of the plan: give one of quill, quill-ffi');
  });

  it('GIVEN the fail scenario without --fail WHEN rehearse runs THEN it says which option is missing', async () => {
    const r = await lockstep(EXAMPLE_DIR, ['rehearse', '--scenario', 'fail'], {});
    expect(r.code).toBe(2);
    expect(r.err).toContain('--scenario fail needs --fail PACKAGE');
  });

  it('GIVEN --failure a kind of failure the rehearsal cannot inject WHEN rehearse runs THEN it names the option and the kinds it can', async () => {
    const r = await lockstep(EXAMPLE_DIR, ['rehearse', '--scenario', 'fail', '--fail', 'quill-ask', '--failure', 'timeout'], {});
    expect(r.code).toBe(2);
    expect(r.err).toContain('--failure \'timeout\' is not a failure: give refused, server-stopped');
    expect(r.out).toBe('');
  });

  it('GIVEN a tools directory without the registries WHEN rehearse runs THEN it names the missing servers and the script that installs them', async () => {
    const r = await lockstep(EXAMPLE_DIR, ['rehearse', '--tools', tempDir('lockstep-no-tools-')], {});
    expect(r.code).toBe(1);
    expect(r.err).toContain('(verdaccio, pypiserver, twine, maturin, estuary): run `bash .ci/install-registry-tools.sh`');
  });
});
