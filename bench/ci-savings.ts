/**
 * How many CI job runs change detection saves, compared with running every job on every change, and how
 * many affected products it misses (must be 0), on two histories:
 * - SQLRite's last 150 commits (../shared/data/sqlrite-ci-history.json), replayed through
 *   `lockstep affected` with the configuration the data set names, side by side with the data set's own
 *   `affected` column (an independent reading of what each change can affect);
 * - the fixture history of the example monorepo (test/fixtures/change-history.ts).
 *
 *   npx projen compile && npx ts-node --project tsconfig.dev.json bench/ci-savings.ts
 *
 * A job run is one matrix cell (a crate's rust tests on 3 OSes = 3 runs). ci.yml's matrix jobs take their
 * cells from `lockstep affected`; the cells are computed here as it computes them (the model's
 * `ciMatrices`), with every product affected, each product a group of its own at these sizes. Product job
 * runs only: `changes`, `verify` and `ci-ok` run on every change either way.
 */
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { CiMatrixJob, FsRepoReader, ReleasePlan, buildPlan, cellCount, ciMatrices, planConfigOf, PathPattern } from '../src/model';
import { AffectedRules, affectedProducts } from '../src/runtime/affected/affected';
import { CHANGE_HISTORY, trulyAffected } from '../test/fixtures/change-history';
import { CliMain, ciSettingsOf, jobRuns, replayCiHistory } from '../test/support/ci-history';
import { exampleProducts } from '../test/support/example-products';
import { EXAMPLE_DIR, copyExample, synthIn } from '../test/support/fixtures';

interface JobLegs { readonly id: string; readonly product?: string; readonly legs: number }

/** Every group of every matrix job when every product is affected (`rust quill`: 3 legs), plus the jobs that run on every change. */
function jobLegs(plan: ReleasePlan, ciYaml: string): JobLegs[] {
  const groups = Object.entries(ciMatrices(plan, ciSettingsOf(ciYaml))) as Array<[CiMatrixJob, ReturnType<typeof ciMatrices>[CiMatrixJob]]>;
  return [
    ...['changes', 'verify'].map((id) => ({ id, legs: 1 })),
    ...groups.flatMap(([job, list]) => list!.map((g) => {
      if (g.products.length !== 1) throw new Error(`${job} ${g.group}: a group of several products; count cells per group instead`);
      return { id: `${job} ${g.group}`, product: g.products[0], legs: cellCount([g]) };
    })),
    { id: 'ci-ok', legs: 1 },
  ];
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

/** SQLRite's history: everything, the tool and the data set side by side, with misses and extra runs. */
async function sqlriteHistory(): Promise<void> {
  // The compiled CLI (`npx projen compile` first): its commands load as plain modules, as users run them.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const compiled = require(path.join(__dirname, '..', 'lib', 'runtime')) as { main: CliMain };
  const history = await replayCiHistory(compiled.main);
  const n = history.commits.length;
  const all = Object.keys(history.legs);
  const row = (label: string, runs: number, base: number) => console.log(`  ${label.padEnd(46)} ${String(runs).padStart(6)}  ${(((base - runs) / base) * 100).toFixed(1).padStart(5)} % fewer`);
  const everything = n * jobRuns(history.legs, all);
  const present = history.commits.reduce((t, c) => t + jobRuns(history.legs, c.present), 0);
  const tool = history.commits.reduce((t, c) => t + jobRuns(history.legs, c.tool), 0);
  const data = history.commits.reduce((t, c) => t + jobRuns(history.legs, c.data), 0);
  const misses = history.commits.flatMap((c) => c.data.filter((p) => !c.tool.includes(p)));
  const extras = history.commits.flatMap((c) => c.tool.filter((p) => !c.data.includes(p)));
  console.log(`SQLRite CI history: ${history.history.repository} at ${history.history.head.slice(0, 7)}, ${n} commits, pull-request events, the head's plan`);
  console.log(`  ${all.length} products, ${jobRuns(history.legs, all)} product job runs when everything runs`);
  console.log(`  ${'product job runs'.padEnd(46)} ${'runs'.padStart(6)}  vs everything`);
  row(`everything (${all.length} products on every commit)`, everything, everything);
  row('everything, only the products each commit has', present, everything);
  row('lockstep affected (of the products present)', tool, everything);
  row('the data set\'s `affected` column (same)', data, everything);
  console.log(`  ${'misses (data set: affected; tool: skipped)'.padEnd(46)} ${String(misses.length).padStart(6)}  products, ${jobRuns(history.legs, misses)} job runs`);
  console.log(`  ${'extra runs (tool ran, data set did not)'.padEnd(46)} ${String(extras.length).padStart(6)}  products, ${jobRuns(history.legs, extras)} job runs`);
  for (const c of history.commits) {
    const extra = c.tool.filter((p) => !c.data.includes(p));
    if (extra.length > 0) console.log(`    ${c.commit.slice(0, 7)} (${c.files.join(', ')}): ${extra.join(', ')}`);
  }
}

async function main(): Promise<void> {
  await sqlriteHistory();
  console.log();
  const repo = new FsRepoReader(EXAMPLE_DIR);
  const plan = buildPlan(planConfigOf({ products: exampleProducts() }, repo, '0.0.0'), repo);
  const ciYaml = synthIn(copyExample(), { products: exampleProducts() })['.github/workflows/ci.yml'];
  const jobs = jobLegs(plan, ciYaml);
  const jobCount = Object.keys((parseYaml(ciYaml) as { jobs: object }).jobs).length;
  console.log(`ci.yml of examples/polyglot: ${jobCount} jobs; ${jobs.length} job-and-group pairs, ${jobs.reduce((n, j) => n + j.legs, 0)} job runs when everything runs`);
  for (const j of jobs) console.log(`  ${j.id.padEnd(24)} ${String(j.legs).padStart(2)}  ${j.product ?? '(every change)'}`);
  replay(plan, jobs, 'default rules', {});
  replay(plan, jobs, "ignorePaths: ['docs', '**/*.md']", { ignorePaths: ['docs', '**/*.md'] });
}

void main();
