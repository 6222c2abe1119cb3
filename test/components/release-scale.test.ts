// Issue 20: a 1000-crate monorepo (plus 200 npm packages) gets a release.yml within GitHub's limits, whose
// jobs do not depend on the number of products, and whose values passed between jobs stay small.
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { generateMonorepo, writeOwnCi } from '../../bench/monorepo';
import { GITHUB_LIMITS, LockstepConfigError, NPM_PACKAGES_BUILD_JOB, ReleasePlan, staticMatrixCells } from '../../src/model';
import { npmPackageBuilds, planJobOutputs } from '../../src/runtime/release/release-plan';
import { synthIn, tempDir } from '../support/fixtures';
import { firstReleaseRun } from '../support/release-run';

interface Synthed {
  readonly text: string;
  readonly wf: any;
  readonly plan: ReleasePlan;
}

/**
 * N crates and N/5 npm packages, synthesized. Until ci.yml scales (the ci side of issue 20), the limit check
 * refuses the generated ci.yml of a large monorepo: then the repository keeps a CI of its own
 * (`ci: { enabled: false }`), and release.yml, which this test is about, is generated all the same.
 */
function synthAt(n: number): Synthed {
  const dir = tempDir(`lockstep-scale-${n}-`);
  const products = generateMonorepo(dir, n, n / 5);
  let out: Record<string, any>;
  try {
    out = synthIn(dir, { products });
  } catch (e) {
    if (!(e instanceof LockstepConfigError) || !/^\.github\/workflows\/ci\.yml would exceed GitHub's limits/.test(e.message)) throw e;
    writeOwnCi(dir);
    out = synthIn(dir, { products, ci: { enabled: false } });
  }
  const text = out['.github/workflows/release.yml'] as string;
  return { text, wf: parseYaml(text), plan: out['.lockstep/release-plan.json'] as ReleasePlan };
}

describe('issue 20: release.yml of a 1000-crate monorepo', () => {
  const small = synthAt(10);
  const large = synthAt(1000);
  const run = firstReleaseRun(large.plan);

  it('GIVEN 10 and 1000 crates WHEN synthesized THEN release.yml has the same jobs, at most 256', () => {
    expect(large.plan.tracks[0].products.length).toBe(1200);
    expect(Object.keys(large.wf.jobs).sort()).toEqual(Object.keys(small.wf.jobs).sort());
    expect(Object.keys(large.wf.jobs).length).toBeLessThanOrEqual(GITHUB_LIMITS.jobsPerRun);
    expect(Object.keys(large.wf.jobs)).toContain(NPM_PACKAGES_BUILD_JOB);
  });

  it('GIVEN 1000 crates WHEN every matrix is counted THEN none has more than 256 cells, the npm packages\' one included as the plan job computes it', () => {
    for (const [id, job] of Object.entries<any>(large.wf.jobs)) {
      if (job.strategy === undefined) continue;
      const cells = id === NPM_PACKAGES_BUILD_JOB ? npmPackageBuilds(run).length : staticMatrixCells(job.strategy.matrix);
      expect(cells, id).toBeDefined();
      expect(cells!, id).toBeLessThanOrEqual(GITHUB_LIMITS.matrixCellsPerJob);
    }
    expect(large.wf.jobs[NPM_PACKAGES_BUILD_JOB].strategy.matrix.include).toBe('${{ fromJSON(needs.plan.outputs.npm_packages) }}');
    expect(npmPackageBuilds(run)).toHaveLength(200);
  });

  it('GIVEN 1000 crates WHEN written THEN the file is within the 500 KB GitHub starts runs of', () => {
    expect(Buffer.byteLength(large.text)).toBeLessThanOrEqual(GITHUB_LIMITS.workflowFileBytes);
  });

  it('GIVEN a first release of 1000 crates WHEN the plan job passes its decision on THEN every output and job environment value is under 64 KiB, and the decision itself goes as a file', () => {
    const outputs = planJobOutputs(large.plan, run);
    const envValues = Object.values<any>(large.wf.jobs).flatMap((j) => Object.values<string>(j.env ?? {}));
    const largest = Math.max(...[...Object.values(outputs), ...envValues].map((v) => Buffer.byteLength(v)));
    expect(largest).toBeLessThan(GITHUB_LIMITS.outputValueBytes);
    // The decision itself is over what an output may have here (and grows past Linux's 128 KiB per
    // environment string with more packages per product): it travels as the artifact release-run.
    expect(Buffer.byteLength(JSON.stringify(run))).toBeGreaterThan(GITHUB_LIMITS.outputValueBytes);
    expect(Object.keys(large.wf.jobs.plan.outputs).sort()).toEqual(Object.keys(outputs).sort());
    expect(large.text).not.toContain('outputs.run');
  });
}, 300_000);
