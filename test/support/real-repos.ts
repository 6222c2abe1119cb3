import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, git, tempDir } from './fixtures';
import { REAL_FIXTURES, RealFixture } from '../fixtures/real/configs';

/**
 * Real-shape repositories for tests: a fixture tree from test/fixtures/real/ copied into a temporary
 * directory and made a git repository, optionally with the real repository's recent release tags and a
 * bare `origin` remote.
 *
 *   const repo = realRepo('sqlrite', { tags: true, remote: true });
 *   // repo.dir: work tree on `main`, everything committed; repo.remote: bare remote with main and the tags
 *   // repo.fixture.options(): the configuration a maintainer would declare
 *
 * Tags: the newest release's tags point at the fixture commit (its tree carries that version); each older
 * release gets an empty commit before it, carrying its tags, so `git describe` and "changes since the
 * previous release" see an ordered history. Bytes are kept as committed (no eol conversion).
 */

/** Directory holding the real-shape fixture trees. */
export const REAL_FIXTURES_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'real');

/**
 * Environment for running cargo in a fixture. A fixture may pin a toolchain in rust-toolchain.toml that this
 * machine cannot install (StarStats pins 1.88.0; toolchains cannot be downloaded here): with rustup present,
 * cargo runs on the default toolchain instead (`RUSTUP_TOOLCHAIN` wins over the file).
 */
export function fixtureCargoEnv(): NodeJS.ProcessEnv {
  if (process.env.RUSTUP_TOOLCHAIN) return process.env;
  try {
    const toolchain = execFileSync('rustup', ['default'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split(' ')[0].trim();
    return { ...process.env, RUSTUP_TOOLCHAIN: toolchain };
  } catch {
    return process.env; // cargo without rustup ignores rust-toolchain.toml
  }
}

/** Options of realRepo(). */
export interface RealRepoOptions {
  /** Create the real repository's recent release tags (see above). Default: false. */
  readonly tags?: boolean;
  /** Create a bare repository as `origin` and push `main` (and the tags). Default: false. */
  readonly remote?: boolean;
  /** Directory to create the repository in (must be empty or absent). Default: a new temporary directory. */
  readonly dir?: string;
}

/** A fixture made into a git repository. */
export interface RealRepo {
  /** The work tree, on branch `main`, with a clean status. */
  readonly dir: string;
  /** The bare remote (`origin`), when asked for. */
  readonly remote?: string;
  /** The fixture's configuration, releases and facts. */
  readonly fixture: RealFixture;
}

/** Names of every real-shape fixture. */
export function realFixtureNames(): string[] {
  return Object.keys(REAL_FIXTURES).sort();
}

/** The fixture's configuration and facts, by name; an unknown name lists the known ones. */
export function realFixture(name: string): RealFixture {
  const fixture = REAL_FIXTURES[name];
  if (fixture === undefined) throw new Error(`no real fixture '${name}': known are ${realFixtureNames().join(', ')}`);
  return fixture;
}

/** Copies the fixture tree `name` into a directory, file modes and bytes kept, without git. */
export function copyRealFixture(name: string, dir = tempDir(`lockstep-real-${name}-`)): string {
  realFixture(name);
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(path.join(REAL_FIXTURES_DIR, name), dir, { recursive: true });
  return dir;
}

/** Files a real repository keeps at paths the library generates (workflows, bump script, .gitattributes). */
const HANDED_OVER = ['.github/workflows/ci.yml', '.github/workflows/release-pr.yml', '.github/workflows/release.yml', 'scripts/bump-version.sh', '.gitattributes'];

/**
 * Moves away a fixture's own files at paths the library generates, as a maintainer adopting it and handing
 * those files over to the generated ones does first: synth never replaces a file it did not generate
 * (test/components/own-files.test.ts). Returns the files removed.
 */
export function handOverOwnFiles(dir: string): string[] {
  const own = HANDED_OVER.filter((f) => fs.existsSync(path.join(dir, f)));
  for (const f of own) fs.rmSync(path.join(dir, f));
  return own;
}

/** Copies fixture `name` into a new git repository (see the file comment for tags and remote). */
export function realRepo(name: string, options: RealRepoOptions = {}): RealRepo {
  const fixture = realFixture(name);
  const dir = options.dir ?? tempDir(`lockstep-real-${name}-`);
  fs.mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  // Bytes as committed: no eol conversion on this machine, whatever the user's global git config says.
  git(dir, 'config', 'core.autocrlf', 'false');
  const older = options.tags ? [...fixture.releases].slice(1).reverse() : [];
  for (const release of older) {
    git(dir, 'commit', '-q', '--allow-empty', '-m', `release: v${release.version} (stand-in for the real history)`);
    release.tags.forEach((t) => git(dir, 'tag', t));
  }
  copyRealFixture(name, dir);
  // --force: a real repository may track a file its own .gitignore names (ruvector's npm/package-lock.json).
  git(dir, 'add', '-A', '--force');
  git(dir, 'commit', '-q', '-m', `${fixture.repository} at ${fixture.commit.slice(0, 12)} (real-shape fixture)`);
  if (options.tags && fixture.releases.length > 0) fixture.releases[0].tags.forEach((t) => git(dir, 'tag', t));
  const remote = options.remote ? addBareRemote(dir) : undefined;
  return { dir, fixture, ...(remote ? { remote } : {}) };
}

function addBareRemote(dir: string): string {
  const remote = tempDir('lockstep-real-remote-');
  git(remote, 'init', '-q', '--bare', '-b', 'main');
  git(dir, 'remote', 'add', 'origin', remote);
  git(dir, 'push', '-q', 'origin', 'main', '--tags');
  git(dir, 'branch', '-q', '--set-upstream-to=origin/main', 'main');
  return remote;
}
