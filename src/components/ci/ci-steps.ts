import { CHANGES_JOB, ProductPlan, RUNNERS, TOOL_VERSIONS } from '../../model';
import { PNPM_FROZEN_INSTALL, actionStep, setupNodeStep } from '../workflow';
import { CiRunner } from './options';
import { Job, Step } from '../workflow/workflow-types';

export { CHANGES_JOB };

/** A job of ci.yml and the product it tests ('' for a job that runs on every change). */
export interface CiJob {
  readonly id: string;
  readonly product: string;
  readonly job: Job;
}

/** Runner label of each CI runner, from the pin table. */
export const RUNNER_LABELS: Record<CiRunner, string> = {
  [CiRunner.LINUX]: RUNNERS.linuxX64,
  [CiRunner.LINUX_ARM64]: RUNNERS.linuxArm64,
  [CiRunner.MACOS]: RUNNERS.macosArm64,
  [CiRunner.MACOS_X64]: RUNNERS.macosX64,
  [CiRunner.WINDOWS]: RUNNERS.windowsX64,
};

/** The oldest and the newest of a list of version lines (the default test matrix of an interpreter). */
export function oldestAndNewest(lines: readonly string[]): string[] {
  return [...new Set([lines[0], lines[lines.length - 1]])];
}

/** `if:` of a product job: run when change detection lists the product. */
export function affectedIf(product: string): string {
  return `contains(fromJSON(needs.${CHANGES_JOB}.outputs.products), '${product}')`;
}

/**
 * The parts of a product job every kind shares: needs the change detection, runs only when the product is
 * affected, reads the repository and nothing else, uses bash everywhere (Windows included) and a matrix
 * over runners and, optionally, one interpreter axis.
 */
export function productJob(options: {
  readonly name: string;
  readonly product: ProductPlan;
  readonly runners: readonly CiRunner[];
  readonly axis?: { readonly key: string; readonly values: readonly string[] };
  readonly env?: Record<string, string>;
  readonly steps: Step[];
}): Job {
  const labels = options.runners.map((r) => RUNNER_LABELS[r]);
  const matrix: Record<string, unknown> = {};
  if (labels.length > 1) matrix.os = labels;
  if (options.axis) matrix[options.axis.key] = [...options.axis.values];
  const suffix = Object.keys(matrix).map((k) => `\${{ matrix.${k} }}`).join(', ');
  return {
    'name': suffix ? `${options.name} (${suffix})` : options.name,
    'runs-on': labels.length > 1 ? '${{ matrix.os }}' : labels[0],
    'needs': [CHANGES_JOB],
    'if': affectedIf(options.product.name),
    'permissions': { contents: 'read' },
    ...(Object.keys(matrix).length > 0 ? { strategy: { 'fail-fast': false, matrix } } : {}),
    'timeout-minutes': 60,
    ...(options.env ? { env: options.env } : {}),
    'defaults': { run: { shell: 'bash' } },
    'steps': options.steps,
  };
}

/** A step running one command, from a repository directory (`.` is the root). */
export function runStep(name: string, command: string, dir = '.', extra: Partial<Step> = {}): Step {
  return { name, run: command, ...(dir !== '.' ? { 'working-directory': dir } : {}), ...extra };
}

/** Installs a Rust toolchain (the pinned channel unless given) with optional components and targets. */
export function rustToolchainStep(options: { toolchain?: string; components?: string[]; targets?: string[] } = {}): Step {
  return actionStep('Set up Rust', 'rustToolchain', {
    toolchain: options.toolchain ?? TOOL_VERSIONS.rust,
    ...(options.components ? { components: options.components.join(', ') } : {}),
    ...(options.targets ? { targets: options.targets.join(', ') } : {}),
  });
}

/**
 * Caches Cargo's registry and the workspace's `target/`, keyed on Cargo.lock and the toolchain (none when
 * caches are off). Only runs on the release branch and dispatches save the cache; pull requests restore it
 * (their caches would be scoped to the PR anyway and crowd out the shared ones).
 */
export function rustCacheSteps(cargoRoot: string, caches: boolean): Step[] {
  if (!caches) return [];
  return [actionStep('Cache Cargo', 'rustCache', {
    ...(cargoRoot !== '.' ? { workspaces: `${cargoRoot} -> target` } : {}),
    'save-if': "${{ github.event_name != 'pull_request' }}",
  })];
}

/**
 * Sets up Node for a CI job, caching npm's download cache keyed on the lockfile when there is one and
 * caches are on; otherwise caching is switched off explicitly (setup-node turns it on by itself).
 */
export function setupNodeCiStep(nodeVersion: string, lockfile: string | undefined, caches: boolean): Step {
  return setupNodeStep(nodeVersion, caches ? lockfile : undefined);
}

/**
 * `npm ci` (or `pnpm install --frozen-lockfile`, pnpm set up by the workflow) in the directory of the
 * lockfile that lists the product, or `npm install` in the product's directory when none does.
 */
export function npmInstallStep(product: ProductPlan): Step {
  const root = product.ci?.npmRoot ?? product.path;
  if (product.ci?.lockfiles.some((f) => f.endsWith('pnpm-lock.yaml'))) return runStep('Install npm dependencies', PNPM_FROZEN_INSTALL, root);
  return npmLockfileOf(product)
    ? runStep('Install npm dependencies', 'npm ci --no-audit --no-fund', root)
    : runStep('Install npm dependencies', 'npm install --no-audit --no-fund', product.path);
}

/** The product's package-lock.json, if it has one (setup-node's npm cache is keyed on it). */
export function npmLockfileOf(product: ProductPlan): string | undefined {
  return product.ci?.lockfiles.find((f) => f.endsWith('package-lock.json'));
}

/** `--locked` when the product's Cargo workspace has a committed Cargo.lock (reproducible CI builds). */
export function lockedFlag(product: ProductPlan): string {
  return product.ci?.lockfiles.some((f) => f.endsWith('Cargo.lock')) ? ' --locked' : '';
}
