import {
  LockstepConfigError, PUBLISH_JOB_OF, PackageManagerPlan, ProductKind, ProductPlan, ProductSetupPlan, PublishTarget, TOOL_VERSIONS,
  customPublishJobOf, isEmptySetup, mergeSetups,
} from '../../model';
import { actionStep, usesOf } from '../workflow';
import { Job, Step } from '../workflow/workflow-types';

/**
 * Issue 17: the steps of a product's `setup` option, as pinned, reviewable steps (names and versions written
 * out): apt packages on Linux, protoc and pnpm with their pinned actions. Rust components and targets go
 * into the job's Rust toolchain step (see withRustSetup).
 */
export function setupSteps(setup: ProductSetupPlan): Step[] {
  const steps: Step[] = [];
  if (setup.aptPackages.length > 0) {
    // Names were checked at synth (Debian package names, optionally =version): plain words of the command.
    const packages = setup.aptPackages.join(' ');
    steps.push(
      { name: 'Refresh the apt index (setup.aptPackages)', if: "runner.os == 'Linux'", run: 'sudo apt-get update' },
      { name: 'Install system packages (setup.aptPackages)', if: "runner.os == 'Linux'", run: `sudo apt-get install --yes --no-install-recommends ${packages}` },
    );
  }
  if (setup.protoc !== undefined) {
    // The action lists protobuf's releases through the GitHub API: the job's token avoids the anonymous limit.
    steps.push(actionStep('Set up protoc (setup.protoc)', 'setupProtoc', { 'version': setup.protoc, 'repo-token': '${{ github.token }}' }));
  }
  if (setup.pnpm !== undefined) steps.push(actionStep('Set up pnpm (setup.pnpm)', 'pnpmSetup', { version: setup.pnpm }));
  return steps;
}

/** A list input of an action (`components`, `targets`) with more entries, comma-separated as dtolnay/rust-toolchain reads it. */
function joinInput(existing: unknown, more: readonly string[]): string {
  return [...(typeof existing === 'string' && existing !== '' ? existing.split(/\s*,\s*/) : []), ...more].join(', ');
}

/**
 * The job's steps with the setup's Rust components and targets: added to each Rust toolchain step the job has,
 * or in a toolchain step of their own before the first step after the setup's.
 */
function withRustSetup(steps: readonly Step[], setup: ProductSetupPlan, at: number): Step[] {
  if (setup.rustComponents.length === 0 && setup.rustTargets.length === 0) return [...steps];
  const toolchain = usesOf('rustToolchain');
  const extra = (w: Step['with'] = {}) => ({
    ...w,
    ...(setup.rustComponents.length > 0 ? { components: joinInput(w.components, setup.rustComponents) } : {}),
    ...(setup.rustTargets.length > 0 ? { targets: joinInput(w.targets, setup.rustTargets) } : {}),
  });
  if (steps.some((s) => s.uses === toolchain)) return steps.map((s) => (s.uses === toolchain ? { ...s, with: extra(s.with) } : s));
  const own = actionStep('Set up Rust (setup.rustComponents, setup.rustTargets)', 'rustToolchain', extra({ toolchain: TOOL_VERSIONS.rust }));
  return [...steps.slice(0, at), own, ...steps.slice(at)];
}

/** A job with the setup's steps right after its checkout, and its Rust components and targets. */
export function withSetup(job: Job, setup: ProductSetupPlan | undefined): Job {
  if (setup === undefined || isEmptySetup(setup)) return job;
  const checkout = job.steps.findIndex((s) => s.uses === usesOf('checkout'));
  const added = setupSteps(setup);
  const steps = [...job.steps.slice(0, checkout + 1), ...added, ...job.steps.slice(checkout + 1)];
  return { ...job, steps: withRustSetup(steps, setup, checkout + 1 + added.length) };
}

/** `setup.pnpm` sets up pnpm in jobs that already set up the one the repository's package.json names: refused. */
export function refuseDeclaredPnpm(products: readonly ProductPlan[], packageManager: PackageManagerPlan | undefined): void {
  if (packageManager?.declared !== true) return;
  const asking = products.filter((p) => p.setup?.pnpm !== undefined);
  if (asking.length === 0) return;
  throw new LockstepConfigError(
    `setup.pnpm: package.json names pnpm@${packageManager.version} in packageManager, which pnpm/action-setup sets up in every job that runs pnpm, ` +
      `and it refuses a second version; remove setup.pnpm from ${asking.map((p) => p.name).join(', ')} (or change packageManager).`,
  );
}

/** A build-stage job and the products it builds, checks or tests. */
export interface JobProducts {
  readonly id: string;
  readonly products: readonly string[];
}

/**
 * The products whose setup each release job takes: a build-stage job the products it builds, checks or tests,
 * publish-crates the crates (`cargo publish` compiles them again), a custom publish job the generic products
 * whose commands it runs. The other publish jobs upload what was built and set up nothing.
 */
function productsOfJobs(builds: ReadonlyArray<JobProducts>, products: readonly ProductPlan[]): Map<string, ProductPlan[]> {
  const byName = new Map(products.map((p) => [p.name, p]));
  const out = new Map<string, ProductPlan[]>();
  const add = (job: string, p: ProductPlan | undefined) => {
    if (p !== undefined) out.set(job, [...(out.get(job) ?? []), p]);
  };
  for (const b of builds) for (const name of b.products) add(b.id, byName.get(name));
  for (const p of products) {
    if (p.packages.some((k) => k.registry === PublishTarget.CRATES_IO)) add(PUBLISH_JOB_OF[PublishTarget.CRATES_IO], p);
    if (p.kind === ProductKind.GENERIC && p.settings.publishCommand) add(customPublishJobOf(p), p);
  }
  return out;
}

/**
 * Issue 17: every release job that builds, checks, tests or publishes a product from its sources gets the
 * product's setup; a job doing so for several products gets the union (one protoc and one pnpm: they must agree).
 */
export function applyProductSetup(
  jobs: Record<string, Job>,
  builds: ReadonlyArray<JobProducts>,
  products: readonly ProductPlan[],
  packageManager: PackageManagerPlan | undefined,
): void {
  refuseDeclaredPnpm(products, packageManager);
  for (const [id, members] of productsOfJobs(builds, products)) {
    if (jobs[id] === undefined) continue;
    jobs[id] = withSetup(jobs[id], mergeSetups(`release job ${id}`, members));
  }
}
