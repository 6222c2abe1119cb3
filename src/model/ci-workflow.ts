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

/** Environment of the `ci-result` step: every needed job's result (`toJSON(needs)`). */
export const CI_NEEDS_ENV = 'NEEDS';

/** Environment of the `ci-result` step: which product each job tests, as JSON. */
export const CI_JOBS_ENV = 'LOCKSTEP_CI_JOBS';

/** Branches release-pr.yml pushes (`release/<umbrella tag>`): CI on them tests every product. */
export const RELEASE_PR_BRANCH_PREFIX = 'release/';
