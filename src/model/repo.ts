import * as fs from 'fs';
import * as path from 'path';

/**
 * Read-only access to the consuming repository. The model reads manifests through this and nothing
 * else, so tests can hand it an in-memory tree and the plan stays a pure function of what it reads.
 */
export interface RepoReader {
  /** Text of a repository-relative file, or undefined when there is no such file. */
  read(file: string): string | undefined;
  /** Repository-relative paths (POSIX separators) of every file whose base name is one of `names`. */
  findFiles(names: readonly string[]): string[];
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
    const full = path.join(this.root, file);
    try {
      return fs.readFileSync(full, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') {
        return undefined;
      }
      throw e;
    }
  }

  public findFiles(names: readonly string[]): string[] {
    this.allFiles ??= this.walk('');
    const wanted = new Set(names);
    return this.allFiles.filter((f) => wanted.has(f.slice(f.lastIndexOf('/') + 1)));
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
    return this.files[normalizeRepoPath(file)];
  }

  public findFiles(names: readonly string[]): string[] {
    return Object.keys(this.files)
      .filter((f) => names.includes(f.split('/').pop()!))
      .filter((f) => !f.split('/').slice(0, -1).some((d) => SKIPPED_DIRECTORIES.includes(d)))
      .sort();
  }
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
