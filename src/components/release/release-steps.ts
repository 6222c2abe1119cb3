import { ARTIFACT_KINDS, ARTIFACT_RETENTION_DAYS, BuildTarget, COLLECTED_OUTCOMES_DIR, OUTCOME_ARTIFACT_PREFIX, OUTCOME_DIR, PLAN_OUTPUTS, RELEASE_JOBS, RELEASE_RUN_ARTIFACT, RELEASE_RUN_FILE, RELEASE_RUN_FILE_ENV, RUNNERS, TOOL_VERSIONS, buildTargetOfPlatform, parseArtifactName } from '../../model';
import { actionStep, checkoutStep, installLockstepStep, setupNodeStep } from '../workflow';
import { ReleasePlatform } from './options';
import { Job, Permissions, Step } from '../workflow/workflow-types';

/** An output of the plan job, as an expression without `${{ }}`. */
export function planOutput(name: keyof typeof PLAN_OUTPUTS): string {
  return `needs.${RELEASE_JOBS.plan}.outputs.${PLAN_OUTPUTS[name]}`;
}

/** The same, wrapped for use in a value (`with:`, `env:`, `runs-on:`). */
export function planValue(name: keyof typeof PLAN_OUTPUTS): string {
  return `\${{ ${planOutput(name)} }}`;
}

/** Expressions the job conditions are built from. */
export const IF = {
  releasing: `${planOutput('release')} == 'true'`,
  notDryRun: `${planOutput('dryRun')} != 'true'`,
  productInRun: (product: string) => `contains(fromJSON(${planOutput('products')}), '${product}')`,
  /** The product still has something to publish from its build artifacts (the plan's `build` output). */
  toBuild: (product: string) => `contains(fromJSON(${planOutput('build')}), '${product}')`,
  todo: (target: string) => `contains(fromJSON(${planOutput('todo')}), '${target}')`,
  tagged: `needs.${RELEASE_JOBS.tag}.result == 'success'`,
};

/** The build target (runner, Rust target) of each release platform, from the model's one table. */
export function platformTargets(platforms: readonly ReleasePlatform[]): BuildTarget[] {
  return platforms.map(buildTargetOfPlatform);
}

/**
 * A matrix over build targets: `platform`, `runner` and `target` per leg, and `cross` on every leg when some
 * leg is cross-compiled (steps that load what was built run only where it can be loaded).
 */
export function platformMatrix(targets: readonly BuildTarget[]): Record<string, unknown> {
  const anyCross = targets.some((t) => t.crossCompiled);
  const leg = (t: BuildTarget) => ({ platform: t.platform, runner: t.runner, target: t.target, ...(anyCross ? { cross: t.crossCompiled } : {}) });
  return { include: targets.map(leg) };
}

/** Checks out the release commit the plan job chose (T4, T6); `full` fetches history and tags; `token` pushes. */
export function checkoutRelease(options: { full?: boolean; push?: boolean; token?: string } = {}): Step {
  return checkoutStep({ ref: planValue('commit'), persistCredentials: options.push ?? false, ...(options.full ? { fetchDepth: 0 } : {}), ...(options.token ? { token: options.token } : {}) });
}

/**
 * The pinned Node, without `registry-url` (which would force token auth over OIDC: O1) and without the
 * package-manager cache (no caches in a release workflow: S3).
 */
export function setupNodeRelease(): Step {
  return setupNodeStep();
}

/** Node and the repository's dev dependencies, which carry the `lockstep` CLI. */
export function lockstepTools(): Step[] {
  return [setupNodeRelease(), installLockstepStep()];
}

/** The pinned Rust toolchain, with extra targets. */
export function rustRelease(targets?: string): Step {
  return actionStep('Set up Rust', 'rustToolchain', { toolchain: TOOL_VERSIONS.rust, ...(targets ? { targets } : {}) });
}

/** Where and how a tool step runs. */
export interface ToolStepOptions {
  readonly dir?: string;
  readonly env?: Record<string, string>;
  readonly if?: string;
  readonly id?: string;
}

/** A step running one tool with fixed arguments from a directory; values come through `env`. */
export function toolStep(name: string, command: string, options: ToolStepOptions = {}): Step {
  return {
    name,
    ...(options.id ? { id: options.id } : {}),
    ...(options.if ? { if: options.if } : {}),
    run: command,
    ...(options.dir && options.dir !== '.' ? { 'working-directory': options.dir } : {}),
    ...(options.env ? { env: options.env } : {}),
  };
}

/** Uploads build output as an artifact that fails the job when empty. */
export function uploadStep(name: string, artifact: string, paths: readonly string[]): Step {
  // overwrite: "re-run failed jobs" re-uploads an artifact its first attempt already kept (409 otherwise).
  // P14: kept until the publish jobs and their re-runs are done, however long the approval waits.
  return actionStep(name, 'uploadArtifact', { 'name': artifact, 'path': paths.join('\n'), 'if-no-files-found': 'error', 'retention-days': ARTIFACT_RETENTION_DAYS, 'overwrite': true });
}

/**
 * Downloads artifacts matching a pattern into one directory. With `merge` every file lands in `path`;
 * without it, the layout depends on how many artifacts match (one: straight into `path`), so use
 * `downloadEachStep` where the runtime reads one folder per artifact.
 */
export function downloadStep(name: string, pattern: string, path: string, merge = false): Step {
  return actionStep(name, 'downloadArtifact', { 'pattern': pattern, 'path': path, 'merge-multiple': merge, 'digest-mismatch': 'error' });
}

/** Downloads every outcome file the jobs before kept (a job that ran nothing kept none: not an error). */
export function collectOutcomesStep(): Step {
  return { ...downloadStep('Collect the outcomes', `${OUTCOME_ARTIFACT_PREFIX}*`, COLLECTED_OUTCOMES_DIR, true), 'continue-on-error': true };
}

/**
 * P14: one download per artifact, each into `<dir>/<artifact name>/`, whatever else the run uploaded. The
 * pattern is the exact name: an artifact the run did not build (a product outside the run) matches nothing
 * and downloads nothing, and the command reading the folders says what is missing.
 */
export function downloadEachSteps(what: string, artifacts: readonly string[], dir: string): Step[] {
  // Issue 20: npm tarballs hold their own folder (NPM_UPLOAD_DIR), so one merged download of them all makes
  // the same layout, and the steps do not grow with the number of npm packages.
  const npm = artifacts.filter((a) => parseArtifactName(a)?.kind === ARTIFACT_KINDS.npm);
  const each = artifacts.filter((a) => !npm.includes(a)).map((a) => downloadStep(`Get ${what}: ${a}`, a, `${dir}/${a}`));
  return npm.length === 0 ? each : [...each, downloadStep(`Get ${what}: every npm tarball`, `${ARTIFACT_KINDS.npm}.*`, dir, true)];
}

/**
 * Uploads a job's outcome file for the summary, whatever happened before (P6). Artifacts are immutable
 * per run, so `overwrite` lets "re-run failed jobs" replace the failed attempt's outcome (else: 409).
 */
export function uploadOutcomeStep(job: string): Step {
  return actionStep('Keep the outcomes for the summary', 'uploadArtifact', {
    'name': `${OUTCOME_ARTIFACT_PREFIX}${job}`,
    'path': `${OUTCOME_DIR}/${job}.json`,
    'if-no-files-found': 'warn',
    'retention-days': ARTIFACT_RETENTION_DAYS,
    'overwrite': true,
  }, { if: 'always()' });
}

/**
 * Job-level environment every job after the plan job has: where the release decision is. The job gets
 * the file itself with the download withReleaseRun adds after its checkout.
 */
export function runEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { [RELEASE_RUN_FILE_ENV]: RELEASE_RUN_FILE, ...extra };
}

/** The directory of the release decision's file: the artifact extracts there. */
const RELEASE_RUN_DIR = RELEASE_RUN_FILE.slice(0, RELEASE_RUN_FILE.lastIndexOf('/'));

/**
 * The plan job keeps the release decision for every later job (issue 20: a file, not an output). Uploading
 * and downloading an artifact of the run itself needs no token permission (the runner's own token).
 */
export function uploadReleaseRunStep(): Step {
  return uploadStep('Keep the release decision for the later jobs', RELEASE_RUN_ARTIFACT, [RELEASE_RUN_FILE]);
}

/** Downloads the release decision by its artifact's name, which extracts it straight into its directory. */
function downloadReleaseRunStep(optional: boolean): Step {
  return actionStep('Get the release decision of the plan job', 'downloadArtifact', { 'name': RELEASE_RUN_ARTIFACT, 'path': RELEASE_RUN_DIR, 'digest-mismatch': 'error' }, optional ? { 'continue-on-error': true } : {});
}

/**
 * A job whose environment names the release decision's file gets it right after its checkout (a checkout
 * empties the workspace first). With `optional`, a job that runs when the plan job failed (the summary)
 * goes on without it.
 */
export function withReleaseRun(id: string, job: Job, optional = false): Job {
  if (job.env?.[RELEASE_RUN_FILE_ENV] === undefined) return job;
  const checkout = job.steps.findIndex((s) => s.uses?.startsWith('actions/checkout@'));
  if (checkout < 0) throw new Error(`release.yml: job '${id}' reads the release decision but checks nothing out to download it into.`);
  return { ...job, steps: [...job.steps.slice(0, checkout + 1), downloadReleaseRunStep(optional), ...job.steps.slice(checkout + 1)] };
}

/** A Linux job with bash, least-privilege permissions and a time limit. */
export function linuxJob(options: {
  name: string;
  needs: string[];
  if?: string;
  permissions: Permissions;
  steps: Step[];
  env?: Record<string, string>;
  environment?: string;
  timeout?: number;
  outputs?: Record<string, string>;
}): Job {
  return {
    'name': options.name,
    'runs-on': RUNNERS.linuxX64,
    ...(options.needs.length > 0 ? { needs: options.needs } : {}),
    ...(options.if ? { if: options.if } : {}),
    ...(options.environment ? { environment: options.environment } : {}),
    'permissions': options.permissions,
    ...(options.outputs ? { outputs: options.outputs } : {}),
    'timeout-minutes': options.timeout ?? 30,
    ...(options.env ? { env: options.env } : {}),
    'defaults': { run: { shell: 'bash' } },
    'steps': options.steps,
  };
}
