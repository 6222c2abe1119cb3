import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, git, tempDir } from './fixtures';

/**
 * A consumer of the packed library, as a new user has it: `npm pack` of this checkout (needs lib/, which
 * `npx projen build` compiles before the tests run), projen's own CLI, and the npm registry for projen's
 * install.
 */
export const PROJEN_BIN = path.join(REPO_ROOT, 'node_modules', 'projen', 'bin', 'projen');

/** What a command printed and how it ended. */
export interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command in `cwd` as CI would (CI=true: projen never prompts); never throws. NODE_ENV is cleared:
 * vitest sets it to `test`, which silences projen's logger, and a user's shell has no such value.
 */
export function runIn(cwd: string, cmd: string, args: string[], env: Record<string, string> = {}): RunResult {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', NODE_ENV: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a command in `cwd`; throws with its output when it fails. */
export function run(cwd: string, cmd: string, args: string[], env: Record<string, string> = {}): string {
  const r = runIn(cwd, cmd, args, env);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}) in ${cwd}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Packs this checkout into a tarball, as `npm publish` would ship it; returns the tarball's path. */
export function packLibrary(): string {
  if (!fs.existsSync(path.join(REPO_ROOT, 'lib', 'index.js'))) throw new Error('lib/ is missing: run `npx projen compile` first');
  const out = tempDir('lockstep-pack-');
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: REPO_ROOT, encoding: 'utf8' }).trim().split('\n').pop()!;
  return path.join(out, name);
}

/** `projen new --from <tarball>` in `dir` (a git repository), with projen's own initial commit. */
export function projenNewIn(dir: string, tarball: string): RunResult {
  return runIn(dir, process.execPath, [PROJEN_BIN, 'new', '--from', tarball]);
}

/**
 * What `projen new --from <tarball>` does once it has found the module, for a repository where projen's CLI
 * takes another package for the module (it names the first devDependency other than projen, alphabetically;
 * StarStats' `@tauri-apps/cli` comes first): the same install (`npm install --save-dev -f --no-package-lock`
 * of projen and the tarball), projen's public `Projects.createProject` with the project type, then the commit
 * projen makes. `post` runs as in projen new.
 */
export function projenCreateIn(dir: string, tarball: string): RunResult {
  const projenVersion = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', 'projen', 'package.json'), 'utf8')).version;
  const install = runIn(dir, 'npm', ['install', '--save', '--save-dev', '-f', '--no-package-lock', '--include=dev', `--prefix=${dir}`, `projen@${projenVersion}`, tarball]);
  if (install.status !== 0) return install;
  const create = "require('projen').Projects.createProject({ dir: process.cwd(), projectFqn: 'projen-lockstep-release.LockstepReleaseProject', " +
    "projectOptions: { name: require('./package.json').name }, synth: true, post: true })";
  const r = runIn(dir, process.execPath, ['-e', create]);
  if (r.status !== 0) return r;
  git(dir, 'add', '.');
  git(dir, 'commit', '--allow-empty', '-q', '-m', 'chore: project created with projen');
  return r;
}

/** A copy of a bootstrapped repository (node_modules included), for one test to change. */
export function copyRepo(dir: string): string {
  const copy = tempDir('lockstep-consumer-');
  fs.cpSync(dir, copy, { recursive: true, verbatimSymlinks: true });
  return copy;
}
