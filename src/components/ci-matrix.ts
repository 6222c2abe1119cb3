import { Component, Project } from 'projen';
import {
  AFFECTED_RULES_ENV,
  CHANGES_JOB,
  CI_JOBS_ENV,
  CI_JOBS_OUTPUT,
  CI_MATRIX_JOBS,
  CI_NEEDS_ENV,
  CI_SETTINGS_ENV,
  CI_WORKFLOW_FILE,
  CiMatrixJob,
  CiSettings,
  LockstepConfigError,
  PathPattern,
  ReleasePlan,
  RUNNERS,
  TOOL_VERSIONS,
  cellCount,
  ciMatrices,
  matrixOutputOf,
} from '../model';
import { MATRIX_JOBS } from './ci/matrix-jobs';
import { CiMatrixOptions } from './ci/options';
import { CiSetupKinds, ciSetupKinds, withCiSetupSteps } from './ci/setup-steps';
import { refuseDeclaredPnpm } from './release/product-setup-steps';
import { WorkflowFile, checkoutStep, installLockstepStep, lockstepStep, setupNodeStep } from './workflow';
import { Job, Step, Workflow } from './workflow/workflow-types';

/** Id of the aggregate job: the one check branch protection requires. Renaming it breaks every ruleset. */
export const CI_OK_JOB = 'ci-ok';

/**
 * `.github/workflows/ci.yml`: every product built and tested on its OS × runtime matrix, run only when a
 * change affects it, in a number of jobs that depends on the kinds of products, not on how many there are.
 *
 * - `changes` runs `lockstep affected`: the products whose inputs (what their build and tests read, in the
 *   plan) a change touches, and every product reading theirs. Pull requests and merge queue groups compare
 *   with their base, pushes to the release branch with the commit before the push; dispatches (the release
 *   PR's CI, a manual full run) and release PRs test everything (see src/runtime/affected). It outputs each
 *   matrix job's matrix of the affected products (model/ci-matrices.ts) and the list of jobs that have one.
 * - One matrix job per kind of work (Rust build and test, lint, MSRV, Python, Node, ...), generated only
 *   when some product has that work; it runs when change detection gave it cells, each cell a group of
 *   products on one runner (and interpreter version).
 * - `verify` runs `lockstep verify` (one version everywhere) and `lockstep drift` (the plan and workflows
 *   are in step with .projenrc.ts and the manifests) on every change.
 * - `ci-ok` always runs last and is the one required check: `lockstep ci-result` fails it when a job failed
 *   or was cancelled (a matrix job fails when any of its cells did), or was skipped although change
 *   detection gave it cells.
 */
export class CiMatrix extends Component {
  /** The generated workflow file. */
  public readonly file: WorkflowFile;
  private readonly caches: boolean;
  private readonly settings: CiSettings;
  private readonly jobs: CiMatrixJob[];
  /** Whether some product installs with pnpm (its cells set pnpm up). */
  private readonly pnpm: boolean;
  /** Per job, the setups some product of it asks for (issue 17): the job renders their steps. */
  private readonly setupKinds: Partial<Record<CiMatrixJob, CiSetupKinds>>;

  constructor(project: Project, private readonly plan: ReleasePlan, private readonly options: CiMatrixOptions = {}) {
    super(project);
    checkOptions(plan, options);
    this.caches = options.caches ?? !/release/i.test(plan.releaseBranch);
    this.settings = { ...options.products };
    // Every product affected: the jobs ci.yml needs, each checked against GitHub's matrix limit.
    const full = ciMatrices(plan, this.settings);
    this.jobs = CI_MATRIX_JOBS.filter((j) => full[j] !== undefined);
    this.pnpm = Object.values(full).some((groups) => groups.some((g) => g.values.pnpm === 'true'));
    refuseDeclaredPnpm(plan.tracks.flatMap((t) => t.products), plan.packageManager);
    this.setupKinds = Object.fromEntries(this.jobs.map((j) => [j, ciSetupKinds(full[j]!)]));
    this.file = new WorkflowFile(project, CI_WORKFLOW_FILE, () => this.render(), plan.packageManager, {
      // Each matrix job's cells when every product is affected: the most change detection can give it.
      computedMatrixCells: Object.fromEntries(this.jobs.map((j) => [j, cellCount(full[j]!)])),
      remedy: 'Give products fewer runners or interpreter versions (ci.products.<name>), leave some products out of CI (disabled), or turn ci.yml off (ci: { enabled: false }) and keep your own.',
    });
  }

  /** The workflow, rendered at synth. */
  public render(): Workflow {
    const ctx = { caches: this.caches, ...(this.pnpm ? { pnpm: this.plan.packageManager ?? { name: 'pnpm', version: TOOL_VERSIONS.pnpm, declared: false } } : {}) };
    const matrixJobs = Object.fromEntries(this.jobs.map((j) => [j, withCiSetupSteps(MATRIX_JOBS[j](ctx), this.setupKinds[j] ?? new Set())]));
    const all: Record<string, Job> = { [CHANGES_JOB]: this.changesJob(), verify: this.verifyJob(), ...matrixJobs };
    const map: Record<string, string> = { [CHANGES_JOB]: '', verify: '', ...Object.fromEntries(this.jobs.map((j) => [j, j])) };
    return {
      name: 'ci',
      on: {
        pull_request: {},
        // A required check must also report on merge queue groups, or a queued PR waits forever.
        merge_group: {},
        push: { branches: [this.plan.releaseBranch] },
        workflow_dispatch: {},
      },
      // One group per pull request, cancelling its superseded runs; every other run (the release branch,
      // dispatches of the release PR's CI) has a group of its own, so it is never cancelled or replaced.
      concurrency: {
        'group': "ci-${{ github.event_name == 'pull_request' && format('pr-{0}', github.event.pull_request.number) || format('run-{0}', github.run_id) }}",
        'cancel-in-progress': true,
      },
      jobs: { ...all, [CI_OK_JOB]: this.ciOkJob(Object.keys(all), map) },
    };
  }

  private changesJob(): Job {
    const rules = {
      ...(this.options.sharedPaths?.length ? { sharedPaths: this.options.sharedPaths } : {}),
      ...(this.options.ignorePaths?.length ? { ignorePaths: this.options.ignorePaths } : {}),
    };
    const output = (name: string) => `\${{ steps.affected.outputs.${name} }}`;
    return {
      'name': 'affected products',
      'runs-on': RUNNERS.linuxX64,
      'permissions': { contents: 'read' },
      'timeout-minutes': 15,
      'outputs': {
        all: output('all'),
        kinds: output('kinds'),
        [CI_JOBS_OUTPUT]: output(CI_JOBS_OUTPUT),
        ...Object.fromEntries(this.jobs.map((j) => [matrixOutputOf(j), output(matrixOutputOf(j))])),
      },
      'steps': [
        // The whole history: the base commit of the comparison must be present.
        checkoutStep({ fetchDepth: 0 }),
        this.setupNode(),
        installLockstepStep(),
        lockstepStep('Find the affected products', ['affected'], {
          id: 'affected',
          env: {
            BASE_SHA: '${{ github.event.pull_request.base.sha || github.event.merge_group.base_sha || github.event.before }}',
            ...(Object.keys(rules).length > 0 ? { [AFFECTED_RULES_ENV]: JSON.stringify(rules) } : {}),
            ...(Object.keys(this.settings).length > 0 ? { [CI_SETTINGS_ENV]: JSON.stringify(this.settings) } : {}),
          },
        }),
      ],
    };
  }

  /**
   * Node for the jobs that run the lockstep CLI (installed from the root lockfile). npm's download cache is
   * keyed on package-lock.json; a pnpm repository has none, and pnpm's store is not cached.
   */
  private setupNode(): Step {
    return setupNodeStep(TOOL_VERSIONS.node, this.plan.packageManager === undefined && this.caches ? 'package-lock.json' : undefined);
  }

  /**
   * `lockstep verify`: every manifest carries the one version; `lockstep drift`: the committed plan and
   * workflows are what `.projenrc.ts` and the manifests give now (a stale plan could skip a product whose
   * dependencies changed). Both on every change.
   */
  private verifyJob(): Job {
    return {
      'name': 'verify versions and generated files',
      'runs-on': RUNNERS.linuxX64,
      'permissions': { contents: 'read' },
      'timeout-minutes': 15,
      'steps': [
        checkoutStep(),
        this.setupNode(),
        installLockstepStep(),
        lockstepStep('Verify one version everywhere', ['verify']),
        // Reported even when the versions step failed: both say what to fix.
        lockstepStep('Check the generated files are up to date', ['drift'], { if: '!cancelled()' }),
      ],
    };
  }

  /** The required check: runs whatever happened before it and decides with `lockstep ci-result`. */
  private ciOkJob(needs: string[], map: Record<string, string>): Job {
    return {
      'runs-on': RUNNERS.linuxX64,
      'needs': needs,
      'if': 'always()',
      'permissions': { contents: 'read' },
      'timeout-minutes': 15,
      'steps': [
        checkoutStep(),
        this.setupNode(),
        installLockstepStep(),
        lockstepStep('Decide the CI result', ['ci-result'], {
          env: { [CI_NEEDS_ENV]: needsJson(needs), [CI_JOBS_ENV]: JSON.stringify(map) },
        }),
      ],
    };
  }
}

/**
 * What `lockstep ci-result` reads of `toJSON(needs)`: each job's result and, of the change detection's
 * outputs, the list of jobs that had cells. `toJSON(needs)` itself carries every matrix, which at 1000
 * crates passes Linux's 128 KiB limit on one environment string. Job ids and results are plain words; the
 * one output goes through `toJSON`, so the value is JSON whatever it holds.
 */
function needsJson(needs: readonly string[]): string {
  const entries = needs.map((id) => (id === CHANGES_JOB
    ? `"${id}":{"result":"\${{ needs.${id}.result }}","outputs":{"${CI_JOBS_OUTPUT}":\${{ toJSON(needs.${id}.outputs.${CI_JOBS_OUTPUT}) }}}}`
    : `"${id}":{"result":"\${{ needs.${id}.result }}"}`));
  return `{${entries.join(',')}}`;
}

/** Options that name products or paths are checked at synth, naming the option and the fix. */
function checkOptions(plan: ReleasePlan, options: CiMatrixOptions): void {
  const names = plan.tracks.flatMap((t) => t.products.map((p) => p.name));
  for (const name of Object.keys(options.products ?? {})) {
    if (!names.includes(name)) {
      throw new LockstepConfigError(`ci.products.${name}: there is no product named '${name}'; products: ${names.join(', ')}.`);
    }
  }
  for (const name of names) {
    if (!/^[A-Za-z0-9._-]+$/.test(name)) {
      throw new LockstepConfigError(`ci: product name '${name}' has characters a workflow expression cannot carry safely; set \`name\` on the product (letters, digits, '.', '_', '-').`);
    }
  }
  for (const [option, patterns] of [['sharedPaths', options.sharedPaths], ['ignorePaths', options.ignorePaths]] as const) {
    for (const p of patterns ?? []) {
      // The same parser the runtime uses, so a pattern synth accepts can never fail in CI.
      try {
        PathPattern.parse(p);
      } catch (e) {
        throw new LockstepConfigError(`ci.${option}: ${(e as Error).message}`);
      }
    }
  }
}
