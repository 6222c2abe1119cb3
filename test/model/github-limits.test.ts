// Issue 20: GitHub's limits on a workflow, checked at synth on every generated workflow.
import { describe, expect, it } from 'vitest';
import { GITHUB_LIMITS, LockstepConfigError, checkWorkflowLimits, staticMatrixCells } from '../../src/model';
import { errorOf } from '../support/fixtures';

const REMEDY = 'Do this instead.';
const job = (matrix?: Record<string, unknown>) => (matrix ? { strategy: { matrix } } : {});
const jobs = (n: number, extra: Record<string, object> = {}) => ({ ...Object.fromEntries(Array.from({ length: n }, (_, i) => [`j${i}`, job()])), ...extra });

describe('GitHub limits on a generated workflow', () => {
  it('GIVEN static matrices WHEN counted THEN cells are the product of the axes plus each include entry; a computed one is unknown', () => {
    expect(staticMatrixCells({ os: ['a', 'b'], python: ['3.11', '3.14'] })).toBe(4);
    expect(staticMatrixCells({ include: [{ a: 1 }, { a: 2 }, { a: 3 }] })).toBe(3);
    expect(staticMatrixCells({ os: ['a', 'b'], include: [{ os: 'c' }] })).toBe(3);
    expect(staticMatrixCells({ include: '${{ fromJSON(needs.plan.outputs.npm) }}' })).toBeUndefined();
    expect(staticMatrixCells('${{ fromJSON(needs.plan.outputs.matrix) }}')).toBeUndefined();
    expect(staticMatrixCells({ os: '${{ fromJSON(needs.plan.outputs.os) }}' })).toBeUndefined();
  });

  it('GIVEN a workflow within every limit WHEN checked THEN nothing is thrown', () => {
    const workflow = { jobs: jobs(200, { m: job({ include: Array.from({ length: 56 }, (_, i) => ({ i })) }) }) };
    expect(() => checkWorkflowLimits({ file: 'release.yml', workflow, bytes: GITHUB_LIMITS.workflowFileBytes, remedy: REMEDY })).not.toThrow();
  });

  it('GIVEN a matrix of 257 cells WHEN checked THEN the message names the file, the job, the count, the limit and the remedy', () => {
    const workflow = { jobs: { big: job({ include: Array.from({ length: 257 }, (_, i) => ({ i })) }) } };
    const e = errorOf(() => checkWorkflowLimits({ file: 'release.yml', workflow, bytes: 1000, remedy: REMEDY }));
    expect(e).toBeInstanceOf(LockstepConfigError);
    expect(e.message).toBe(".github/workflows/release.yml would exceed GitHub's limits: job 'big' has a matrix of 257 cells, over GitHub's 256 per job matrix; " +
      'a run would have 257 jobs (matrix cells counted), over the 256 GitHub runs per workflow run. Do this instead.');
  });

  it('GIVEN 257 jobs WHEN checked THEN the run is over the jobs per run', () => {
    const e = errorOf(() => checkWorkflowLimits({ file: 'ci.yml', workflow: { jobs: jobs(257) }, bytes: 1000, remedy: REMEDY }));
    expect(e.message).toBe(".github/workflows/ci.yml would exceed GitHub's limits: a run would have 257 jobs (matrix cells counted), over the 256 GitHub runs per workflow run. Do this instead.");
  });

  it('GIVEN a computed matrix WHEN checked THEN its bound from the configuration counts; without one, the job computing it bounds it at run time', () => {
    const workflow = { jobs: jobs(10, { npm: job({ include: '${{ fromJSON(needs.plan.outputs.npm) }}' }) }) };
    expect(() => checkWorkflowLimits({ file: 'release.yml', workflow, bytes: 1000, computedMatrixCells: { npm: 246 }, remedy: REMEDY })).not.toThrow();
    expect(errorOf(() => checkWorkflowLimits({ file: 'release.yml', workflow, bytes: 1000, computedMatrixCells: { npm: 300 }, remedy: REMEDY })).message)
      .toMatch(/job 'npm' has a matrix of 300 cells, over GitHub's 256 per job matrix/);
    expect(() => checkWorkflowLimits({ file: 'ci.yml', workflow, bytes: 1000, remedy: REMEDY })).not.toThrow();
    const wholeMatrix = { jobs: jobs(255, { rust: job('${{ fromJSON(needs.changes.outputs.rust-matrix) }}' as never) }) };
    expect(errorOf(() => checkWorkflowLimits({ file: 'ci.yml', workflow: wholeMatrix, bytes: 1000, computedMatrixCells: { rust: 2 }, remedy: REMEDY })).message)
      .toMatch(/a run would have 257 jobs/);
  });

  it('GIVEN a file over 500 KB WHEN checked THEN the message gives its size and the limit', () => {
    const e = errorOf(() => checkWorkflowLimits({ file: 'ci.yml', workflow: { jobs: jobs(3) }, bytes: 2_500_000, remedy: REMEDY }));
    expect(e.message).toBe(".github/workflows/ci.yml would exceed GitHub's limits: the file is 2500.0 KB, over the 500.0 KB above which GitHub starts no run of a workflow. Do this instead.");
  });
});
