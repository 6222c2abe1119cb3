import * as fs from 'fs';
import * as path from 'path';
import { Product } from '../../../src/model';
import { main } from '../../../src/runtime/main';
import { exampleProducts } from '../../support/example-products';
import { copyExample, git, gitInit, tempDir, writeRepo } from '../../support/fixtures';
import { writePlan } from '../bump/helpers';

/** A repository with a bare local remote standing in for GitHub, and a fake `gh` on PATH. */
export interface ReleaseRepo {
  /** The working clone (HEAD on main, equal to origin/main). */
  readonly dir: string;
  /** The bare repository `origin` points at. */
  readonly remote: string;
  /** The environment commands run with: PATH has the fake gh, whose state lives in `ghState`. */
  readonly env: Record<string, string | undefined>;
  readonly ghState: string;
}

/** What the fake gh recorded and holds. */
export interface FakeGhState {
  prs: Array<{ number: number; url: string; head: string; base: string; title: string; body: string; state: string }>;
  calls: Array<{ args: string[]; stdin?: string; token?: string }>;
  dispatches: Array<{ workflow: string; ref: string }>;
  /** When set, `gh pr create` fails with this text on stderr. */
  failCreate?: string;
}

/**
 * A stand-in for GitHub's API behind `gh` (pull requests and workflow dispatches), keeping its state in a
 * JSON file: the only thing the release PR tests fake. git is real.
 */
const FAKE_GH = String.raw`#!/usr/bin/env node
const fs = require('fs');
const file = process.env.FAKE_GH_STATE;
const state = JSON.parse(fs.readFileSync(file, 'utf8'));
const args = process.argv.slice(2);
const stdin = args.includes('-') ? fs.readFileSync(0, 'utf8') : undefined;
state.calls.push({ args, stdin, token: process.env.GH_TOKEN });
const opt = (name) => { const i = args.indexOf(name); return i < 0 ? undefined : args[i + 1]; };
let out = '';
let code = 0;
const [group, verb] = args;
if (group === 'pr' && verb === 'list') {
  out = JSON.stringify(state.prs.filter((p) => p.state === 'open' && p.head === opt('--head') && p.base === opt('--base')).map((p) => ({ number: p.number, url: p.url })));
} else if (group === 'pr' && verb === 'create') {
  if (state.failCreate) { process.stderr.write(state.failCreate); code = 1; }
  else {
    const number = state.prs.length + 1;
    const url = 'https://github.com/acme/quill/pull/' + number;
    state.prs.push({ number, url, head: opt('--head'), base: opt('--base'), title: opt('--title'), body: stdin, state: 'open' });
    out = url + '\n';
  }
} else if (group === 'pr' && verb === 'edit') {
  const pr = state.prs.find((p) => String(p.number) === args[2]);
  if (!pr) { process.stderr.write('no pull request ' + args[2]); code = 1; }
  else { pr.title = opt('--title'); pr.body = stdin; }
} else if (group === 'workflow' && verb === 'run') {
  state.dispatches.push({ workflow: args[2], ref: opt('--ref') });
} else {
  process.stderr.write('fake gh: unsupported ' + args.join(' '));
  code = 2;
}
fs.writeFileSync(file, JSON.stringify(state));
process.stdout.write(out);
process.exit(code);
`;

/** Writes the fake gh into a fresh bin directory; returns the directory and the state file. */
export function fakeGh(initial: Partial<FakeGhState> = {}): { bin: string; state: string } {
  const bin = tempDir('lockstep-gh-');
  fs.writeFileSync(path.join(bin, 'gh'), FAKE_GH, { mode: 0o755 });
  const state = path.join(bin, 'state.json');
  fs.writeFileSync(state, JSON.stringify({ prs: [], calls: [], dispatches: [], ...initial }));
  return { bin, state };
}

/** Reads the fake gh's state. */
export function ghState(repo: ReleaseRepo): FakeGhState {
  return JSON.parse(fs.readFileSync(repo.ghState, 'utf8')) as FakeGhState;
}

/** A bare repository holding `dir`'s main branch (and tags), set as `dir`'s origin. */
export function addBareRemote(dir: string): string {
  const remote = path.join(tempDir('lockstep-remote-'), 'origin.git');
  git(path.dirname(remote), 'init', '-q', '--bare', '-b', 'main', remote);
  git(dir, 'remote', 'add', 'origin', remote);
  git(dir, 'push', '-q', 'origin', 'main');
  git(dir, 'fetch', '-q', 'origin');
  return remote;
}

/** The environment of a command run: a fixed git identity and the fake gh first on PATH. */
export function commandEnv(bin: string, state: string): Record<string, string | undefined> {
  return {
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
    FAKE_GH_STATE: state,
    GH_TOKEN: 'fake-token',
    GIT_AUTHOR_NAME: 'Release Bot',
    GIT_AUTHOR_EMAIL: 'bot@example.com',
    GIT_COMMITTER_NAME: 'Release Bot',
    GIT_COMMITTER_EMAIL: 'bot@example.com',
    GITHUB_OUTPUT: undefined,
    GITHUB_STEP_SUMMARY: undefined,
  };
}

/** The example monorepo (version 0.3.0) committed on main and pushed to a bare remote. */
export function exampleReleaseRepo(): ReleaseRepo {
  const dir = copyExample();
  writePlan(dir, { products: exampleProducts() });
  gitInit(dir);
  const remote = addBareRemote(dir);
  const gh = fakeGh();
  return { dir, remote, env: commandEnv(gh.bin, gh.state), ghState: gh.state };
}

/** A one-crate repository at `version` (plus `files`), committed and pushed to a bare remote. */
export function crateRepo(version: string, files: Record<string, string> = {}): ReleaseRepo {
  const dir = writeRepo({ 'Cargo.toml': `[package]\nname = "solo"\nversion = "${version}"\n`, 'src/lib.rs': '', ...files });
  writePlan(dir, { products: [Product.rustCrate({ path: '.' })] });
  gitInit(dir);
  const gh = fakeGh();
  return { dir, remote: addBareRemote(dir), env: commandEnv(gh.bin, gh.state), ghState: gh.state };
}

/** Runs `lockstep <argv>` in-process in the repository, with its environment. */
export async function lockstepIn(repo: Pick<ReleaseRepo, 'dir' | 'env'>, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd: repo.dir, env: repo.env, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** Everything a release PR step could change in the clone and on the remote (to prove a refusal changed nothing). */
export function repoState(repo: ReleaseRepo): Record<string, string> {
  return {
    head: git(repo.dir, 'rev-parse', '--symbolic-full-name', 'HEAD') + git(repo.dir, 'rev-parse', 'HEAD'),
    localRefs: git(repo.dir, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/tags'),
    status: git(repo.dir, 'status', '--porcelain', '--untracked-files=all'),
    worktree: git(repo.dir, 'diff', 'HEAD'),
    remoteRefs: git(repo.remote, 'for-each-ref', '--format=%(refname) %(objectname)'),
  };
}

/** Files of a commit (added, modified or deleted), sorted. */
export function filesOf(dir: string, rev: string): string[] {
  return git(dir, 'diff-tree', '--no-commit-id', '--name-only', '-r', rev).split('\n').filter(Boolean).sort();
}
