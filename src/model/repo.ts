import * as fs from 'fs';
import * as path from 'path';
import { ManifestError } from './errors';
import { ownValue } from './own';

/**
 * Read-only access to the consuming repository. The model reads manifests through this and nothing
 * else, so tests can hand it an in-memory tree and the plan stays a pure function of what it reads.
 */
export interface RepoReader {
  /** Text of a repository-relative file, or undefined when there is no such file. */
  read(file: string): string | undefined;
  /** Repository-relative paths (POSIX separators) of every file whose base name is one of `names`. */
  findFiles(names: readonly string[]): string[];
  /** Repository-relative paths of every file below `dir` (`.` for the whole repository), sorted. */
  filesUnder(dir: string): string[];
}

/**
 * Directories never searched for manifests: build output, dependencies and tool caches. A manifest in
 * them is not the user's source.
 */
export const SKIPPED_DIRECTORIES: readonly string[] = [
  '.git',
  'node_modules',
  'target',
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  'dist',
  'pkg',
  '.next',
  'cdk.out',
];

/** A RepoReader over a directory on disk. */
export class FsRepoReader implements RepoReader {
  /** Every file below the root outside SKIPPED_DIRECTORIES, walked once per reader. */
  private allFiles?: string[];

  constructor(private readonly root: string) {}

  public read(file: string): string | undefined {
    // A manifest linked to a file outside the repository is refused, not read (resolveInRepo).
    const full = resolveInRepo(this.root, file);
    try {
      return fs.readFileSync(full, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      if (code === 'EISDIR') throw new ManifestError(file, 'is a directory, where a file (a manifest or lockfile) is expected; put the file back, or run `npx projen` if it moved.');
      throw new ManifestError(file, `cannot be read (${(e as Error).message}).`);
    }
  }

  public findFiles(names: readonly string[]): string[] {
    this.allFiles ??= this.walk('');
    const wanted = new Set(names);
    return this.allFiles.filter((f) => wanted.has(f.slice(f.lastIndexOf('/') + 1)));
  }

  public filesUnder(dir: string): string[] {
    this.allFiles ??= this.walk('');
    if (dir === '.') return [...this.allFiles];
    // The list is sorted, so the files below `dir/` are one run of it: found by bisection, not by a scan
    // of the whole repository per product (which made synth quadratic in the number of crates).
    const prefix = `${dir}/`;
    let low = 0;
    let high = this.allFiles.length;
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if (this.allFiles[mid] < prefix) low = mid + 1;
      else high = mid;
    }
    let end = low;
    while (end < this.allFiles.length && this.allFiles[end].startsWith(prefix)) end++;
    return this.allFiles.slice(low, end);
  }

  private walk(dir: string): string[] {
    const found: string[] = [];
    for (const entry of fs.readdirSync(path.join(this.root, dir), { withFileTypes: true })) {
      const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.includes(entry.name)) found.push(...this.walk(rel));
      } else if (entry.isFile()) {
        found.push(rel);
      }
    }
    return found.sort();
  }
}

/** A RepoReader over an in-memory map of repository-relative paths to file text (for tests). */
export class MemoryRepoReader implements RepoReader {
  constructor(private readonly files: Record<string, string>) {}

  public read(file: string): string | undefined {
    return ownValue(this.files, normalizeRepoPath(file));
  }

  public findFiles(names: readonly string[]): string[] {
    return Object.keys(this.files)
      .filter((f) => names.includes(f.split('/').pop()!))
      .filter((f) => !f.split('/').slice(0, -1).some((d) => SKIPPED_DIRECTORIES.includes(d)))
      .sort();
  }

  public filesUnder(dir: string): string[] {
    return Object.keys(this.files)
      .filter((f) => isBelow(f, normalizeRepoPath(dir)))
      .filter((f) => !f.split('/').slice(0, -1).some((d) => SKIPPED_DIRECTORIES.includes(d)))
      .sort();
  }
}

/** True when repository-relative `file` lies below directory `dir` (`.` holds everything). */
export function isBelow(file: string, dir: string): boolean {
  return dir === '.' || file.startsWith(`${dir}/`);
}

/**
 * Normalizes a repository-relative path: POSIX separators, no `./`, no trailing slash, `.` for the
 * root. Returns undefined for a path that leaves the repository or is absolute.
 */
export function normalizeRepoPath(p: string): string {
  const posix = p.replace(/\\/g, '/');
  const joined = path.posix.normalize(posix === '' ? '.' : posix).replace(/\/+$/, '');
  return joined === '' ? '.' : joined;
}

/** True when a repository-relative path stays inside the repository. */
export function isInsideRepo(p: string): boolean {
  if (path.posix.isAbsolute(p.replace(/\\/g, '/')) || /^[a-zA-Z]:/.test(p)) return false;
  const n = normalizeRepoPath(p);
  return n !== '..' && !n.startsWith('../');
}

/** Joins repository-relative path segments, keeping `.` for the root. */
export function joinRepoPath(...parts: string[]): string {
  return normalizeRepoPath(path.posix.join(...parts));
}

/** The directory part of a repository-relative file path (`.` for a root file). */
export function dirOf(file: string): string {
  const d = path.posix.dirname(file);
  return d === '' ? '.' : d;
}

/**
 * Paths from a plan, a manifest or git name files of the repository, and nothing else: they stay inside
 * it, and they are not followed through a symbolic link that leaves it. A workflow job that holds
 * `contents: write` reads and writes them, so a link committed to point at `../../outside` must not reach
 * what it points at.
 */

/** Why a repository-relative path from a plan cannot be used (it leaves the repository, has a control character, is not normalized), or undefined. */
export function repoPathProblem(p: unknown): string | undefined {
  if (typeof p !== 'string' || p === '') return 'is not a path';
  if (/[\u0000-\u001f\u007f]/.test(p)) return 'contains a control character';
  if (!isInsideRepo(p)) return 'leaves the repository';
  if (normalizeRepoPath(p) !== p) return `is not a normalized repository path (${normalizeRepoPath(p)})`;
  return undefined;
}

function lstatOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch {
    return undefined;
  }
}

function isWithin(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * The absolute path of a repository-relative file under `root`, checked on disk: the path stays inside
 * the repository, and every symbolic link on the way to it (the file itself included) resolves to a place
 * inside the repository. Anything else is a ManifestError naming the file and the link.
 */
export function resolveInRepo(root: string, file: string): string {
  if (!isInsideRepo(file) || /[\u0000-\u001f\u007f]/.test(file)) {
    throw new ManifestError(file, 'is not a path inside the repository; lockstep reads and writes only the repository\'s own files.');
  }
  const base = path.resolve(root);
  const rel = normalizeRepoPath(file);
  const realBase = fs.realpathSync(base);
  let current = base;
  for (const part of rel === '.' ? [] : rel.split('/')) {
    current = path.join(current, part);
    const stat = lstatOrUndefined(current);
    // The rest of the path does not exist (yet): nothing there can lead anywhere.
    if (stat === undefined) break;
    if (!stat.isSymbolicLink()) continue;
    const link = path.relative(base, current);
    let real: string;
    try {
      real = fs.realpathSync(current);
    } catch {
      throw new ManifestError(file, `${link} is a symbolic link to a file that does not exist; replace it with the file itself.`);
    }
    if (!isWithin(realBase, real)) {
      throw new ManifestError(file, `leads outside the repository through the symbolic link ${link} (to ${real}); lockstep reads and writes only inside the repository. Replace the link with the file itself.`);
    }
  }
  return rel === '.' ? base : path.join(base, rel);
}
