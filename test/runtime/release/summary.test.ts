import { describe, expect, it } from 'vitest';
import { Outcome } from '../../../src/runtime/release/outcomes';
import { ReleaseRun } from '../../../src/runtime/release/run';
import { summarize } from '../../../src/runtime/release/summary';

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
});
