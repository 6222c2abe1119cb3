import { ownValue } from '../../model';

/**
 * The verdict of the one required check (`ci-ok`): GitHub reports a job skipped by its `if:` like a job
 * skipped because something it needed failed, so the aggregate job decides from the results of every job
 * and from what change detection said had to run. A matrix job's result covers all its cells: it failed
 * when any cell (a group of products on one leg) failed.
 */

/** One entry of `toJSON(needs)`. */
export interface NeededJob {
  readonly result: string;
  readonly outputs?: Record<string, string>;
}

/** How one job ended and what that means for the run. */
export interface JobVerdict {
  readonly job: string;
  /** The matrix job it is (absent for a job that runs on every change). */
  readonly matrix?: string;
  readonly result: string;
  readonly ok: boolean;
  readonly why: string;
}

/** The run's verdict. */
export interface CiVerdict {
  readonly ok: boolean;
  readonly jobs: JobVerdict[];
}

/**
 * Decides whether a CI run passed.
 * @param needs `toJSON(needs)` of the aggregate job (of the change detection's outputs, `jobs` is read)
 * @param jobs every job the aggregate job needs → its matrix job, or '' for a job that must always
 *   succeed (change detection, verify)
 * @param changesJob id of the change-detection job, whose `jobs` output lists the matrix jobs that had cells
 */
export function ciVerdict(needs: Record<string, NeededJob>, jobs: Record<string, string>, changesJob: string): CiVerdict {
  // Job ids are data: only own properties count, so a job named `constructor` or `__proto__` is a job.
  const changes = ownValue(needs, changesJob);
  const withCells = jobsWithCells(changes);
  const verdicts: JobVerdict[] = Object.entries(jobs).map(([job, matrix]) => {
    const result = ownValue(needs, job)?.result ?? 'missing';
    const base = { job, ...(matrix ? { matrix } : {}), result };
    if (result === 'success') return { ...base, ok: true, why: 'passed' };
    if (result === 'failure' || result === 'cancelled') return { ...base, ok: false, why: result === 'failure' ? 'failed' : 'was cancelled' };
    if (result === 'missing') return { ...base, ok: false, why: 'is not among the needed jobs: regenerate ci.yml with `npx projen`' };
    if (result !== 'skipped') return { ...base, ok: false, why: `ended with an unknown result '${result}'` };
    if (matrix === '') return { ...base, ok: false, why: 'was skipped, but it must run on every change' };
    if (withCells === undefined) return { ...base, ok: false, why: 'was skipped and change detection gave no answer' };
    if (withCells.includes(matrix)) return { ...base, ok: false, why: 'was skipped although affected products run in it' };
    return { ...base, ok: true, why: 'not needed: no affected product runs in it' };
  });
  for (const job of Object.keys(needs).filter((j) => !Object.hasOwn(jobs, j))) {
    verdicts.push({ job, result: needs[job].result, ok: false, why: 'is needed but not known to the check: regenerate ci.yml with `npx projen`' });
  }
  return { ok: verdicts.every((v) => v.ok), jobs: verdicts };
}

/** The matrix jobs change detection gave cells, or undefined when it gave no trustworthy answer. */
function jobsWithCells(changes: NeededJob | undefined): string[] | undefined {
  if (changes?.result !== 'success' || changes.outputs?.jobs === undefined) return undefined;
  try {
    const jobs: unknown = JSON.parse(changes.outputs.jobs);
    return Array.isArray(jobs) && jobs.every((j) => typeof j === 'string') ? jobs : undefined;
  } catch {
    return undefined;
  }
}
