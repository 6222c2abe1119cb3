import { beforeAll, describe, expect, it } from 'vitest';
import { accepted } from '../../../src/runtime/rehearse/registry-state';
import { ScenarioResult } from '../../../src/runtime/rehearse/rehearsal';
import { REHEARSAL_TIMEOUT_MS, rehearseExample } from '../../support/rehearsal';

/**
 * P11 rehearsed against real verdaccio: 0.3.0 is released with quill-notes refused by npm, 0.4.0 is
 * released after it, then 0.3.0 is dispatched again and publishes the quill-notes it missed. npm's
 * `latest` and GitHub's Latest (the rehearsal's stand-in) must stay on 0.4.0.
 */
describe('lockstep rehearse on the example: an older version re-run after a newer one', () => {
  let older: ScenarioResult;

  beforeAll(async () => {
    [older] = (await rehearseExample(['older'], ['quill-notes'])).results;
  }, REHEARSAL_TIMEOUT_MS);

  it('GIVEN 0.4.0 released WHEN 0.3.0 is re-run and publishes the quill-notes it missed THEN npm latest stays 0.4.0', () => {
    const [first, newer, rerun] = older.runs;
    expect(first.npmLatest['quill-notes']).toBeUndefined();
    expect(newer.npmLatest['quill-notes']).toBe('0.4.0');
    expect(rerun.uploads.filter((u) => accepted(u)).map((u) => `${u.name}@${u.version}`)).toEqual(['quill-notes@0.3.0']);
    expect(rerun.npmLatest['quill-notes']).toBe('0.4.0');
  });

  it('GIVEN the same runs WHEN the GitHub Releases stand-in is asked THEN its Latest is v0.4.0 after both later runs', () => {
    const [, newer, rerun] = older.runs;
    expect(newer.githubLatest).toBe('v0.4.0');
    expect(rerun.githubLatest).toBe('v0.4.0');
  });

  it('GIVEN the three runs WHEN the scenario is judged THEN the registries and summaries agree, with no duplicate and no miss', () => {
    expect(older.problems).toEqual([]);
    expect(older.duplicates).toEqual([]);
    expect(older.misses).toEqual([]);
  });
});
