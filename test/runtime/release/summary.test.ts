import { describe, expect, it } from 'vitest';
import { Outcome } from '../../../src/runtime/release/outcomes';
import { ReleaseRun } from '../../../src/runtime/release/run';
import { needsFromEnv, summarize } from '../../../src/runtime/release/summary';

const RUN: ReleaseRun = {
  schema: 1,
  release: true,
  reason: 'test',
  dryRun: false,
  event: 'push',
  track: 'default',
  version: '1.0.0',
  commit: 'a'.repeat(40),
  umbrellaTag: 'v1.0.0',
  releaseBranch: 'main',
  publishWaves: [['core', 'py']],
  todo: ['crates-io', 'pypi'],
  products: [
    { name: 'core', kind: 'rust-crate', path: '.', tag: 'core-v1.0.0', githubRelease: false, dependsOn: [], settings: {}, packages: [{ target: 'crates-io', name: 'core', version: '1.0.0', state: 'missing' }] },
    { name: 'py', kind: 'maturin', path: 'py', tag: 'py-v1.0.0', githubRelease: false, dependsOn: [], settings: {}, packages: [{ target: 'pypi', name: 'core-py', version: '1.0.0', state: 'published' }] },
  ],
};
const ok = (product: string, target: string, subject: string, outcome: Outcome['outcome'] = 'published'): Outcome => ({ product, target, subject, version: '1.0.0', outcome, detail: '' });
const UMBRELLA = ok('(umbrella)', 'umbrella', 'v1.0.0');
const allGood = { 'plan': { result: 'success' }, 'tag-all': { result: 'success' }, 'publish-crates': { result: 'success' }, 'publish-pypi': { result: 'skipped' }, 'release-umbrella': { result: 'success' } };

describe('the summary of real outcomes', () => {
  it('P6 GIVEN every target published or already there WHEN summarized THEN the table shows each and the run passes', () => {
    const s = summarize(RUN, [ok('core', 'crates-io', 'core'), UMBRELLA], allGood);
    expect(s.failed).toBe(false);
    expect(s.rows.map((r) => [r.product, r.target, r.outcome])).toEqual([
      ['core', 'crates-io', 'published'], ['py', 'pypi', 'skipped:already-published'], ['(umbrella)', 'umbrella', 'published'],
    ]);
    expect(s.markdown.text).toContain('| core | crates-io | core | 1.0.0 | ✅ published |');
    expect(s.markdown.text).toContain('⏭️ already there');
  });

  it('GIVEN a package held back by its dependsOn and nothing failed WHEN summarized THEN its row says held back, the run is not ok and the verdict says to dispatch again', () => {
    const held = { ...ok('core', 'crates-io', 'core', 'held-back'), detail: 'held back: it is published after py (its dependsOn), and PyPI does not list it yet' };
    const s = summarize(RUN, [held, UMBRELLA], allGood);
    expect([s.failed, s.heldBack]).toEqual([false, true]);
    expect(s.markdown.text).toContain('| core | crates-io | core | 1.0.0 | ⏸️ held back | held back: it is published after py (its dependsOn), and PyPI does not list it yet |');
    expect(s.markdown.text).toMatch(/\*\*Result: incomplete\*\* — what is held back waits for a product it depends on: dispatch release\.yml again with the same version/);
  });

  it('P6 GIVEN one publish failed WHEN summarized THEN its row says failed and the run fails, the others keep their real outcome', () => {
    const s = summarize(RUN, [{ ...ok('core', 'crates-io', 'core'), outcome: 'failed', detail: 'cargo publish exited 101: 413' }, UMBRELLA], { ...allGood, 'publish-crates': { result: 'failure' } });
    expect(s.failed).toBe(true);
    expect(s.markdown.text).toMatch(/❌ failed \| cargo publish exited 101: 413/);
    expect(s.markdown.text).toContain('**Result: failed**');
  });

  it('P6 GIVEN a job that died before recording WHEN summarized THEN its packages are failed, never "published"', () => {
    const s = summarize(RUN, [UMBRELLA], { ...allGood, 'publish-crates': { result: 'failure' } });
    expect(s.rows.find((r) => r.product === 'core')).toMatchObject({ outcome: 'failed', detail: 'no outcome recorded (job publish-crates: failure)' });
    expect(s.failed).toBe(true);
  });

  it('P6 GIVEN a build job failed and nothing was published WHEN summarized THEN the run fails and says why', () => {
    const s = summarize(RUN, [], { 'plan': { result: 'success' }, 'build-py': { result: 'failure' }, 'tag-all': { result: 'skipped' }, 'publish-crates': { result: 'skipped' } });
    expect(s.failed).toBe(true);
    expect(s.rows.find((r) => r.product === 'core')!.detail).toBe('not attempted: job publish-crates was skipped because tag-all was skipped');
    expect(s.markdown.text).toContain('- failed job: build-py (failure)');
  });

  it('P7 GIVEN a dry run WHEN summarized THEN every row is a dry run saying what would have happened, and nothing failed', () => {
    const s = summarize({ ...RUN, dryRun: true }, [], { 'plan': { result: 'success' }, 'tag-all': { result: 'skipped' } });
    expect(s.rows.map((r) => [r.outcome, r.detail])).toEqual([['dry-run', 'would publish'], ['dry-run', 'already there']]);
    expect(s.failed).toBe(false);
    expect(s.markdown.text).toContain('dry run: nothing was tagged, uploaded or released');
  });

  it('GIVEN a push with nothing to release WHEN summarized THEN it says so and passes', () => {
    const s = summarize({ ...RUN, release: false, reason: 'nothing to release: 1.0.0 is already released', products: [] }, [], { plan: { result: 'success' } });
    expect(s.failed).toBe(false);
    expect(s.markdown.text).toContain('No release: nothing to release: 1.0.0 is already released.');
  });

  it('GIVEN the plan job failed WHEN summarized THEN the run fails', () => {
    expect(summarize(undefined, [], { plan: { result: 'failure' } }).failed).toBe(true);
  });

  it('GIVEN a typical release WHEN summarized THEN the step summary is the heading, the release line, the table and the verdict', () => {
    const s = summarize(RUN, [ok('core', 'tag', 'core-v1.0.0'), ok('core', 'crates-io', 'core'), UMBRELLA], allGood);
    expect(s.markdown.text).toBe([
      '## Release outcomes',
      '',
      'Release 1.0.0 (track default) from aaaaaaaaaaaa.',
      '',
      '| product | target | package / tag | version | outcome | detail |',
      '|---|---|---|---|---|---|',
      '| core | tag | core-v1.0.0 | 1.0.0 | ✅ published |  |',
      '| core | crates-io | core | 1.0.0 | ✅ published |  |',
      '| py | pypi | core-py | 1.0.0 | ⏭️ already there | the plan job found it published |',
      '| (umbrella) | umbrella | v1.0.0 | 1.0.0 | ✅ published |  |',
      '',
      '**Result: ok**',
      '',
    ].join('\n'));
    expect([s.failed, s.heldBack]).toEqual([false, false]);
  });

  it('GIVEN a cancelled job WHEN summarized THEN the run fails and names it; the failed verdict says to fix and dispatch again with the same version', () => {
    const s = summarize(RUN, [ok('core', 'crates-io', 'core'), UMBRELLA], { ...allGood, 'build-py': { result: 'cancelled' } });
    expect(s.failed).toBe(true);
    expect(s.markdown.text).toContain('- failed job: build-py (cancelled)');
    expect(s.markdown.text).toContain('**Result: failed** — fix the failures above, then dispatch release.yml again with the same version; what is already published is skipped.');
  });

  it('GIVEN no umbrella outcome WHEN summarized THEN the umbrella row failed, naming what its job did', () => {
    const s = summarize(RUN, [ok('core', 'crates-io', 'core')], { ...allGood, 'release-umbrella': { result: 'failure' } });
    expect(s.rows.at(-1)).toEqual({ product: '(umbrella)', target: 'umbrella', subject: 'v1.0.0', version: '1.0.0', outcome: 'failed', detail: 'no outcome recorded (job release-umbrella: failure)' });
    expect(s.failed).toBe(true);
  });

  it('GIVEN a publish job that is not in the run, or skipped after a good tag job WHEN summarized THEN the package\'s row says which', () => {
    const notThere = summarize(RUN, [UMBRELLA], { plan: { result: 'success' } });
    expect(notThere.rows.find((r) => r.product === 'core')!.detail).toBe('no outcome recorded (job publish-crates is not in this run)');
    const skipped = summarize(RUN, [UMBRELLA], { ...allGood, 'publish-crates': { result: 'skipped' } });
    expect(skipped.rows.find((r) => r.product === 'core')!.detail).toBe('not attempted: job publish-crates was skipped');
    const noTagJob = summarize(RUN, [UMBRELLA], { 'publish-crates': { result: 'skipped' } });
    expect(noTagJob.rows.find((r) => r.product === 'core')!.detail).toBe('not attempted: job publish-crates was skipped');
  });

  it('GIVEN a recorded outcome of the product\'s target that names another subject WHEN summarized THEN it is the package\'s row, once', () => {
    const custom = { ...ok('core', 'crates-io', 'core (own publish command)'), outcome: 'failed' as const, detail: 'the publish step failed: see its log' };
    const s = summarize(RUN, [custom, { ...custom, detail: 'a second row' }, UMBRELLA], allGood);
    expect(s.rows.filter((r) => r.product === 'core')).toEqual([custom]);
  });

  it('S6 GIVEN a PyPI package recorded per file WHEN summarized THEN each file is a row of the package', () => {
    const file = (subject: string, outcome: Outcome['outcome']) => ({ ...ok('py', 'pypi', subject, outcome), package: 'core-py' });
    const s = summarize(RUN, [ok('core', 'crates-io', 'core'), file('core_py-1.0.0.tar.gz', 'published'), file('core_py-1.0.0-py3-none-any.whl', 'skipped:already-published'), UMBRELLA], allGood);
    expect(s.rows.filter((r) => r.product === 'py').map((r) => [r.subject, r.outcome])).toEqual([
      ['core_py-1.0.0.tar.gz', 'published'], ['core_py-1.0.0-py3-none-any.whl', 'skipped:already-published'],
    ]);
  });

  it('GIVEN a product\'s tag row but no row of its publish job WHEN summarized THEN its package\'s row comes from the job\'s result, not from the tag', () => {
    const s = summarize(RUN, [ok('core', 'tag', 'core-v1.0.0'), UMBRELLA], { ...allGood, 'publish-crates': { result: 'failure' } });
    expect(s.rows.map((r) => [r.target, r.subject, r.outcome])).toEqual([
      ['tag', 'core-v1.0.0', 'published'], ['crates-io', 'core', 'failed'], ['pypi', 'core-py', 'skipped:already-published'], ['umbrella', 'v1.0.0', 'published'],
    ]);
  });

  it('P6 GIVEN an outcome file that says failed and every job succeeded WHEN summarized THEN the run fails', () => {
    const s = summarize(RUN, [{ ...ok('core', 'crates-io', 'core'), outcome: 'failed', detail: 'cargo publish exited 101' }, UMBRELLA], allGood);
    expect(s.failed).toBe(true);
  });

  it('GIVEN rows of another product on the same target, or of another subject WHEN summarized THEN a package shows only its own row', () => {
    const py2 = { name: 'py2', kind: 'maturin', path: 'py2', tag: 'py2-v1.0.0', githubRelease: false, dependsOn: [], settings: {}, packages: [{ target: 'pypi' as const, name: 'core-py2', version: '1.0.0', state: 'missing' as const }] };
    const run = { ...RUN, products: [...RUN.products, py2] };
    const s = summarize(run, [ok('core', 'crates-io', 'core-sys'), ok('core', 'crates-io', 'core', 'failed'), ok('py2', 'pypi', 'core-py2'), UMBRELLA], allGood);
    expect(s.rows.map((r) => [r.product, r.subject, r.outcome])).toEqual([
      ['core', 'core', 'failed'], ['py', 'core-py', 'skipped:already-published'], ['py2', 'core-py2', 'published'], ['(umbrella)', 'v1.0.0', 'published'],
    ]);
  });

  it('GIVEN a dry run WHEN summarized THEN its rows read "dry run"', () => {
    const s = summarize({ ...RUN, dryRun: true }, [], { plan: { result: 'success' } });
    expect(s.markdown.text).toContain('| core | crates-io | core | 1.0.0 | 🧪 dry run | would publish |');
    expect(s.markdown.text).toContain('Release 1.0.0 (track default) from aaaaaaaaaaaa — dry run: nothing was tagged, uploaded or released.');
    expect(s.markdown.text).toContain('**Result: ok**');
  });

  it('GIVEN no release and a failed job WHEN summarized THEN the run fails and names the job', () => {
    const s = summarize({ ...RUN, release: false, reason: 'nothing to release', products: [] }, [], { 'plan': { result: 'success' }, 'dispatch-tracks': { result: 'failure' } });
    expect(s.failed).toBe(true);
    expect(s.rows).toEqual([]);
    expect(s.markdown.text).toContain('No release: nothing to release.\n- failed: dispatch-tracks (failure)');
    expect(s.markdown.text).toBe([
      '## Release outcomes',
      '',
      'No release: nothing to release.',
      '- failed: dispatch-tracks (failure)',
      '',
      '',
      '**Result: failed** — fix the failures above, then dispatch release.yml again with the same version; what is already published is skipped.',
      '',
    ].join('\n'));
  });

  it('GIVEN the plan job failed WHEN summarized THEN the summary says to read its log and names the failed job', () => {
    const s = summarize(undefined, [], { plan: { result: 'failure' } });
    expect(s.markdown.text).toContain('The plan job did not produce a release decision: see its log.\n- plan (failure)');
    expect(s.rows).toEqual([]);
  });
});

describe('the jobs\' results release.yml passes the summary', () => {
  it('GIVEN NEEDS_JSON WHEN read THEN it is the jobs\' results; unset or empty is none', () => {
    expect(needsFromEnv({ NEEDS_JSON: '{"plan":{"result":"success"}}' })).toEqual({ plan: { result: 'success' } });
    expect(needsFromEnv({})).toEqual({});
    expect(needsFromEnv({ NEEDS_JSON: '' })).toEqual({});
  });

  it('GIVEN NEEDS_JSON that is not JSON WHEN read THEN it is refused (exit 2), naming the variable and what release.yml sets it to', () => {
    expect(() => needsFromEnv({ NEEDS_JSON: '{plan' })).toThrow(expect.objectContaining({
      exitCode: 2,
      message: expect.stringMatching(/^NEEDS_JSON is not JSON \(.+\); release\.yml sets it to toJSON\(needs\)\.$/),
    }));
  });
});
