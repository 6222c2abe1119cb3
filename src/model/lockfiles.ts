import { ManifestCache } from './manifest-cache';
import { isTable, normalizePythonName, parseJson, parseToml } from './manifests';
import { ownValue } from './own';
import { PackageOwners } from './pins-and-edges';
import { LockfilePlan } from './plan-types';

/** Lockfile names the plan looks for, and the tool that owns each. */
export const LOCKFILE_TOOLS: Record<string, LockfilePlan['tool']> = {
  'Cargo.lock': 'cargo',
  'package-lock.json': 'npm',
  'uv.lock': 'uv',
};

/**
 * Every lockfile in the repository that records a product's own version (B6): a Cargo.lock of any
 * workspace, including nested ones; a package-lock.json with a product as its root or a workspace; a
 * uv.lock with a product as an editable or virtual package. Registry packages of the same name do not
 * count: only local entries carry our version.
 */
export function findLockfiles(cache: ManifestCache, by: PackageOwners, included: (file: string) => boolean): LockfilePlan[] {
  const plans: LockfilePlan[] = [];
  for (const file of cache.repo.findFiles(Object.keys(LOCKFILE_TOOLS)).filter(included)) {
    const tool = ownValue(LOCKFILE_TOOLS, file.split('/').pop()!)!;
    const packages = localPackages(tool, file, cache.repo.read(file) ?? '', by);
    if (packages.length > 0) plans.push({ file, tool, packages: [...new Set(packages)].sort() });
  }
  return plans;
}

function localPackages(tool: LockfilePlan['tool'], file: string, text: string, by: PackageOwners): string[] {
  switch (tool) {
    case 'cargo':
      return tomlPackages(file, text).filter((p) => p.source === undefined && by.crates.has(String(p.name))).map((p) => String(p.name));
    case 'uv':
      return tomlPackages(file, text)
        .filter((p) => isTable(p.source) && ('editable' in p.source || 'virtual' in p.source) && by.python.has(normalizePythonName(String(p.name))))
        .map((p) => String(p.name));
    case 'npm': {
      const lock = parseJson(file, text);
      const entries = isTable(lock.packages) ? lock.packages : {};
      // Local packages are the root ("") and workspace folders; node_modules/ entries are links or registry
      // copies. npm omits a workspace entry's `name` when it equals the folder name: the link names it then.
      const linked = new Map<string, string>();
      for (const [key, e] of Object.entries(entries)) {
        if (isTable(e) && e.link === true && typeof e.resolved === 'string') linked.set(e.resolved, key.slice(key.lastIndexOf('node_modules/') + 13));
      }
      return Object.entries(entries)
        .filter(([key, e]) => !key.startsWith('node_modules/') && !key.includes('/node_modules/') && isTable(e))
        .map(([key, e]) => String((e as Record<string, unknown>).name ?? linked.get(key) ?? (key === '' ? lock.name : '')))
        .filter((name) => by.npm.has(name));
    }
  }
}

/** The `[[package]]` entries of a Cargo.lock; a lock that is not TOML throws the model's one-line error naming `file`. */
export function cargoLockPackages(file: string, text: string): Array<Record<string, unknown>> {
  return tomlPackages(file, text);
}

function tomlPackages(file: string, text: string): Array<Record<string, unknown>> {
  const doc = parseToml(file, text);
  return Array.isArray(doc.package) ? (doc.package as unknown[]).filter(isTable) : [];
}
