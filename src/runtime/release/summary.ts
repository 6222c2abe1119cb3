import { Outcome, OutcomeKind } from './outcomes';
import { ReleaseRun, RunProduct, publishJobOf } from './run';
import { RELEASE_JOBS, RELEASE_NEEDS_ENV, ownValue } from '../../model';
import { CliError } from '../cli-error';
import { Markdown, md, mdLines, mdTable } from '../output';

/** What GitHub says about each job (`toJSON(needs)`): its result. */
export type NeedsResults = Record<string, { result?: string }>;

/** The jobs' results release.yml passes in `NEEDS_JSON` (`toJSON(needs)`); none when it is unset. */
export function needsFromEnv(env: Readonly<Record<string, string | undefined>>): NeedsResults {
  try {
    return JSON.parse(env[RELEASE_NEEDS_ENV] || '{}') as NeedsResults;
  } catch (e) {
    throw new CliError(`${RELEASE_NEEDS_ENV} is not JSON (${(e as Error).message}); release.yml sets it to toJSON(needs).`, 2);
  }
}

/** The summary of a run: its rows and whether the run failed. */
export interface Summary {
  readonly rows: Outcome[];
  readonly failed: boolean;
  /** True when a product waits for a product it `dependsOn`: the release is not complete either. */
  readonly heldBack: boolean;
  readonly markdown: Markdown;
}

const LABEL: Record<OutcomeKind, string> = {
  'published': '✅ published',
  'skipped:already-published': '⏭️ already there',
  'failed': '❌ failed',
  'held-back': '⏸️ held back',
  'dry-run': '🧪 dry run',
};

/**
 * The real outcome of every product on every target (P6). A target's row comes from the outcome file its
 * job wrote; when there is none, from the plan: a package the plan's probe found published is "already
 * there" (its job had nothing to do), a dry run is "dry run", and anything else failed, naming the job's
 * result. Any failed job fails the summary, even one that publishes nothing (a build).
 */
export function summarize(run: ReleaseRun | undefined, outcomes: readonly Outcome[], needs: NeedsResults): Summary {
  const failedJobs = Object.entries(needs).filter(([, n]) => n.result === 'failure' || n.result === 'cancelled').map(([id, n]) => md`${id} (${n.result ?? ''})`);
  if (run === undefined) {
    return finish([], true, [Markdown.own('The plan job did not produce a release decision: see its log.'), ...failedJobs.map((j) => md`- ${j}`)]);
  }
  if (!run.release) return finish([], failedJobs.length > 0, [md`No release: ${run.reason}.`, ...failedJobs.map((j) => md`- failed: ${j}`)]);
  const rows: Outcome[] = [...outcomes.filter((o) => o.target === 'tag')];
  for (const product of run.products) {
    for (const pkg of product.packages) {
      rows.push(...recordedRows(outcomes, product, pkg, run, needs));
    }
  }
  const umbrella = outcomes.find((o) => o.target === 'umbrella');
  if (umbrella) rows.push(umbrella);
  else if (!run.dryRun) rows.push({ product: '(umbrella)', target: 'umbrella', subject: run.umbrellaTag, version: run.version, outcome: 'failed', detail: jobSays(needs, RELEASE_JOBS.umbrella) });
  const failed = failedJobs.length > 0 || rows.some((r) => r.outcome === 'failed');
  const dry = Markdown.own(run.dryRun ? ' — dry run: nothing was tagged, uploaded or released' : '');
  const head = md`Release ${run.version} (track ${run.track}) from ${run.commit.slice(0, 12)}${dry}.`;
  return finish(rows, failed, [head, ...failedJobs.map((j) => md`- failed job: ${j}`)]);
}

/** A package's recorded rows: its own, or one per file (PyPI: S6); else what the plan and the job say. */
function recordedRows(outcomes: readonly Outcome[], runProduct: RunProduct, pkg: RunProduct['packages'][number], run: ReleaseRun, needs: NeedsResults): Outcome[] {
  const product = runProduct.name;
  const mine = outcomes.filter((o) => o.product === product && o.target === pkg.target);
  const exact = mine.filter((o) => o.subject === pkg.name || o.package === pkg.name);
  if (exact.length > 0) return exact;
  return mine.length > 0 ? [mine[0]] : [fromPlan(run, runProduct, pkg, needs)];
}

function fromPlan(run: ReleaseRun, runProduct: RunProduct, pkg: RunProduct['packages'][number], needs: NeedsResults): Outcome {
  const base = { product: runProduct.name, target: pkg.target, subject: pkg.name, version: pkg.version };
  if (run.dryRun) return { ...base, outcome: 'dry-run', detail: pkg.state === 'published' ? 'already there' : 'would publish' };
  if (pkg.state === 'published') return { ...base, outcome: 'skipped:already-published', detail: 'the plan job found it published' };
  return { ...base, outcome: 'failed', detail: jobSays(needs, publishJobOf(runProduct, pkg.target)) };
}

function jobSays(needs: NeedsResults, job: string): string {
  const result = ownValue(needs, job)?.result;
  if (result === undefined) return `no outcome recorded (job ${job} is not in this run)`;
  if (result === 'skipped') {
    const tag = ownValue(needs, RELEASE_JOBS.tag)?.result;
    return `not attempted: job ${job} was skipped${tag && tag !== 'success' ? ` because tag-all was ${tag}` : ''}`;
  }
  return `no outcome recorded (job ${job}: ${result})`;
}

function finish(rows: Outcome[], failed: boolean, notes: Markdown[]): Summary {
  const table = rows.length === 0 ? [] : [
    mdTable(
      ['product', 'target', 'package / tag', 'version', 'outcome', 'detail'],
      rows.map((r) => [r.product, r.target, r.subject, r.version, Markdown.own(LABEL[r.outcome]), r.detail]),
    ),
  ];
  const heldBack = rows.some((r) => r.outcome === 'held-back');
  const verdict = failed
    ? '**Result: failed** — fix the failures above, then dispatch release.yml again with the same version; what is already published is skipped.'
    : heldBack
      ? '**Result: incomplete** — what is held back waits for a product it depends on: dispatch release.yml again with the same version once that is published.'
      : '**Result: ok**';
  const blank = Markdown.own('');
  const markdown = mdLines([Markdown.own('## Release outcomes'), blank, ...notes, blank, ...table, blank, Markdown.own(verdict), blank]);
  return { rows, failed, heldBack, markdown };
}
