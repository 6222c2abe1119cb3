import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT, projectIn, tempDir } from './fixtures';
import { copyRealFixture, handOverOwnFiles, realFixture } from './real-repos';
import { CI_SETTINGS_ENV, CiSettings, ReleasePlan, cellCount, ciMatrices } from '../../src/model';
import { main } from '../../src/runtime';

/**
 * SQLRite's CI history (../shared/data/sqlrite-ci-history.json, described in its README): the last 150
 * first-parent commits of its main branch, each with its changed paths, the products present in the tree
 * and the products an independent reading of the change says it can affect. Shared by the test that fails
 * on any miss (test/runtime/affected-sqlrite-history.test.ts) and the benchmark (bench/ci-savings.ts).
 */
export interface HistoryCommit {
  readonly commit: string;
  readonly parent: string;
  readonly files: string[];
  readonly affected: string[];
  readonly products_present: string[];
}

/** The data set as stored. */
export interface CiHistory {
  readonly repository: string;
  readonly head: string;
  readonly commits: HistoryCommit[];
}

const DATA_FILE = path.join('shared', 'data', 'sqlrite-ci-history.json');

/**
 * Reads the data set from the nearest `shared/data/` beside the repository or above it (CI clones main with
 * /work/shared beside it as ../shared; worktrees sit one level deeper). Missing, it fails: nothing is skipped.
 */
export function loadCiHistory(): CiHistory {
  for (let dir = path.dirname(REPO_ROOT); ; dir = path.dirname(dir)) {
    const file = path.join(dir, DATA_FILE);
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as CiHistory;
    if (path.dirname(dir) === dir) throw new Error(`${DATA_FILE} not found beside ${REPO_ROOT} or above it; the CI-history replay needs the shared data set`);
  }
}

/** One commit replayed: what `lockstep affected` ran and what the data set says, both over the products present. */
export interface ReplayedCommit {
  readonly commit: string;
  readonly files: string[];
  readonly tool: string[];
  readonly data: string[];
  readonly present: string[];
}

/** The replay of the whole data set. */
export interface Replay {
  readonly history: CiHistory;
  /** The commit the fixture tree reproduces (the data set's head, when they agree). */
  readonly fixtureCommit: string;
  /** Job-runs per product in the generated ci.yml (one per matrix cell of each group it is in). */
  readonly legs: Record<string, number>;
  readonly commits: ReplayedCommit[];
}

/**
 * Replays every commit of the data set through `lockstep affected --files-from` in the SQLRite fixture
 * (the tree at the data set's head, synthesized with the configuration the data set names), as a pull
 * request's CI would see it with the head's plan. A product the commit's tree does not have yet would have
 * no job in that commit's ci.yml, so the tool's answer is read over the products present, as the data
 * set's own `affected` column is (its rule 6).
 */
export async function replayCiHistory(cli: CliMain = main): Promise<Replay> {
  const history = loadCiHistory();
  const fixture = realFixture('sqlrite');
  const dir = copyRealFixture('sqlrite');
  // Adopting the library, SQLRite hands its CI, release workflows and bump script over to the generated ones.
  handOverOwnFiles(dir);
  process.env.PROJEN_DISABLE_POST = 'true';
  projectIn(dir, fixture.options()).synth();
  const legs = jobRunsPerProduct(dir);
  const list = path.join(tempDir('lockstep-ci-history-'), 'changed');
  const commits: ReplayedCommit[] = [];
  for (const c of history.commits) {
    fs.writeFileSync(list, c.files.join('\0'));
    const answer = await affectedJson(cli, dir, list);
    const present = new Set(c.products_present);
    const tool = answer.products.filter((p) => present.has(p));
    commits.push({ commit: c.commit, files: c.files, tool, data: c.affected, present: c.products_present });
  }
  return { history, fixtureCommit: fixture.commit, legs, commits };
}

/** The CLI's entry point: `main` from src/runtime in tests, the compiled one in lib/runtime for the benchmark. */
export type CliMain = typeof main;

async function affectedJson(cli: CliMain, cwd: string, list: string): Promise<{ products: string[] }> {
  let out = '';
  let err = '';
  const code = await cli(['affected', '--json', '--files-from', list], { cwd, env: {}, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  if (code !== 0) throw new Error(`lockstep affected failed (${code}): ${err}`);
  return JSON.parse(out) as { products: string[] };
}

/**
 * Job-runs per product of a synthesized repository's ci.yml: the cells (matrix legs) of every group the
 * product is in when everything runs, computed as `lockstep affected` computes them, from the plan and the
 * per-product settings ci.yml hands it. Defined while each product is a group of its own (a repository
 * far from GitHub's matrix limits, as SQLRite and the example are): a shared cell belongs to no one product.
 */
export function jobRunsPerProduct(dir: string): Record<string, number> {
  const plan = JSON.parse(fs.readFileSync(path.join(dir, '.lockstep', 'release-plan.json'), 'utf8')) as ReleasePlan;
  const legs: Record<string, number> = {};
  for (const groups of Object.values(ciMatrices(plan, ciSettingsOf(fs.readFileSync(path.join(dir, '.github/workflows/ci.yml'), 'utf8'))))) {
    for (const g of groups) {
      if (g.products.length !== 1) throw new Error(`job runs per product: group '${g.group}' holds ${g.products.length} products; count cells instead`);
      legs[g.products[0]] = (legs[g.products[0]] ?? 0) + cellCount([g]);
    }
  }
  return legs;
}

/** The per-product CI settings a ci.yml hands `lockstep affected` (none: every product gets its kind's defaults). */
export function ciSettingsOf(ciYaml: string): CiSettings {
  const ci = parseYaml(ciYaml) as { jobs: { changes: { steps: Array<{ id?: string; env?: Record<string, string> }> } } };
  const text = ci.jobs.changes.steps.find((s) => s.id === 'affected')?.env?.[CI_SETTINGS_ENV];
  return text === undefined ? {} : JSON.parse(text) as CiSettings;
}

/** Job-runs of a set of products. */
export function jobRuns(legs: Record<string, number>, products: readonly string[]): number {
  return products.reduce((n, p) => n + (legs[p] ?? 0), 0);
}
