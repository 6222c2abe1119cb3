import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { httpGet, unexpectedAnswer } from './http';
import { Exec, ProbeState } from '../release/ports';

/**
 * The crates registry a release publishes to and reads, from ONE setting: cargo's own index URL
 * (`sparse+https://index.crates.io/` for crates.io, `sparse+<url>` for another sparse index, a plain URL
 * for a git index). `cargo publish` uploads to it and the "is it there" check reads the same index, so
 * the two can never disagree about which registry they mean.
 */
export interface CratesRegistry {
  /** The index URL in cargo's form. */
  readonly index: string;
  /** True for crates.io itself: cargo needs no registry configuration. */
  readonly cratesIo: boolean;
}

/** crates.io's index, as cargo names it. */
export const CRATES_IO_INDEX = 'sparse+https://index.crates.io/';

/** The name cargo is given for a registry other than crates.io. */
const REGISTRY_NAME = 'lockstep-release';

/**
 * Whether an index URL or a Cargo.lock `source` names crates.io: its sparse index or its git index, as a
 * registry setting (`sparse+https://index.crates.io/`) or as a lockfile writes it
 * (`registry+https://github.com/rust-lang/crates.io-index`).
 */
export function isCratesIoSource(source: string): boolean {
  const bare = source.trim().replace(/^registry\+/, '').replace(/\/+$/, '');
  return bare === CRATES_IO_INDEX.replace(/\/+$/, '') || bare === 'https://github.com/rust-lang/crates.io-index';
}

/** The registry of an index URL; an empty or missing value is crates.io. */
export function cratesRegistryOf(index: string | undefined): CratesRegistry {
  const value = (index ?? '').trim() || CRATES_IO_INDEX;
  return { index: value, cratesIo: isCratesIoSource(value) };
}

/** How cargo is pointed at the registry: global `--config` arguments, publish arguments, the token's variable. */
export interface CargoRegistryArgs {
  /** Arguments before the subcommand. */
  readonly config: string[];
  /** Arguments of `cargo publish` (and `cargo package`). */
  readonly publish: string[];
  /** The environment variable cargo reads the registry's token from. */
  readonly tokenEnv: string;
}

/**
 * cargo's arguments for the registry. A registry other than crates.io is named, and also replaces
 * crates.io as a source: cargo takes a path dependency's published version from crates.io, so without
 * the replacement a dependent would look for its sibling on crates.io (the replacement must therefore
 * serve every dependency, as a mirror or a local rehearsal registry does).
 */
export function cargoRegistryArgs(registry: CratesRegistry): CargoRegistryArgs {
  if (registry.cratesIo) return { config: [], publish: [], tokenEnv: 'CARGO_REGISTRY_TOKEN' };
  const quoted = JSON.stringify(registry.index);
  return {
    config: [
      '--config', `registries.${REGISTRY_NAME}.index=${quoted}`,
      '--config', `source.crates-io.replace-with="${REGISTRY_NAME}"`,
      '--config', `source.${REGISTRY_NAME}.registry=${quoted}`,
    ],
    publish: ['--registry', REGISTRY_NAME],
    tokenEnv: `CARGO_REGISTRIES_${REGISTRY_NAME.toUpperCase().replace(/-/g, '_')}_TOKEN`,
  };
}

/** Path of a crate's file in the index (sparse and git alike): `1/a`, `2/ab`, `3/a/abc`, `ab/cd/abcd…` (lowercased). */
export function sparseIndexPath(crate: string): string {
  const n = crate.toLowerCase();
  if (n.length === 1) return `1/${n}`;
  if (n.length === 2) return `2/${n}`;
  if (n.length === 3) return `3/${n[0]}/${n}`;
  return `${n.slice(0, 2)}/${n.slice(2, 4)}/${n}`;
}

/** A crate's index file: its text, or undefined when the index has no such crate. */
export function readIndexFile(registry: CratesRegistry, crate: string, exec: Exec): Promise<string | undefined> {
  return readIndexEntry(registry, sparseIndexPath(crate), exec);
}

/** The registry's web API root, from its index's `config.json` (crates.io's names `https://crates.io`). */
export async function registryApi(registry: CratesRegistry, exec: Exec): Promise<string> {
  const text = await readIndexEntry(registry, 'config.json', exec);
  const api = text === undefined ? undefined : (JSON.parse(text) as { api?: unknown }).api;
  if (typeof api !== 'string' || api === '') throw new Error(`${registry.index}: config.json names no "api" URL`);
  return api;
}

/** A file of the index (sparse or git), or undefined when it has none. */
async function readIndexEntry(registry: CratesRegistry, file: string, exec: Exec): Promise<string | undefined> {
  if (registry.index.startsWith('sparse+')) {
    const url = `${registry.index.slice('sparse+'.length).replace(/\/+$/, '')}/${file}`;
    // A fresh answer matters while waiting for a dependency to appear: ask caches not to serve a stale one.
    const answer = await httpGet(url, { 'cache-control': 'no-cache' });
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) throw unexpectedAnswer(url, answer);
    return answer.body;
  }
  return readGitIndexFile(exec, registry.index, file);
}

/** One fetch at a time per index: git locks its shallow file and FETCH_HEAD. */
const gitIndexQueue = new Map<string, Promise<unknown>>();

/**
 * Reads a file of a git index at its newest commit, as cargo would: a shallow fetch of the index's HEAD
 * into a bare repository kept per index URL, then the file at that commit.
 */
async function readGitIndexFile(exec: Exec, url: string, file: string): Promise<string | undefined> {
  const previous = gitIndexQueue.get(url) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(async () => {
    const dir = path.join(os.tmpdir(), `lockstep-crates-index-${createHash('sha256').update(url).digest('hex').slice(0, 16)}`);
    if (!fs.existsSync(path.join(dir, 'HEAD'))) {
      const init = await exec.run('git', ['init', '--quiet', '--bare', dir]);
      if (init.code !== 0) throw new Error(`git init ${dir} failed: ${init.stderr.trim()}`);
    }
    const fetched = await exec.run('git', ['-C', dir, 'fetch', '--quiet', '--depth', '1', url, 'HEAD']);
    if (fetched.code !== 0) throw new Error(`git fetch ${url} failed (exit ${fetched.code}): ${fetched.stderr.trim()}`);
    const shown = await exec.run('git', ['-C', dir, 'show', `FETCH_HEAD:${file}`]);
    if (shown.code === 0) return shown.stdout;
    if (/does not exist|exists on disk, but not in/.test(shown.stderr)) return undefined;
    throw new Error(`git show ${file} from ${url} failed (exit ${shown.code}): ${shown.stderr.trim()}`);
  });
  gitIndexQueue.set(url, next);
  return next;
}

/** Build metadata does not make a crate version distinct on crates.io. */
function withoutBuild(v: string): string {
  return v.split('+')[0];
}

/**
 * Whether the registry's index lists `crate@version` — what cargo sees when it resolves a dependent, so it
 * is also the test for "visible" (P3). No index file is a crate never published; anything else is an error.
 */
export async function probeCrateIndex(registry: CratesRegistry, exec: Exec, crate: string, version: string): Promise<ProbeState> {
  const text = await readIndexFile(registry, crate, exec);
  if (text === undefined) return 'missing';
  const versions = text.split('\n').filter((l) => l.trim() !== '').map((line, i) => {
    try {
      return String((JSON.parse(line) as { vers?: unknown }).vers);
    } catch {
      throw new Error(`${registry.index}: line ${i + 1} of the index file of ${crate} is not JSON`);
    }
  });
  return versions.some((v) => withoutBuild(v) === withoutBuild(version)) ? 'published' : 'missing';
}
