import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { generateMonorepo } from '../../bench/monorepo';
import { CI_MATRIX_JOBS, ReleasePlan, ciMatrices, expandMatrix } from '../../src/model';
import { synthesize } from '../gates/configurations';
import { projectIn, tempDir } from '../support/fixtures';
import { asJobStep } from '../support/hostile';

/**
 * Issue 20: ci.yml's job count and size depend on the kinds of products, not on their number. GitHub's
 * limits are asserted here as numbers (the model module of GitHub's limits is another change's):
 * 256 jobs per matrix (documented) and per workflow run (reported by users), 64 KiB as our bound on one job output (GitHub allows 1 MB;
 * every output reaches later jobs' environments, and Linux refuses one environment string over 128 KiB).
 */
const MAX_JOBS = 256;
const MAX_CELLS = 256;
const MAX_OUTPUT_BYTES = 64 * 1024;
const MAX_FILE_BYTES = 500 * 1000;
const CI = '.github/workflows/ci.yml';

interface Measured {
  readonly text: string;
  readonly ci: any;
  readonly plan: ReleasePlan;
  /** The `changes` job's step outputs when every product is affected (a dispatched run). */
  readonly outputs: Record<string, string>;
}

/** A generated monorepo of `crates` crates and crates/5 npm packages, synthesized, then `lockstep affected` run in it as a dispatched CI run does. */
async function measure(crates: number): Promise<Measured> {
  const dir = tempDir(`lockstep-scale-${crates}-`);
  const products = generateMonorepo(dir, crates, crates / 5);
  synthesize(projectIn(dir, { products }));
  const view = await asJobStep(dir, ['affected'], { GITHUB_EVENT_NAME: 'workflow_dispatch' });
  expect(view.code, view.stderr).toBe(0);
  const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
  const text = read(CI);
  return { text, ci: parseYaml(text), plan: JSON.parse(read('.lockstep/release-plan.json')) as ReleasePlan, outputs: view.outputs };
}

describe('ci.yml of a 1000-crate monorepo', async () => {
  const small = await measure(10);
  const large = await measure(1000);

  it('GIVEN 10 and 1000 crates WHEN synthesized THEN ci.yml has the same jobs, within GitHub\'s 256', () => {
    expect(Object.keys(large.ci.jobs)).toEqual(Object.keys(small.ci.jobs));
    expect(Object.keys(large.ci.jobs)).toEqual(['changes', 'verify', 'rust', 'lint', 'npm', 'ci-ok']);
    expect(Object.keys(large.ci.jobs).length).toBeLessThanOrEqual(MAX_JOBS);
  });

  it('GIVEN 1000 crates WHEN synthesized THEN ci.yml is well under 500 KB, and no bigger than at 10 crates', () => {
    expect(Buffer.byteLength(large.text)).toBeLessThan(MAX_FILE_BYTES);
    expect(Buffer.byteLength(large.text)).toBe(Buffer.byteLength(small.text));
  });

  it('GIVEN every product affected WHEN lockstep affected computes the matrices THEN each expands to at most 256 cells, the run to at most 256 jobs, and every product is in one', () => {
    const jobs = JSON.parse(large.outputs.jobs) as string[];
    expect(jobs).toEqual(['rust', 'lint', 'npm']);
    const covered: Record<string, string[]> = {};
    for (const job of jobs) {
      const cells = expandMatrix(JSON.parse(large.outputs[`${job}-matrix`]));
      expect(cells.length, job).toBeLessThanOrEqual(MAX_CELLS);
      expect(cells.length, job).toBeGreaterThan(0);
      covered[job] = cells.map((c) => c.group);
    }
    // The cells of all matrices and the three jobs that always run: within the 256 jobs GitHub runs per workflow run.
    expect(Object.values(covered).flat().length + 3).toBeLessThanOrEqual(MAX_JOBS);
    const groups = ciMatrices(large.plan);
    // Grouped, yet every crate is built and tested on all three OSes, and every npm package on both Node lines.
    expect(groups.rust!.flatMap((g) => g.products)).toHaveLength(1000);
    expect(groups.npm!.flatMap((g) => g.products)).toHaveLength(200);
    expect(new Set(covered.rust).size).toBe(groups.rust!.length);
    expect(covered.rust.length).toBe(groups.rust!.length * 3);
    expect(covered.npm.length).toBe(groups.npm!.length * 2);
    // Each rust cell builds its whole group in one cargo invocation, and the group's list is in the output once.
    const first = expandMatrix(JSON.parse(large.outputs['rust-matrix']))[0];
    expect(first.build).toBe('cargo build --locked --all-targets $PACKAGES');
    expect(first.packages.match(/-p bench-crate-\d+/g)).toHaveLength(groups.rust![0].products.length);
    expect(large.outputs['rust-matrix'].match(/-p bench-crate-000 /g)).toHaveLength(1);
  });

  it('GIVEN every product affected WHEN the outputs are measured THEN each is under 64 KiB', () => {
    for (const [name, value] of Object.entries(large.outputs)) expect(Buffer.byteLength(value), name).toBeLessThan(MAX_OUTPUT_BYTES);
    for (const job of CI_MATRIX_JOBS) expect(large.outputs[`${job}-matrix`], job).toBeDefined();
  });

  it('GIVEN 1000 crates WHEN ci-ok reads the results THEN what it is handed does not grow with the crates', () => {
    const decide = (m: Measured) => m.ci.jobs['ci-ok'].steps.at(-1).env;
    expect(decide(large)).toEqual(decide(small));
  });

  it('GIVEN 10 crates WHEN every product is affected THEN each crate is a group of its own, as one job per crate was', () => {
    expect(ciMatrices(small.plan).rust!.map((g) => g.products.length)).toEqual(Array(10).fill(1));
  });
}, 300_000);
