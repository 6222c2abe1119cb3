import satisfies from 'semver/functions/satisfies';
import validRange from 'semver/ranges/valid';
import { LocalCrate, ResolvedDep, dependenciesOf, localCrates, lockfileRoot } from './cargo-workspace';
import { LockProblem } from './lock-problems';
import { ManifestCache } from '../../model/manifest-cache';
import { isTable, parseToml } from '../../model/manifests';
import { RepoReader, dirOf } from '../../model/repo';

/** One `[[package]]` of Cargo.lock. */
interface LockEntry {
  readonly name: string;
  readonly version: string;
  readonly source?: string;
  readonly dependencies: string[];
}

/** What the check knows about the track, to tell its own packages apart. */
export interface CargoCheckContext {
  /** Crates whose entries the bump's own version check covers (the lockfile plan's packages). */
  readonly listed: ReadonlySet<string>;
  /** Package names of the track's products, which may also resolve from a registry. */
  readonly products: ReadonlySet<string>;
}

/** A Cargo.lock read for the check, with what every message needs. */
interface Lock {
  readonly file: string;
  readonly byName: ReadonlyMap<string, LockEntry[]>;
  readonly crates: ReadonlyMap<string, LocalCrate>;
  readonly ctx: CargoCheckContext;
  /** What to run to refresh it. */
  readonly fix: string;
}

/**
 * What `cargo metadata --locked --offline` would refuse in a Cargo.lock, checked without cargo, the
 * network or a package cache: every workspace member and path dependency has an entry at its manifest's
 * version, every dependency a manifest declares is listed in its crate's entry, and the locked version (for
 * a path dependency, the crate at that path) satisfies the requirement. Leftovers (an entry or a listed
 * dependency nothing declares any more) are not reported: cargo --locked accepts them. Resolution of
 * registry versions is cargo's: a new registry dependency is reported as missing, never resolved here.
 */
export function cargoLockProblems(lockFile: string, text: string, repo: RepoReader, ctx: CargoCheckContext): LockProblem[] {
  const cache = new ManifestCache(repo);
  const root = lockfileRoot(dirOf(lockFile), cache);
  if (root === undefined) return [];
  const byName = new Map<string, LockEntry[]>();
  for (const e of lockEntries(lockFile, text)) byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
  const lock: Lock = { file: lockFile, byName, crates: localCrates(root, cache), ctx, fix: `run \`cargo update --workspace\` in ${dirOf(lockFile)}` };
  return [...lock.crates.values()].flatMap((c) => crateProblems(lock, c));
}

function crateProblems(lock: Lock, c: LocalCrate): LockProblem[] {
  const own = (lock.byName.get(c.name) ?? []).filter((e) => e.source === undefined);
  const entry = own.find((e) => e.version === c.version);
  if (entry === undefined) {
    // A listed crate at another version is the bump's own finding, reported with the track's version.
    if (own.length > 0 && lock.ctx.listed.has(c.name)) return [];
    const reason = own.length === 0
      ? `has no entry for ${c.name} ${c.version} (${c.manifest.file}); ${lock.fix}.`
      : `records ${c.name} ${own.map((e) => e.version).join(', ')}, but ${c.manifest.file} is at ${c.version}; ${lock.fix}.`;
    return [{ file: lock.file, key: `entry ${c.name}`, reason }];
  }
  const refs = entry.dependencies.map((ref) => ({ name: ref.split(' ')[0], entry: resolveRef(ref, lock.byName) }));
  return dependenciesOf(c).flatMap((d): LockProblem[] => {
    const locked = refs.filter((r) => r.name === d.name).flatMap((r) => (r.entry ? [r.entry] : []));
    if (refs.some((r) => r.name === d.name)) return requirementProblem(lock, c, d, locked);
    // Cargo locks a crate's optional dependencies only when a feature turns them on, except for members.
    if (d.optional && !c.member) return [];
    return [{ file: lock.file, key: `dep ${c.name} ${d.name}`, reason: `does not list ${d.name} as a dependency of ${c.name}, although ${d.where} declares it; ${lock.fix}.` }];
  });
}

/** The requirement of `d` against what the lockfile resolves it to (for a path dependency: the crate at that path). */
function requirementProblem(lock: Lock, c: LocalCrate, d: ResolvedDep, locked: readonly LockEntry[]): LockProblem[] {
  const range = d.req === undefined ? undefined : cargoRange(d.req);
  const local = d.localFile === undefined ? undefined : lock.crates.get(d.localFile);
  const versions = local ? [local.version] : locked.map((e) => e.version);
  if (range === undefined || versions.length === 0 || versions.some((v) => satisfies(v, range))) return [];
  const base = { file: lock.file, key: `req ${c.name} ${d.name}`, ...(d.requirementAt ? { requirementAt: d.requirementAt } : {}) };
  if (local) {
    return [{
      ...base,
      reason: `${d.where} requires ${d.name} ${d.req}, but the crate at its path (${local.manifest.file}) is ${local.version}, so cargo cannot resolve ` +
        'the workspace ("failed to select a version"); make the requirement follow, or drop it from the path dependency.',
    }];
  }
  const fromRegistry = locked.every((e) => /^(registry|sparse)\+/.test(e.source ?? ''));
  const awaitsPublish = fromRegistry && lock.ctx.products.has(d.name);
  const fix = awaitsPublish
    ? `${d.name} comes from its registry: run \`cargo update -p ${d.name}\` in ${dirOf(lock.file)} once that version is published.`
    : `${lock.fix}.`;
  return [{ ...base, reason: `records ${d.name} ${versions.join(', ')} for ${c.name}, which does not satisfy ${d.req} (${d.where}); ${fix}`, ...(awaitsPublish ? { awaitsPublish } : {}) }];
}

/** A Cargo requirement as an npm range (`1.2` is `^1.2`, commas join comparators), or undefined when semver cannot read it. */
export function cargoRange(req: string): string | undefined {
  const parts = req.split(',').map((p) => p.trim()).filter(Boolean);
  const range = parts.map((p) => (/^\d/.test(p) && !/[*xX]/.test(p) ? `^${p}` : p.replace(/\s+/g, ''))).join(' ');
  return parts.length > 0 && validRange(range) !== null ? range : undefined;
}

function lockEntries(file: string, text: string): LockEntry[] {
  const doc = parseToml(file, text);
  return (Array.isArray(doc.package) ? doc.package : []).filter(isTable).map((p) => ({
    name: String(p.name),
    version: String(p.version),
    source: typeof p.source === 'string' ? p.source : undefined,
    dependencies: Array.isArray(p.dependencies) ? p.dependencies.filter((x): x is string => typeof x === 'string') : [],
  }));
}

/** The entry a `dependencies` item names: `name`, `name version` or `name version (source)`. */
function resolveRef(ref: string, byName: ReadonlyMap<string, LockEntry[]>): LockEntry | undefined {
  const m = /^(\S+)(?: (\S+))?(?: \((.+)\))?$/.exec(ref);
  if (m === null) return undefined;
  const found = (byName.get(m[1]) ?? []).filter((e) => (m[2] === undefined || e.version === m[2]) && (m[3] === undefined || e.source === m[3]));
  return found.length === 1 ? found[0] : undefined;
}
