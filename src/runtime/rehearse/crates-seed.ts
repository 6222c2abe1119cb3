import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseToml } from '../../model/manifests';
import { CliError } from '../cli-error';
import { cratesRegistryOf, readIndexFile, sparseIndexPath } from '../registry/crates';
import { Exec } from '../release/ports';

/**
 * The rehearsal's crates registry (estuary) replaces crates.io as a source (cargo's source replacement,
 * registry/crates.ts), so it must also serve every crates.io crate the release's crates depend on: without
 * them `cargo package` cannot resolve a crate that depends on serde or clap. This seeds estuary, before it
 * starts, with exactly the crates.io versions the repository's Cargo.lock files name: crates.io's own index
 * line for each (so cargo resolves them as it would on crates.io: same deps, features, checksum) and the
 * `.crate` file cargo already downloaded (its checksum checked against the lock). The seed is written into
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
}

const CRATES_IO_SOURCES = ['registry+https://github.com/rust-lang/crates.io-index', 'sparse+https://index.crates.io/'];

/** The crates.io packages of a Cargo.lock (local and git packages have no crates.io source). */
export function lockedCratesIo(file: string, text: string): LockedCrate[] {
  const doc = parseToml(file, text);
  const packages = Array.isArray(doc.package) ? doc.package as Array<Record<string, unknown>> : [];
  return packages
    .filter((p) => typeof p.source === 'string' && CRATES_IO_SOURCES.includes(p.source))
    .map((p) => ({ name: String(p.name), version: String(p.version), checksum: String(p.checksum ?? '') }));
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
 * crates.io crate's index line (cache, else index.crates.io) and `.crate` file (cargo's cache). A crate
 * cargo has not downloaded is one error naming the workspaces to `cargo fetch` in.
 */
export async function prepareCratesSeed(
  repoDir: string, lockfiles: readonly string[], env: NodeJS.ProcessEnv, exec: Exec,
): Promise<CratesSeed | undefined> {
  const byId = new Map<string, LockedCrate>();
  for (const lock of lockfiles) {
    for (const c of lockedCratesIo(lock, fs.readFileSync(path.join(repoDir, lock), 'utf8'))) byId.set(`${c.name}@${c.version}`, c);
  }
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

  const key = createHash('sha256').update(locked.map((c) => `${c.name}@${c.version} ${c.checksum}`).join('\n')).digest('hex').slice(0, 32);
  const cacheFile = path.join(seedCacheDir(env), `${key}.json`);
  let lines: Record<string, string> | undefined;
  if (fs.existsSync(cacheFile)) lines = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as Record<string, string>;
  const fetched = lines === undefined;
  if (lines === undefined) {
    lines = await fetchIndexLines(locked, exec);
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    fs.writeFileSync(`${cacheFile}.partial`, JSON.stringify(lines));
    fs.renameSync(`${cacheFile}.partial`, cacheFile);
  }
  const crates = locked.map((c) => {
    const id = `${c.name}@${c.version}`;
    const line = lines![id];
    if (line === undefined) throw new CliError(`the cached crates.io index lines ${cacheFile} lack ${id}: remove the file and rehearse again.`);
    return { ...c, line, file: files.get(id)! };
  });
  return { crates, lockfiles: [...lockfiles], cacheFile, fetched };
}

/** Each locked version's line of crates.io's sparse index, checked against the lock's checksum. */
async function fetchIndexLines(locked: readonly LockedCrate[], exec: Exec): Promise<Record<string, string>> {
  const cratesIo = cratesRegistryOf(undefined);
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
  const identity = { GIT_AUTHOR_NAME: 'rehearsal', GIT_AUTHOR_EMAIL: 'rehearsal@localhost', GIT_COMMITTER_NAME: 'rehearsal', GIT_COMMITTER_EMAIL: 'rehearsal@localhost' };
  for (const args of [['init', '--quiet', '-b', 'master'], ['add', '-A'], ['commit', '--quiet', '--no-verify', '-m', `crates.io's ${seed.crates.length} locked crates`]]) {
    const r = await exec.run('git', args, { cwd: index, env: identity });
    if (r.code !== 0) throw new CliError(`git ${args[0]} in the rehearsal's crates index failed: ${(r.stderr || r.stdout).trim()}`);
  }
}
