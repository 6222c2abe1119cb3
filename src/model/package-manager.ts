import { parseJson } from './manifests';
import { TOOL_VERSIONS } from './pins';
import { PackageManagerPlan } from './plan-types';
import { RepoReader } from './repo';

/** The package manager that installs the repository's root npm dependencies, and what says so. */
export interface RootPackageManager {
  readonly name: 'npm' | 'pnpm' | 'yarn';
  /** The file that decided it: `package.json` (its `packageManager` field) or a lockfile. */
  readonly evidence: string;
  /** The version package.json's `packageManager` names (its `+sha...` hash left off), when it names one. */
  readonly declaredVersion?: string;
}

/** `packageManager` in package.json: `<name>@<version>` with an optional `+<hash>` (Corepack's format). */
const PACKAGE_MANAGER_FIELD = /^(npm|pnpm|yarn)@([^+\s]+)(?:\+\S+)?$/;

/**
 * How the repository installs the npm dependencies at its root, where the workflows install the `lockstep`
 * CLI: package.json's `packageManager` field when it names one (Corepack and pnpm/action-setup go by it),
 * otherwise the lockfile at the root (package-lock.json, then pnpm-lock.yaml, then yarn.lock), otherwise npm.
 */
export function rootPackageManager(repo: RepoReader): RootPackageManager {
  const text = repo.read('package.json');
  const field = text === undefined ? undefined : parseJson('package.json', text).packageManager;
  const declared = typeof field === 'string' ? PACKAGE_MANAGER_FIELD.exec(field.trim()) : null;
  if (declared) return { name: declared[1] as RootPackageManager['name'], evidence: 'package.json', declaredVersion: declared[2] };
  for (const [lockfile, name] of [['package-lock.json', 'npm'], ['pnpm-lock.yaml', 'pnpm'], ['yarn.lock', 'yarn']] as const) {
    if (repo.read(lockfile) !== undefined) return { name, evidence: lockfile };
  }
  return { name: 'npm', evidence: 'package.json' };
}

/**
 * What the plan records about the root package manager: nothing for npm (the default the workflows were
 * always written for), the pnpm to install for pnpm. Yarn is refused where it matters (bootstrap).
 */
export function packageManagerPlanOf(repo: RepoReader): PackageManagerPlan | undefined {
  const pm = rootPackageManager(repo);
  if (pm.name !== 'pnpm') return undefined;
  return pm.declaredVersion !== undefined ? { name: 'pnpm', version: pm.declaredVersion, declared: true } : { name: 'pnpm', version: TOOL_VERSIONS.pnpm, declared: false };
}

