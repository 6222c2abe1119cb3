/**
 * How many CI job runs change detection saves over the fixture history of the example monorepo, compared
 * with running every job on every change, and how many truly affected products it misses (must be 0).
 *
 *   npx ts-node --project tsconfig.dev.json bench/ci-savings.ts
 *
 * A job run is one matrix leg (rust on 3 OSes = 3 runs). The generated ci.yml of the example is parsed for
 * each job's product and leg count; `changes`, `verify` and `ci-ok` run on every change in both columns.
 */
import { parse as parseYaml } from 'yaml';
import { FsRepoReader, ReleasePlan, buildPlan, planConfigOf, PathPattern } from '../src/model';
import { AffectedRules, affectedProducts } from '../src/runtime/affected/affected';
import { CHANGE_HISTORY, trulyAffected } from '../test/fixtures/change-history';
import { exampleProducts } from '../test/support/example-products';
import { EXAMPLE_DIR, copyExample, synthIn } from '../test/support/fixtures';

interface JobLegs { readonly id: string; readonly product?: string; readonly legs: number }

function jobLegs(ciYaml: string): JobLegs[] {
  const ci = parseYaml(ciYaml) as { jobs: Record<string, { if?: string; strategy?: { matrix: Record<string, unknown[]> } }> };
  return Object.entries(ci.jobs).map(([id, j]) => ({
    id,
    product: /'([^']+)'\)$/.exec(j.if ?? '')?.[1],
    legs: Object.values(j.strategy?.matrix ?? {}).reduce((n: number, axis) => n * axis.length, 1),
  }));
}

function replay(plan: ReleasePlan, jobs: JobLegs[], label: string, rules: AffectedRules): void {
  const patterns = (rules.ignorePaths ?? []).map((p) => PathPattern.parse(p));
  const ignored = (f: string) => patterns.some((p) => p.matches(f));
  const everyTime = jobs.reduce((n, j) => n + j.legs, 0);
  let selective = 0;
  let productMisses = 0;
  let legMisses = 0;
  let fullRuns = 0;
  for (const change of CHANGE_HISTORY) {
    const result = affectedProducts(plan, change.files, rules);
    const selected = new Set(result.products);
    if (result.products.length === plan.tracks[0].products.length) fullRuns++;
    selective += jobs.filter((j) => j.product === undefined || selected.has(j.product)).reduce((n, j) => n + j.legs, 0);
    const missed = [...trulyAffected(plan, change.files, ignored)].filter((p) => !selected.has(p));
    productMisses += missed.length;
    legMisses += jobs.filter((j) => j.product !== undefined && missed.includes(j.product)).reduce((n, j) => n + j.legs, 0);
  }
  const n = CHANGE_HISTORY.length;
  const all = everyTime * n;
  console.log(`\n${label}`);
  console.log(`  ${'change sets'.padEnd(34)} ${n}`);
  console.log(`  ${'changes that ran every product'.padEnd(34)} ${fullRuns}`);
  console.log(`  ${'job runs, everything every time'.padEnd(34)} ${String(all).padStart(6)}  (${everyTime.toFixed(1)} per change)`);
  console.log(`  ${'job runs, change detection'.padEnd(34)} ${String(selective).padStart(6)}  (${(selective / n).toFixed(1)} per change)`);
  console.log(`  ${'saving'.padEnd(34)} ${String(all - selective).padStart(6)}  (${(((all - selective) / all) * 100).toFixed(1)} %)`);
  console.log(`  ${'misses (truly affected, skipped)'.padEnd(34)} ${String(productMisses).padStart(6)}  products, ${legMisses} job runs`);
}

function main(): void {
  const repo = new FsRepoReader(EXAMPLE_DIR);
  const plan = buildPlan(planConfigOf({ products: exampleProducts() }, repo, '0.0.0'), repo);
  const jobs = jobLegs(synthIn(copyExample(), { products: exampleProducts() })['.github/workflows/ci.yml']);
  console.log(`ci.yml of examples/polyglot: ${jobs.length} jobs, ${jobs.reduce((n, j) => n + j.legs, 0)} job runs when everything runs`);
  for (const j of jobs) console.log(`  ${j.id.padEnd(22)} ${String(j.legs).padStart(2)}  ${j.product ?? '(every change)'}`);
  replay(plan, jobs, 'default rules', {});
  replay(plan, jobs, "ignorePaths: ['docs', '**/*.md']", { ignorePaths: ['docs', '**/*.md'] });
}

main();
