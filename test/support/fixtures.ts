import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'projen';
import { parse as parseYaml } from 'yaml';
import { LockstepReleaseProject, LockstepReleaseProjectOptions } from '../../src';

/** Root of this repository. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** The example monorepo shipped with the library. */
export const EXAMPLE_DIR = path.join(REPO_ROOT, 'examples', 'polyglot');

/** A fresh empty temporary directory (removed by the OS; tests keep no state in it). */
export function tempDir(prefix = 'lockstep-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes a repository of `files` (repository-relative path → text) into a new temporary directory. */
export function writeRepo(files: Record<string, string>, dir = tempDir()): string {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** Directories never copied from the example: build output and installed dependencies. */
const NOT_COPIED = new Set(['node_modules', 'target']);

/** A copy of the example monorepo (sources, manifests, lockfiles and generated files) in a temporary directory. */
export function copyExample(dir = tempDir('lockstep-example-')): string {
  fs.cpSync(EXAMPLE_DIR, dir, { recursive: true, filter: (src) => !NOT_COPIED.has(path.basename(src)) });
  // Generated files are read-only; a copy is for changing.
  for (const f of listFiles(dir)) fs.chmodSync(path.join(dir, f), 0o644);
  return dir;
}

/** Repository-relative paths of every file below `dir`. */
export function listFiles(dir: string, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const p = rel === '' ? e.name : `${rel}/${e.name}`;
    return e.isDirectory() ? listFiles(dir, p) : [p];
  });
}

/** Runs git in `cwd` with a fixed identity; returns stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com' },
  });
}

/** Makes `dir` a git repository with everything committed on `main`. */
export function gitInit(dir: string): string {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

/** Constructs a LockstepReleaseProject over an existing directory (no synth). */
export function projectIn(dir: string, options: Partial<LockstepReleaseProjectOptions> = {}): LockstepReleaseProject {
  return new LockstepReleaseProject({ name: 'fixture', outdir: dir, ...options });
}

/** Synthesizes a project over `dir` and returns the generated files (path → content, YAML/JSON parsed). */
export function synthIn(dir: string, options: Partial<LockstepReleaseProjectOptions> = {}): Record<string, any> {
  return Testing.synth(projectIn(dir, options));
}

/** Parses a generated workflow's text (or returns an already parsed object). */
export function parseWorkflow(content: unknown): any {
  return typeof content === 'string' ? parseYaml(content) : content;
}

/** The error `fn` throws; fails the test when it throws nothing. */
export function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}
