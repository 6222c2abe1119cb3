import { Component, Project } from 'projen';
import { AFFECTED_RULES_ENV, CI_JOBS_ENV, CI_NEEDS_ENV, CI_WORKFLOW_FILE, LockstepConfigError, PathPattern, ProductKind, ProductPlan, RUNNERS, ReleasePlan, TOOL_VERSIONS } from '../model';
import { goJobs, genericJobs, npmPackageJobs, tauriJobs } from './ci/app-jobs';
import { CHANGES_JOB, CiJob, setupNodeCiStep } from './ci/ci-steps';
import { CiMatrixOptions, CiProductOptions } from './ci/options';
import { ProductCi, rustJobs } from './ci/rust-jobs';
import { nodeJobs, pythonJobs, wasmJobs } from './ci/sdk-jobs';
import { WorkflowFile, checkoutStep, installLockstepStep, lockstepStep } from './workflow';
import { Job, Step, Workflow } from './workflow/workflow-types';

/** Id of the aggregate job: the one check branch protection requires. Renaming it breaks every ruleset. */
export const CI_OK_JOB = 'ci-ok';

/** The jobs each product kind gets (an exhaustive table: a new kind does not compile until it has CI). */
const JOBS_BY_KIND: Record<ProductKind, (ci: ProductCi) => CiJob[]> = {
  [ProductKind.RUST_CRATE]: rustJobs,
  [ProductKind.C_FFI]: rustJobs,
  [ProductKind.MATURIN]: pythonJobs,
  [ProductKind.NAPI]: nodeJobs,
  [ProductKind.WASM_PACK]: wasmJobs,
  [ProductKind.GO_MODULE]: goJobs,
  [ProductKind.TAURI_APP]: tauriJobs,
  [ProductKind.NPM_PACKAGE]: npmPackageJobs,
  [ProductKind.GENERIC]: genericJobs,
};

/**
 * `.github/workflows/ci.yml`: every product built and tested on its OS × runtime matrix, run only when a
 * change affects it.
 *
 * - `changes` runs `lockstep affected`: the products whose inputs (what their build and tests read, in the
 *   plan) a change touches, and every product reading theirs. Pull requests and merge queue groups compare
 *   with their base, pushes to the release branch with the commit before the push; dispatches (the release
 *   PR's CI, a manual full run) and release PRs test everything (see src/runtime/affected).
 * - One job per product and kind (build and test matrices, lint, MSRV), each `if:` its product is affected.
 * - `verify` runs `lockstep verify` (one version everywhere) and `lockstep drift` (the plan and workflows
 *   are in step with .projenrc.ts and the manifests) on every change.
 * - `ci-ok` always runs last and is the one required check: `lockstep ci-result` fails it when a job failed
 *   or was cancelled, or was skipped although its product was affected.
 */
export class CiMatrix extends Component {
  /** The generated workflow file. */
  public readonly file: WorkflowFile;
  private readonly caches: boolean;

  constructor(project: Project, private readonly plan: ReleasePlan, private readonly options: CiMatrixOptions = {}) {
    super(project);
    checkOptions(plan, options);
    this.caches = options.caches ?? !/release/i.test(plan.releaseBranch);
    this.file = new WorkflowFile(project, CI_WORKFLOW_FILE, () => this.render(), plan.packageManager);
  }

  /** The workflow, rendered at synth. */
  public render(): Workflow {
    const jobs = this.productJobs();
    const always: Record<string, Job> = { [CHANGES_JOB]: this.changesJob(), verify: this.verifyJob() };
    const all = { ...always, ...Object.fromEntries(jobs.map((j) => [j.id, j.job])) };
    const map = { [CHANGES_JOB]: '', verify: '', ...Object.fromEntries(jobs.map((j) => [j.id, j.product])) };
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

  private productJobs(): CiJob[] {
    const products = this.plan.tracks.flatMap((t) => t.products);
    const byName = new Map(products.map((p) => [p.name, p]));
    const lookup = (name: string): ProductPlan => {
      const p = byName.get(name);
      if (p === undefined) throw new Error(`ci.yml: the plan names product '${name}', which it does not define; regenerate it with \`npx projen\`.`);
      return p;
    };
    const jobs = products
      .filter((p) => this.productOptions(p).disabled !== true)
      .flatMap((product) => {
        const ci = { product, options: this.productOptions(product), slug: slugOf(product.name), caches: this.caches, lookup };
        return JOBS_BY_KIND[product.kind as ProductKind](ci);
      });
    const seen = new Map<string, string>();
    for (const j of jobs) {
      const other = seen.get(j.id);
      if (other !== undefined) throw new LockstepConfigError(`ci: products '${other}' and '${j.product}' both get the job id '${j.id}'; rename one of them.`);
      seen.set(j.id, j.product);
    }
    return jobs;
  }

  private productOptions(p: ProductPlan): CiProductOptions {
    return this.options.products?.[p.name] ?? {};
  }

  private changesJob(): Job {
    const rules = {
      ...(this.options.sharedPaths?.length ? { sharedPaths: this.options.sharedPaths } : {}),
      ...(this.options.ignorePaths?.length ? { ignorePaths: this.options.ignorePaths } : {}),
    };
    return {
      'name': 'affected products',
      'runs-on': RUNNERS.linuxX64,
      'permissions': { contents: 'read' },
      'timeout-minutes': 15,
      'outputs': {
        products: '${{ steps.affected.outputs.products }}',
        all: '${{ steps.affected.outputs.all }}',
        kinds: '${{ steps.affected.outputs.kinds }}',
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
    return setupNodeCiStep(TOOL_VERSIONS.node, this.plan.packageManager === undefined ? 'package-lock.json' : undefined, this.caches);
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
          env: { [CI_NEEDS_ENV]: '${{ toJSON(needs) }}', [CI_JOBS_ENV]: JSON.stringify(map) },
        }),
      ],
    };
  }
}

/** A job-id-safe form of a product name. */
function slugOf(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
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
