import { ownValue } from '../../model';

/**
 * The verdict of the one required check (`ci-ok`): GitHub reports a job skipped by its `if:` like a job
 * skipped because something it needed failed, so the aggregate job decides from the results of every job
 * and from what change detection said had to run.
 */

/** One entry of `toJSON(needs)`. */
export interface NeededJob {
  readonly result: string;
  readonly outputs?: Record<string, string>;
}

/** How one job ended and what that means for the run. */
export interface JobVerdict {
  readonly job: string;
  readonly product?: string;
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
 * @param needs `toJSON(needs)` of the aggregate job
 * @param jobs every job the aggregate job needs → the product it tests, or '' for a job that must always
 *   succeed (change detection, verify)
 * @param changesJob id of the change-detection job, whose outputs say which products had to run
 */
export function ciVerdict(needs: Record<string, NeededJob>, jobs: Record<string, string>, changesJob: string): CiVerdict {
  // Job ids are data: only own properties count, so a job named `constructor` or `__proto__` is a job.
  const changes = ownValue(needs, changesJob);
  const affected = affectedOf(changes);
  const verdicts: JobVerdict[] = Object.entries(jobs).map(([job, product]) => {
    const result = ownValue(needs, job)?.result ?? 'missing';
    const base = { job, ...(product ? { product } : {}), result };
    if (result === 'success') return { ...base, ok: true, why: 'passed' };
    if (result === 'failure' || result === 'cancelled') return { ...base, ok: false, why: result === 'failure' ? 'failed' : 'was cancelled' };
    if (result === 'missing') return { ...base, ok: false, why: 'is not among the needed jobs: regenerate ci.yml with `npx projen`' };
    if (result !== 'skipped') return { ...base, ok: false, why: `ended with an unknown result '${result}'` };
    if (product === '') return { ...base, ok: false, why: 'was skipped, but it must run on every change' };
    if (affected === undefined) return { ...base, ok: false, why: 'was skipped and change detection gave no answer' };
    if (affected.all || affected.products.includes(product)) return { ...base, ok: false, why: `was skipped although ${product} is affected` };
    return { ...base, ok: true, why: `not needed: ${product} is not affected` };
  });
  for (const job of Object.keys(needs).filter((j) => !Object.hasOwn(jobs, j))) {
    verdicts.push({ job, result: needs[job].result, ok: false, why: 'is needed but not known to the check: regenerate ci.yml with `npx projen`' });
  }
  return { ok: verdicts.every((v) => v.ok), jobs: verdicts };
}

function affectedOf(changes: NeededJob | undefined): { all: boolean; products: string[] } | undefined {
  if (changes?.result !== 'success' || changes.outputs?.products === undefined) return undefined;
  try {
    const products: unknown = JSON.parse(changes.outputs.products);
    if (!Array.isArray(products) || !products.every((p) => typeof p === 'string')) return undefined;
    return { all: changes.outputs.all === 'true', products };
  } catch {
    return undefined;
  }
}
