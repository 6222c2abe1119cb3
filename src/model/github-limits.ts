import { LockstepConfigError } from './errors';

/**
 * GitHub's limits on a workflow, checked at synth on every generated workflow (issue 20): a workflow that
 * exceeds one is refused by GitHub only when it runs, or, for the file size, starts no run at all, and
 * says little about why. Checked here, `npx projen` fails first and names the file, the limit and the fix.
 *
 * What GitHub documents (docs.github.com/en/actions/reference/limits, checked 2026-12-03):
 * - "A job matrix can generate a maximum of 256 jobs per workflow run" (Job Matrix, 256 jobs / workflow run);
 * - "A workflow file larger than 500 KB will not start runs" (Workflow file size, 500 KB per file);
 * - job outputs: "a maximum of 1 MB per job", 50 MB per run (passing information between jobs).
 * What is assumed:
 * - 256 jobs per run overall, matrix cells included: users report it (platform facts); not documented as such;
 * - "500 KB" read as 500 000 bytes, the smaller of its two readings;
 * - 64 KiB per value passed between jobs is our own budget, not GitHub's: a job output a later job takes
 *   into an environment variable must stay far below Linux's 128 KiB per environment string (E2BIG), and
 *   anything larger travels as a file (an artifact) instead.
 */
export const GITHUB_LIMITS = {
  /** Cells of one job's matrix (documented). */
  matrixCellsPerJob: 256,
  /** Jobs of one run, each matrix cell counting as one (assumed, see above). */
  jobsPerRun: 256,
  /** Bytes of one workflow file (documented as 500 KB; read as 500 000 bytes). */
  workflowFileBytes: 500_000,
  /** Bytes of one value a job passes to later jobs through `$GITHUB_OUTPUT` (our budget, see above). */
  outputValueBytes: 64 * 1024,
} as const;

/** The parts of a workflow the check reads: each job's matrix, as the YAML will hold it. */
export interface LimitCheckedWorkflow {
  readonly jobs: Readonly<Record<string, { readonly strategy?: { readonly matrix?: Readonly<Record<string, unknown>> | string } }>>;
}

/** What the check needs besides the workflow. */
export interface WorkflowLimitInput {
  /** The file name, e.g. `release.yml`: every message names it. */
  readonly file: string;
  readonly workflow: LimitCheckedWorkflow;
  /** The size in bytes of the file as it will be written. */
  readonly bytes: number;
  /**
   * For each job whose matrix is data a job computes (`${{ fromJSON(...) }}`), the most cells that data can
   * have, from the configuration. A computed matrix without a bound here is bounded at run time by the job
   * that computes it (ci.yml's changes job keeps all its cells within the jobs of a run): synth counts it
   * as one job.
   */
  readonly computedMatrixCells?: Readonly<Record<string, number>>;
  /** What the user can do when a limit is exceeded, one sentence naming the options. */
  readonly remedy: string;
}

/** An expression: `${{ ... }}`, whose value is known only when the workflow runs. */
function isExpression(value: unknown): boolean {
  return typeof value === 'string' && /^\$\{\{[\s\S]*\}\}$/.test(value.trim());
}

/**
 * The cells of a static matrix: the product of its axes, plus each `include` entry (an upper bound: an
 * entry that only extends a cell adds none), minus nothing for `exclude` (an upper bound too). Undefined
 * when the matrix, an axis or `include` is computed at run time.
 */
export function staticMatrixCells(matrix: Readonly<Record<string, unknown>> | string): number | undefined {
  if (isExpression(matrix)) return undefined;
  const m = matrix as Readonly<Record<string, unknown>>;
  const axes = Object.entries(m).filter(([k]) => k !== 'include' && k !== 'exclude');
  if (axes.some(([, v]) => !Array.isArray(v)) || isExpression(m.include)) return undefined;
  const product = axes.length === 0 ? 0 : axes.reduce((n, [, v]) => n * (v as unknown[]).length, 1);
  return product + ((m.include as unknown[] | undefined) ?? []).length;
}

/** Kilobytes for a message, one decimal. */
function kb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} KB`;
}

/**
 * Throws a LockstepConfigError when a workflow exceeds one of GitHub's limits on matrix cells per job,
 * jobs per run or file size, naming the file, what exceeds which limit and the remedy.
 */
export function checkWorkflowLimits(input: WorkflowLimitInput): void {
  const problems: string[] = [];
  let jobsInRun = 0;
  for (const [id, job] of Object.entries(input.workflow.jobs)) {
    const matrix = job.strategy?.matrix;
    if (matrix === undefined) {
      jobsInRun += 1;
      continue;
    }
    const cells = staticMatrixCells(matrix) ?? input.computedMatrixCells?.[id] ?? 1;
    jobsInRun += Math.max(cells, 1);
    if (cells > GITHUB_LIMITS.matrixCellsPerJob) problems.push(`job '${id}' has a matrix of ${cells} cells, over GitHub's ${GITHUB_LIMITS.matrixCellsPerJob} per job matrix`);
  }
  if (jobsInRun > GITHUB_LIMITS.jobsPerRun) problems.push(`a run would have ${jobsInRun} jobs (matrix cells counted), over the ${GITHUB_LIMITS.jobsPerRun} GitHub runs per workflow run`);
  if (input.bytes > GITHUB_LIMITS.workflowFileBytes) problems.push(`the file is ${kb(input.bytes)}, over the ${kb(GITHUB_LIMITS.workflowFileBytes)} above which GitHub starts no run of a workflow`);
  if (problems.length === 0) return;
  throw new LockstepConfigError(`.github/workflows/${input.file} would exceed GitHub's limits: ${problems.join('; ')}. ${input.remedy}`);
}

/**
 * Throws when one value a job passes to later jobs (`$GITHUB_OUTPUT`) is over our budget: the data is
 * too large to travel as an output and must go as a file (an artifact).
 */
export function checkOutputValueSize(name: string, value: string): void {
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes <= GITHUB_LIMITS.outputValueBytes) return;
  throw new Error(
    `step output '${name}' is ${(bytes / 1024).toFixed(1)} KiB, over the ${GITHUB_LIMITS.outputValueBytes / 1024} KiB a value passed between jobs may have ` +
      '(a later job that puts it in an environment variable would fail to start past 128 KiB); data this large must travel as a file (an artifact). ' +
      'This is a bug of projen-lockstep-release: please report it with the number of products released.',
  );
}
