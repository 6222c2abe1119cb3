// Issue 20: synth refuses a configuration whose generated workflow GitHub would refuse, naming the file,
// what exceeds which limit and what to do.
import { describe, expect, it } from 'vitest';
import { generateMonorepo, writeOwnCi } from '../../bench/monorepo';
import { LockstepConfigError } from '../../src/model';
import { errorOf, synthIn, tempDir } from '../support/fixtures';

describe('synth checks GitHub\'s limits on the generated workflows', () => {
  it('GIVEN 300 npm packages to release WHEN synthesized THEN synth fails with one message naming release.yml, the limit and the remedy', () => {
    const dir = tempDir('lockstep-limits-');
    const products = generateMonorepo(dir, 1, 300);
    // The generated ci.yml is turned off for a CI of the repository's own: this test is about release.yml.
    writeOwnCi(dir);
    const e = errorOf(() => synthIn(dir, { products, ci: { enabled: false } }));
    expect(e).toBeInstanceOf(LockstepConfigError);
    // One matrix cell per npm package still to publish, at most 300: over the 256 cells of a job matrix.
    expect(e.message).toMatch(/^\.github\/workflows\/release\.yml would exceed GitHub's limits: job 'build-npm-packages' has a matrix of 300 cells, over GitHub's 256 per job matrix; /);
    expect(e.message).toMatch(/Release fewer products from this workflow \(split them across repositories, or set `release: \{ enabled: false \}` and keep a release workflow of your own\)\.$/);
  }, 120_000);
});
