/**
 * Names ci.yml (components/ci-matrix) and the `affected` / `ci-result` commands (runtime) must agree on.
 * Components and runtime never import each other, so they live here, once.
 */

/** File name of the generated CI workflow under `.github/workflows/`: a change to it runs every job it defines. */
export const CI_WORKFLOW_FILE = 'ci.yml';

/** The job that computes which products a change affects. */
export const CHANGES_JOB = 'changes';

/** Environment of the `affected` step: the change-detection rules (shared and ignored paths), as JSON. */
export const AFFECTED_RULES_ENV = 'LOCKSTEP_AFFECTED_RULES';

/** Environment of the `affected` step: per-product CI settings (`CiSettings`, as JSON), when any product has some. */
export const CI_SETTINGS_ENV = 'LOCKSTEP_CI_SETTINGS';

/** Output of the `changes` job: the matrix jobs that have cells this run (a JSON list of `CiMatrixJob`). */
export const CI_JOBS_OUTPUT = 'jobs';

/** Output of the `changes` job holding a matrix job's matrix (JSON, empty when the job has no cells). */
export function matrixOutputOf(job: string): string {
  return `${job}-matrix`;
}

/**
 * Environment of the `ci-result` step: every needed job's result, as `toJSON(needs)` shapes it (of the
 * `changes` job's outputs only the list of jobs that had work: the matrices would make it too large).
 */
export const CI_NEEDS_ENV = 'NEEDS';

/**
 * Environment of the `ci-result` step, as JSON: each needed job's matrix job (a `CiMatrixJob`, whose
 * skipping is right when change detection gave it no cells), or '' for a job that must run on every change.
 */
export const CI_JOBS_ENV = 'LOCKSTEP_CI_JOBS';

/** Branches release-pr.yml pushes (`release/<umbrella tag>`): CI on them tests every product. */
export const RELEASE_PR_BRANCH_PREFIX = 'release/';
