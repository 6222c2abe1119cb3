import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CiMatrixJob, FsRepoReader, ReleasePlan, buildPlan, ciMatrices, expandMatrix, planConfigOf, PathPattern } from '../../src/model';
import { affectedProducts } from '../../src/runtime/affected/affected';
import { matrixOutputs } from '../../src/runtime/commands/affected';
import { CHANGE_HISTORY, trulyAffected } from '../fixtures/change-history';
import { exampleProducts } from '../support/example-products';
import { EXAMPLE_DIR, copyExample, synthIn } from '../support/fixtures';

const repo = new FsRepoReader(EXAMPLE_DIR);
const plan: ReleasePlan = buildPlan(planConfigOf({ products: exampleProducts() }, repo, '0.0.0'), repo);
const names = plan.tracks[0].products.map((p) => p.name);

describe('change detection replayed over a history of the example monorepo', () => {
  it('GIVEN the fixture history WHEN counted THEN it holds at least 50 change sets', () => {
    expect(CHANGE_HISTORY.length).toBeGreaterThanOrEqual(50);
  });

  it('GIVEN every change set WHEN detected THEN no truly affected product is left out', () => {
    const misses = CHANGE_HISTORY.flatMap((c) => {
      const selected = new Set(affectedProducts(plan, c.files).products);
      return [...trulyAffected(plan, c.files)].filter((p) => !selected.has(p)).map((p) => `${c.title}: ${p}`);
    });
    expect(misses).toEqual([]);
  });

  it('GIVEN change sets a maintainer labelled WHEN detected THEN exactly the expected products run', () => {
    const labelled = CHANGE_HISTORY.filter((c) => c.expect !== undefined);
    expect(labelled.length).toBeGreaterThan(40);
    for (const c of labelled) {
      expect([...affectedProducts(plan, c.files).products].sort(), c.title).toEqual([...c.expect!].sort());
    }
  });

  it('GIVEN the history WHEN detected THEN it selects strictly fewer product runs than running everything', () => {
    const selected = CHANGE_HISTORY.reduce((n, c) => n + affectedProducts(plan, c.files).products.length, 0);
    expect(selected).toBeLessThan(CHANGE_HISTORY.length * names.length * 0.6);
  });

  it('GIVEN docs ignored WHEN the history is replayed THEN docs-only changes run nothing and nothing read by a build is missed', () => {
    const ignorePaths = ['docs', '**/*.md'];
    const patterns = ignorePaths.map((p) => PathPattern.parse(p));
    const ignored = (f: string) => patterns.some((p) => p.matches(f));
    for (const c of CHANGE_HISTORY) {
      const selected = new Set(affectedProducts(plan, c.files, { ignorePaths }).products);
      expect([...trulyAffected(plan, c.files, ignored)].filter((p) => !selected.has(p)), c.title).toEqual([]);
    }
    expect(affectedProducts(plan, ['docs/getting-started.md', 'README.md'], { ignorePaths }).products).toEqual([]);
  });

  it('GIVEN the generated ci.yml WHEN each change set drives its matrices THEN every truly affected product has a cell in every job of its kind, and those jobs run', () => {
    const ci = parseYaml(synthIn(copyExample(), { products: exampleProducts() })['.github/workflows/ci.yml']);
    const full = ciMatrices(plan);
    for (const c of CHANGE_HISTORY) {
      // What `lockstep affected` writes for the change: the jobs with cells and each job's matrix.
      const { outputs } = matrixOutputs(plan, {}, affectedProducts(plan, c.files).products);
      const running = JSON.parse(outputs.jobs) as CiMatrixJob[];
      for (const p of trulyAffected(plan, c.files)) {
        const its = Object.entries(full).filter(([, groups]) => groups.some((g) => g.products.includes(p))).map(([j]) => j as CiMatrixJob);
        expect(its.length, p).toBeGreaterThan(0);
        for (const j of its) {
          expect(running, `${c.title}: ${p} in ${j}`).toContain(j);
          expect(Object.keys(ci.jobs), j).toContain(j);
          // At this size every product is a group of its own, named after it.
          expect(expandMatrix(JSON.parse(outputs[`${j}-matrix`])).some((cell) => cell.group === p), `${c.title}: ${p} in ${j}`).toBe(true);
        }
      }
    }
  });
});
