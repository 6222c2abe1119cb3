import { CI_MATRIX_JOBS, CiMatrixJob, CiSettings, UNITS, Unit } from './ci-matrix-units';
import { planHasSetup, withCiSetup } from './ci-setup';
import { LockstepConfigError } from './errors';
import { ProductPlan, ReleasePlan } from './plan-types';

/**
 * The build and test matrices of ci.yml as data. ci.yml has one job per kind of work (Rust tests, lint,
 * MSRV, Python, Node, ...), whatever the number of products; the `changes` job runs `lockstep affected`,
 * which calls `ciMatrices` with the affected products and hands each job its matrix as a job output, taken
 * with `fromJSON` (as cargo-dist's plan job does). Synth calls it with every product, to know which jobs
 * exist and that a full run stays within GitHub's limits.
 *
 * A matrix cell is a group of products × one leg (runner, and Python or Node version). Crates of one Cargo
 * workspace (and npm workspace members of one root) share a group once a job would otherwise pass
 * `MAX_MATRIX_CELLS` cells or `MAX_GROUPS_PER_JOB` groups, or the run `MAX_MATRIX_CELLS_PER_RUN` cells;
 * other products are one group each. A group's commands are matrix values, so a cell
 * builds and tests every product of its group with one cargo (or npm) invocation.
 */

/** GitHub's limit on the jobs one matrix generates per workflow run. */
export const MAX_MATRIX_CELLS = 256;

/** Jobs of ci.yml that run on every change besides the matrices: changes, verify and ci-ok. */
export const CI_ALWAYS_RUN_JOBS = 3;

/**
 * Matrix cells of one ci.yml run at most: GitHub runs 256 jobs per workflow run (reported by users, see
 * the platform facts; documented per matrix), three of which always run.
 */
export const MAX_MATRIX_CELLS_PER_RUN = 256 - CI_ALWAYS_RUN_JOBS;

/**
 * Groups a job has at most before products share them: every group repeats its values in the job's
 * output (kept well under 64 KiB at 1000 crates), and every cell pays a runner's set-up and a cold build.
 */
export const MAX_GROUPS_PER_JOB = 64;

/** One group of a matrix job: the products it covers, its legs and the values its steps read. */
export interface CiGroup {
  /** Unique within the job: the product's name, or a chunk's first product and how many follow. */
  readonly group: string;
  readonly products: string[];
  /** Runner labels (the `os` axis). */
  readonly os: string[];
  /** Python or Node versions, for the jobs with an interpreter axis. */
  readonly versions?: string[];
  /** What the job's steps read as `matrix.<key>`. */
  readonly values: Record<string, string>;
}

/** The interpreter axis of the jobs that have one. */
export const CI_VERSION_AXIS: Partial<Record<CiMatrixJob, string>> = { python: 'python', node: 'node', npm: 'node' };

/**
 * Each job's groups for the given products (every product of the plan not disabled, when `affected` is
 * not given): jobs without a group are left out. Throws a `LockstepConfigError` when a setting cannot be
 * built, or when a job or the run would pass GitHub's limits even with whole workspaces per group.
 */
export function ciMatrices(plan: ReleasePlan, settings: CiSettings = {}, affected?: readonly string[]): Partial<Record<CiMatrixJob, CiGroup[]>> {
  const products = plan.tracks.flatMap((t) => t.products);
  const byName = new Map(products.map((p) => [p.name, p]));
  const lookup = (name: string): ProductPlan => {
    const p = byName.get(name);
    if (p === undefined) throw new Error(`ci.yml: the plan names product '${name}', which it does not define; regenerate it with \`npx projen\`.`);
    return p;
  };
  const wanted = affected === undefined ? undefined : new Set(affected);
  const selected = products.filter((p) => settings[p.name]?.disabled !== true && (wanted === undefined || wanted.has(p.name)));
  // Issue 17: with a product's setup anywhere in the plan, every cell carries the setup keys ('' for none).
  const unitOf = planHasSetup(products) ? (u: Unit) => withCiSetup(u) : (u: Unit) => u;
  const jobs: JobUnits[] = CI_MATRIX_JOBS
    .map((job) => new JobUnits(job, selected.flatMap((p) => UNITS[job](p, settings[p.name] ?? {}, lookup) ?? []).map(unitOf)))
    .filter((j) => j.units.length > 0);
  chooseGroupSizes(jobs);
  return Object.fromEntries(jobs.map((j) => [j.job, j.groups()]));
}

/** Number of cells (matrix legs) of a job's groups. */
export function cellCount(groups: readonly CiGroup[]): number {
  return groups.reduce((n, g) => n + g.os.length * (g.versions?.length ?? 1), 0);
}

/**
 * A job's groups as a GitHub matrix: a `group` axis, the `os` axis and the interpreter axis hold each
 * value once; `include` adds each group's values to its cells (so a group's commands appear once, not once
 * per leg) and `exclude` drops the legs a group does not run.
 */
export function githubMatrix(job: CiMatrixJob, groups: readonly CiGroup[]): Record<string, unknown> {
  const axis = CI_VERSION_AXIS[job];
  const os = unique(groups.flatMap((g) => g.os));
  const versions = axis === undefined ? [] : unique(groups.flatMap((g) => g.versions ?? []));
  const exclude = groups.flatMap((g) => [
    ...os.filter((o) => !g.os.includes(o)).map((o) => ({ group: g.group, os: o })),
    ...(axis === undefined ? [] : versions.filter((v) => !(g.versions ?? []).includes(v)).map((v) => ({ group: g.group, [axis]: v }))),
  ]);
  return {
    group: groups.map((g) => g.group),
    os,
    ...(axis !== undefined ? { [axis]: versions } : {}),
    include: groups.map((g) => ({ group: g.group, ...g.values })),
    ...(exclude.length > 0 ? { exclude } : {}),
  };
}

/**
 * The cells GitHub makes of a matrix (its documented expansion): every combination of the axes, less
 * those matching an `exclude` entry; each `include` entry is added to every combination whose original
 * values it does not change, or becomes a combination of its own when it fits none.
 */
export function expandMatrix(matrix: Record<string, unknown>): Record<string, string>[] {
  const axes = Object.entries(matrix).filter(([k]) => k !== 'include' && k !== 'exclude') as Array<[string, string[]]>;
  let cells: Record<string, string>[] = [{}];
  for (const [key, values] of axes) cells = cells.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  if (axes.length === 0) cells = [];
  const matches = (c: Record<string, string>, e: Record<string, string>) => Object.entries(e).every(([k, v]) => c[k] === v);
  cells = cells.filter((c) => !((matrix.exclude ?? []) as Record<string, string>[]).some((e) => matches(c, e)));
  const original = new Set(axes.map(([k]) => k));
  const originals = cells.map((c) => ({ ...c }));
  for (const entry of (matrix.include ?? []) as Record<string, string>[]) {
    let added = false;
    cells.forEach((c, i) => {
      if (Object.entries(entry).every(([k, v]) => !original.has(k) || originals[i][k] === v)) {
        Object.assign(c, entry);
        added = true;
      }
    });
    if (!added) cells.push({ ...entry });
  }
  return cells;
}

/**
 * The group size of each job: one product per group while every job stays within `MAX_MATRIX_CELLS`
 * cells and `MAX_GROUPS_PER_JOB` groups and the run within `MAX_MATRIX_CELLS_PER_RUN`; else the job with
 * the most cells (or one over its own limits) shares its groups among more products, one more at a time.
 */
function chooseGroupSizes(jobs: readonly JobUnits[]): void {
  const total = () => jobs.reduce((n, j) => n + j.cells(), 0);
  for (;;) {
    const over = jobs.filter((j) => j.cells() > MAX_MATRIX_CELLS || j.groupCount() > MAX_GROUPS_PER_JOB);
    const runOver = total() > MAX_MATRIX_CELLS_PER_RUN;
    const largest = jobs.filter((j) => j.canGrow()).sort((x, y) => y.cells() - x.cells())[0];
    const grow = over.find((j) => j.canGrow()) ?? (runOver ? largest : undefined);
    if (grow !== undefined) {
      grow.size++;
      continue;
    }
    const remedy = 'fewer runners or interpreter versions per product (ci.products.<name>.runners, pythonVersions, nodeVersions) or disabling some products\' CI brings it under.';
    const tooMany = over.find((j) => j.cells() > MAX_MATRIX_CELLS);
    if (tooMany !== undefined) {
      throw new LockstepConfigError(`ci.yml: the '${tooMany.job}' job would run ${tooMany.cells()} matrix cells when every product is affected, over GitHub's limit of ${MAX_MATRIX_CELLS}; ${remedy}`);
    }
    if (runOver) {
      throw new LockstepConfigError(
        `ci.yml: a run where every product is affected would have ${total() + CI_ALWAYS_RUN_JOBS} jobs (matrix cells counted, with changes, verify and ci-ok), ` +
        `over the ${MAX_MATRIX_CELLS_PER_RUN + CI_ALWAYS_RUN_JOBS} GitHub runs per workflow run; ${remedy}`,
      );
    }
    // Over a group count only, with nothing left to merge: a long matrix, but one GitHub runs.
    return;
  }
}

/** A job's units: the products alone in their groups and those that may share one (by key), at a group size. */
class JobUnits {
  public size = 1;
  private readonly alone: Unit[] = [];
  private readonly keyed = new Map<string, Unit[]>();

  constructor(public readonly job: CiMatrixJob, public readonly units: readonly Unit[]) {
    for (const u of units) {
      if (u.key === undefined) this.alone.push(u);
      else this.keyed.set(u.key, [...(this.keyed.get(u.key) ?? []), u]);
    }
  }

  public cells(): number {
    const shared = [...this.keyed.values()].reduce((n, list) => n + Math.ceil(list.length / this.size) * legsOf(list[0]), 0);
    return this.alone.reduce((n, u) => n + legsOf(u), 0) + shared;
  }

  public groupCount(): number {
    return this.alone.length + [...this.keyed.values()].reduce((n, list) => n + Math.ceil(list.length / this.size), 0);
  }

  /** Whether a larger group size would merge anything. */
  public canGrow(): boolean {
    return [...this.keyed.values()].some((list) => list.length > this.size);
  }

  /** The groups, in plan order of their first product, so the matrix reads like the list of products. */
  public groups(): CiGroup[] {
    const chunks: Unit[][] = [...this.alone.map((u) => [u]), ...[...this.keyed.values()].flatMap((list) => chunk(list, this.size))];
    const order = new Map(this.units.map((u, i) => [u.product.name, i]));
    chunks.sort((a, b) => order.get(a[0].product.name)! - order.get(b[0].product.name)!);
    return chunks.map((members) => {
      const first = members[0];
      return {
        group: members.length === 1 ? first.product.name : `${first.product.name} +${members.length - 1}`,
        products: members.map((m) => m.product.name),
        os: first.os,
        ...(first.versions !== undefined ? { versions: first.versions } : {}),
        values: first.values(members.map((m) => m.product)),
      };
    });
  }
}

function legsOf(u: Unit): number {
  return u.os.length * (u.versions?.length ?? 1);
}

function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

