import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { FsRepoReader, PlanOptions, buildPlan, planConfigOf } from '../../src/model';
import { REAL_FIXTURES_DIR, realFixture } from '../support/real-repos';

/**
 * The checks of accepted-mistakes.test.ts refuse nothing a real repository does on purpose: each real-shape
 * fixture's configuration, checked against its own GitHub repository (SQLRite's Go module names it), plans.
 */
describe('real repositories pass the synth checks', () => {
  it.each(['sqlrite', 'dioxide', 'starstats', 'flovyn-sdk-rust', 'ruvector'])('GIVEN %s with its repository WHEN planned THEN nothing is refused', (name) => {
    const fixture = realFixture(name);
    const options = fixture.options() as PlanOptions;
    const repo = new FsRepoReader(path.join(REAL_FIXTURES_DIR, name));
    const config = planConfigOf(options, repo, '0.0.0');
    expect(buildPlan({ ...config, repository: fixture.repository }, repo).tracks.length).toBeGreaterThan(0);
  });
});
