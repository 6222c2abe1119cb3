import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runRehearsalGit } from './rehearsal-git';
import { cargoLockPackages } from '../../model/lockfiles';
import { ReleasePlan } from '../../model/plan-types';
import { CliError } from '../cli-error';
import { CRATES_IO_INDEX, cratesRegistryOf, isCratesIoSource, readIndexFile, sparseIndexPath } from '../registry/crates';
import { Exec } from '../release/ports';

/**
 * The rehearsal's crates registry (estuary) replaces crates.io as a source (cargo's source replacement,
 * registry/crates.ts), so it must also serve every crates.io crate the release's crates depend on: without
 * them `cargo package` cannot resolve a crate that depends on serde or clap. This seeds estuary, before it
 * starts, with exactly the crates.io versions the repository's Cargo.lock files name: crates.io's own index
 * line for each (so cargo resolves them as it would on crates.io: same deps, features, checksum) and the
 * `.crate` file cargo already downloaded (its sha256 checked against the lock's checksum, as is the index line's). The seed is written into
 * estuary's storage, not uploaded through its API, so the recording proxy never sees it: it is no publish of
 * the release's and no row of the registry state.
 *
 * Why estuary's storage and not a cargo `local-registry` for crates.io next to estuary: the release's own
 * crates must resolve each other from the registry they are published to (cargo takes a path dependency's
 * published version from crates.io, i.e. from the replacement), so crates.io and the publish registry have
 * to be one source, as they are on GitHub. Why not through the publish API: it would count as uploads, and
 * it re-derives each index line from cargo's publish metadata instead of keeping crates.io's.
 */

/** A crates.io package of a Cargo.lock: name, version, the `.crate` file's sha256. */
export interface LockedCrate {
  readonly name: string;
  readonly version: string;
  readonly checksum: string;
}

/** What estuary is seeded with: each crate's crates.io index line and its `.crate` file on this machine. */
export interface CratesSeed {
  readonly crates: ReadonlyArray<LockedCrate & { readonly line: string; readonly file: string }>;
  /** The lockfiles read, relative to the repository. */
  readonly lockfiles: readonly string[];
  /** Where the index lines came from: the cache file, and whether this rehearsal fetched them. */
  readonly cacheFile: string;
  readonly fetched: boolean;
  /**
   * crates.io versions of the release's own crates that a Cargo.lock locks (`name@version`: an example
   * that depends on a previous release), left out of the seed: see prepareCratesSeed.
   */
  readonly ownLeftOut: readonly string[];
}

/** The crates.io packages of a Cargo.lock (local and git packages have no crates.io source). */
export function lockedCratesIo(file: string, text: string): LockedCrate[] {
  return cargoLockPackages(file, text)
    .filter((p) => typeof p.source === 'string' && isCratesIoSource(p.source))
    .map((p) => ({ name: String(p.name), version: String(p.version), checksum: String(p.checksum ?? '') }));
}

/** A crates.io product whose Cargo workspace has no Cargo.lock: its dependencies cannot be seeded. */
export interface UnlockedProduct {
  readonly product: string;
  readonly cargoRoot: string;
}

/** Where the seed comes from in a plan: the Cargo.lock files, the release's own crates, the workspaces with no lock. */
export interface SeedSources {
  /** The Cargo.lock files of the published crates' workspaces, relative to the repository, sorted. */
  readonly lockfiles: readonly string[];
  /** Every crates.io package name the plan releases. */
  readonly own: readonly string[];
  readonly unlocked: readonly UnlockedProduct[];
}

/**
 * The seed's sources for a plan: the Cargo workspaces of the crates it publishes to crates.io (those left
 * out with `without` do not count), each by the Cargo.lock the plan's CI facts record for it
 * (`ci.lockfiles`, read from the repository when the plan was made), and the release's own crate names.
 */
export function seedSourcesOf(plan: ReleasePlan, without: readonly string[]): SeedSources {
  const products = plan.tracks.flatMap((t) => t.products);
  const own = [...new Set(products.flatMap((p) => p.packages.filter((k) => k.registry === 'crates-io').map((k) => k.name)))].sort();
  const locks = new Set<string>();
  const unlocked = new Map<string, UnlockedProduct>();
  for (const p of products) {
    const cargoRoot = p.ci?.cargoRoot;
    if (!p.publish || without.includes(p.name) || cargoRoot === undefined || !p.packages.some((k) => k.registry === 'crates-io')) continue;
    const lock = p.ci!.lockfiles.find((l) => path.posix.basename(l) === 'Cargo.lock');
    if (lock !== undefined) locks.add(lock);
    else if (!unlocked.has(cargoRoot)) unlocked.set(cargoRoot, { product: p.name, cargoRoot });
  }
  return { lockfiles: [...locks].sort(), own, unlocked: [...unlocked.values()] };
}

/** The one line a rehearsal prints for a crates.io product whose workspace has no Cargo.lock. */
export function unlockedLine(u: UnlockedProduct): string {
  return `${u.product}: its Cargo workspace ${u.cargoRoot} has no Cargo.lock, so the local crates registry playing crates.io is not seeded with its crates.io dependencies, and a crate that has any fails to resolve them ("no matching package named …"): commit the workspace's Cargo.lock (\`cargo generate-lockfile\` makes one), then rehearse again.`;
}

/** The printed seed line's tail naming the release's own crates left out of the seed (empty when none). */
export function ownLeftOutNote(leftOut: readonly string[]): string {
  if (leftOut.length === 0) return '';
  return `; left out: ${leftOut.join(', ')}, crates.io versions of this release's own crates that a Cargo.lock locks (previous releases): the local registry does not hold them, so what resolves them fails here though it resolves on crates.io`;
}

/** What prepareCratesSeed reads. */
export interface SeedOptions {
  /** The repository, and its Cargo.lock files relative to it. */
  readonly repoDir: string;
  readonly lockfiles: readonly string[];
  /** The crates.io package names this release publishes: their locked versions are not seeded. */
  readonly own: readonly string[];
  /** The command's environment: CARGO_HOME (cargo's cache) and XDG_CACHE_HOME (the index lines' cache). */
  readonly env: NodeJS.ProcessEnv;
  readonly exec: Exec;
  /** The sparse index the lines are read from: crates.io's unless a test serves its own. */
  readonly index?: string;
}

/** Where the index lines are cached between rehearsals: outside any clone, keyed by the locked set. */
export function seedCacheDir(env: NodeJS.ProcessEnv): string {
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'lockstep', 'crates-io-index');
}

/** The `.crate` files cargo downloaded from crates.io on this machine: `<cargo home>/registry/cache/index.crates.io-*`. */
function cargoCacheDirs(env: NodeJS.ProcessEnv): string[] {
  const cache = path.join(env.CARGO_HOME || path.join(os.homedir(), '.cargo'), 'registry', 'cache');
  if (!fs.existsSync(cache)) return [];
  return fs.readdirSync(cache).filter((d) => d.startsWith('index.crates.io-') || d.startsWith('github.com-')).map((d) => path.join(cache, d));
}

/**
 * Reads the repository's Cargo.lock files (`lockfiles`, relative to `repoDir`), and finds each locked
 * crates.io crate's index line (cache, else the index) and `.crate` file (cargo's cache, its sha256 checked
 * against the lock). A crate cargo has not downloaded, or whose file differs, is one error naming the
 * workspaces to `cargo fetch` in.
 *
 * A locked crates.io version of one of the release's own crates (`own`) is left out and named in
 * `ownLeftOut`, not seeded: the registry stands for crates.io before this release, and seeding it would
 * put the release's crate there ahead of its publish, so the first run would show it "already there" (the
 * same version) or hold a previous release as if it were crates.io's whole history (another version)
 * with nothing saying the seed put it there. Left out, what resolves it fails with cargo's own message,
 * and the printed seed line says why.
 */
export async function prepareCratesSeed(options: SeedOptions): Promise<CratesSeed | undefined> {
  const { repoDir, lockfiles, env, exec } = options;
  const byId = new Map<string, LockedCrate>();
  const ownLeft = new Set<string>();
  for (const lock of lockfiles) {
    for (const c of lockedCratesIo(lock, fs.readFileSync(path.join(repoDir, lock), 'utf8'))) {
      if (options.own.includes(c.name)) ownLeft.add(`${c.name}@${c.version}`);
      else byId.set(`${c.name}@${c.version}`, c);
    }
  }
  const ownLeftOut = [...ownLeft].sort();
  if (byId.size === 0) return undefined;
  const locked = [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));

  const dirs = cargoCacheDirs(env);
  const files = new Map<string, string>();
  const missing: string[] = [];
  for (const c of locked) {
    const file = dirs.map((d) => path.join(d, `${c.name}-${c.version}.crate`)).find((f) => fs.existsSync(f));
    if (file === undefined) missing.push(`${c.name}@${c.version}`);
    else files.set(`${c.name}@${c.version}`, file);
  }
  if (missing.length > 0) {
    const workspaces = lockfiles.map((l) => path.dirname(l)).join(', ');
    throw new CliError(`the rehearsal's crates registry plays crates.io, but ${missing.length} crate(s) the Cargo.lock files lock are not in this machine's cargo cache (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}): run \`cargo fetch\` in ${workspaces}, then rehearse again.`);
  }
  // The bytes estuary will serve are the ones the lock names: a truncated or replaced cache file would
  // otherwise surface as cargo's checksum failure in some job, far from its cause.
  const differing = locked.filter((c) => c.checksum !== '' && sha256Of(files.get(`${c.name}@${c.version}`)!) !== c.checksum)
    .map((c) => files.get(`${c.name}@${c.version}`)!);
  if (differing.length > 0) {
    const workspaces = lockfiles.map((l) => path.dirname(l)).join(', ');
    throw new CliError(`${differing.length} .crate file(s) in this machine's cargo cache do not have the checksum the Cargo.lock gives them (${differing.slice(0, 5).join(', ')}${differing.length > 5 ? ', …' : ''}): remove them and run \`cargo fetch\` in ${workspaces}, then rehearse again.`);
  }

  const key = createHash('sha256').update(locked.map((c) => `${c.name}@${c.version} ${c.checksum}`).join('\n')).digest('hex').slice(0, 32);
  const cacheFile = path.join(seedCacheDir(env), `${key}.json`);
  let lines: Record<string, string> | undefined;
  if (fs.existsSync(cacheFile)) lines = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as Record<string, string>;
  const fetched = lines === undefined;
  if (lines === undefined) {
    lines = await fetchIndexLines(locked, options.index ?? CRATES_IO_INDEX, exec);
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    // Per process, then renamed (atomic): rehearsals running at once (parallel test workers) each write
    // their own file, and a reader never sees half of one.
    const partial = `${cacheFile}.${process.pid}.partial`;
    fs.writeFileSync(partial, JSON.stringify(lines));
    fs.renameSync(partial, cacheFile);
  }
  const crates = locked.map((c) => {
    const id = `${c.name}@${c.version}`;
    const line = lines![id];
    if (line === undefined) throw new CliError(`the cached crates.io index lines ${cacheFile} lack ${id}: remove the file and rehearse again.`);
    return { ...c, line, file: files.get(id)! };
  });
  return { crates, lockfiles: [...lockfiles], cacheFile, fetched, ownLeftOut };
}

function sha256Of(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Each locked version's line of the sparse index (crates.io's), checked against the lock's checksum. */
async function fetchIndexLines(locked: readonly LockedCrate[], index: string, exec: Exec): Promise<Record<string, string>> {
  const cratesIo = cratesRegistryOf(index);
  const names = [...new Set(locked.map((c) => c.name))];
  const texts = new Map<string, string | undefined>();
  // REQUESTS (registry/http.ts) bounds how many of these are in flight at once.
  await Promise.all(names.map(async (name) => {
    try {
      texts.set(name, await readIndexFile(cratesIo, name, exec));
    } catch (e) {
      throw new CliError(`reading crates.io's index for ${name} failed (the rehearsal seeds its crates registry with crates.io's index lines, fetched once and cached): ${(e as Error).message}`);
    }
  }));
  const out: Record<string, string> = {};
  for (const c of locked) {
    const line = (texts.get(c.name) ?? '').split('\n').find((l) => l.trim() !== '' && (JSON.parse(l) as { vers?: string }).vers === c.version);
    if (line === undefined) throw new CliError(`crates.io's index has no ${c.name}@${c.version}, which a Cargo.lock locks: was it deleted from crates.io?`);
    const cksum = (JSON.parse(line) as { cksum?: string }).cksum;
    if (c.checksum !== '' && cksum !== c.checksum) throw new CliError(`crates.io's index gives ${c.name}@${c.version} the checksum ${cksum}, the Cargo.lock ${c.checksum}`);
    out[`${c.name}@${c.version}`] = line;
  }
  return out;
}

/**
 * Writes the seed into estuary's storage before it starts (`dir` is estuary's: `index/` a git work tree of
 * the index, `crates/<name>/<name>-<version>.crate` its files, as estuary 0.1.1's storage.rs lays them out).
 * estuary opens an existing index repository as it is and commits its own config.json on top.
 */
export async function writeCratesSeed(seed: CratesSeed, dir: string, exec: Exec): Promise<void> {
  const index = path.join(dir, 'index');
  const crates = path.join(dir, 'crates');
  const byFile = new Map<string, string[]>();
  for (const c of seed.crates) {
    const target = path.join(crates, c.name, `${c.name}-${c.version}.crate`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // A hard link: the same bytes as cargo's cache, without copying ~100 MB per scenario.
    try {
      fs.linkSync(c.file, target);
    } catch {
      fs.copyFileSync(c.file, target);
    }
    const entry = sparseIndexPath(c.name);
    byFile.set(entry, [...(byFile.get(entry) ?? []), c.line]);
  }
  for (const [entry, lines] of byFile) {
    fs.mkdirSync(path.dirname(path.join(index, entry)), { recursive: true });
    fs.writeFileSync(path.join(index, entry), `${lines.join('\n')}\n`);
  }
  for (const args of [['init', '--quiet', '-b', 'master'], ['add', '-A'], ['commit', '--quiet', '--no-verify', '-m', `crates.io's ${seed.crates.length} locked crates`]]) {
    const r = await runRehearsalGit(exec, index, args);
    if (r.code !== 0) throw new CliError(`git ${args[0]} in the rehearsal's crates index failed: ${(r.stderr || r.stdout).trim()}`);
  }
}
