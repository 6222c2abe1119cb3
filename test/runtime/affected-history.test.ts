import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { FsRepoReader, Product, buildPlan, libraryVersion, planConfigOf } from '../../src/model';
import { main } from '../../src/runtime';
import { git, gitInit, writeRepo } from '../support/fixtures';

/**
 * `lockstep affected` against small repositories with real git histories: what pull requests, pushes
 * (fast-forward, force, first), merge queue groups, release PRs and dispatches compare, and what runs.
 * A root engine crate, a crate in sdk/py that depends on it, a Go module in sdk/go, and docs.
 */
function history(): { dir: string; commit: (message: string, files: Record<string, string>) => string } {
  const dir = writeRepo({
    'Cargo.toml': '[workspace]\nmembers = [".", "sdk/py"]\n\n[package]\nname = "engine"\nversion = "1.0.0"\nedition = "2021"\n',
    'src/lib.rs': 'pub fn answer() -> u32 { 42 }\n',
    'sdk/py/Cargo.toml': '[package]\nname = "sdk-py"\nversion = "1.0.0"\nedition = "2021"\n\n[dependencies]\nengine = { path = "../..", version = "1.0.0" }\n',
    'sdk/py/src/lib.rs': '',
    'sdk/go/go.mod': 'module example.com/sdk/go\n\ngo 1.22\n',
    'sdk/go/db.go': 'package db\n',
    'docs/guide.md': '# Guide\n',
  });
  const repo = new FsRepoReader(dir);
  const products = [Product.rustCrate({ path: '.' }), Product.rustCrate({ path: 'sdk/py' }), Product.goModule({ path: 'sdk/go' })];
  const plan = buildPlan(planConfigOf({ products }, repo, libraryVersion()), repo);
  fs.mkdirSync(path.join(dir, '.lockstep'));
  fs.writeFileSync(path.join(dir, plan.planFile), JSON.stringify(plan));
  gitInit(dir);
  const commit = (message: string, files: Record<string, string>) => {
    writeRepo(files, dir);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', message);
    return git(dir, 'rev-parse', 'HEAD').trim();
  };
  return { dir, commit };
}

async function affected(cwd: string, env: Record<string, string>, json = true): Promise<{ code: number; out: string; result: any }> {
  let out = '';
  const code = await main(['affected', ...(json ? ['--json'] : [])], { cwd, env, stdout: (t) => (out += t), stderr: (t) => (out += t) });
  const last = out.trim().split('\n').at(-1)!;
  return { code, out, result: json ? JSON.parse(last) : undefined };
}

describe('pushes to the release branch', () => {
  it('GIVEN a push of several commits WHEN detected THEN what those commits changed runs, not what came before', async () => {
    const { dir, commit } = history();
    commit('go: query', { 'sdk/go/db.go': 'package db\n// query\n' });
    const before = commit('docs', { 'docs/guide.md': '# Guide\nmore\n' });
    commit('py: close', { 'sdk/py/src/lib.rs': '// close\n' });
    commit('docs again', { 'docs/faq.md': '# FAQ\n' });
    const r = await affected(dir, { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main', BASE_SHA: before });
    expect(r.result).toMatchObject({ all: false, products: ['sdk-py'], changed: ['docs/faq.md', 'sdk/py/src/lib.rs'] });
  });

  it('GIVEN a push of docs only WHEN detected THEN no product runs', async () => {
    const { dir, commit } = history();
    const before = git(dir, 'rev-parse', 'HEAD').trim();
    commit('docs', { 'docs/guide.md': '# Guide\nmore\n', 'README.md': '# engine\n' });
    expect((await affected(dir, { GITHUB_EVENT_NAME: 'push', BASE_SHA: before })).result).toMatchObject({ all: false, products: [] });
  });

  it('GIVEN a force push that dropped commits WHEN detected THEN what differs from the old tip runs, the dropped changes included', async () => {
    const { dir, commit } = history();
    const start = git(dir, 'rev-parse', 'HEAD').trim();
    const oldTip = commit('py: experiment', { 'sdk/py/src/lib.rs': '// experiment\n' });
    git(dir, 'reset', '-q', '--hard', start);
    commit('go: fix', { 'sdk/go/db.go': 'package db\n// fix\n' });
    const r = await affected(dir, { GITHUB_EVENT_NAME: 'push', BASE_SHA: oldTip });
    expect(r.result).toMatchObject({ all: false, products: ['sdk-py', 'sdk-go'] });
  });

  it('GIVEN the first push of a branch (all-zero before) WHEN detected THEN every product runs', async () => {
    const { dir } = history();
    const r = await affected(dir, { GITHUB_EVENT_NAME: 'push', BASE_SHA: '0'.repeat(40) });
    expect(r.result).toMatchObject({ all: true, products: ['engine', 'sdk-py', 'sdk-go'], everything: expect.stringMatching(/no previous commit/) });
  });

  it('GIVEN a before commit the clone does not have WHEN detected THEN every product runs with a warning', async () => {
    const { dir } = history();
    const r = await affected(dir, { GITHUB_EVENT_NAME: 'push', BASE_SHA: 'feed'.repeat(10) });
    expect(r.out).toMatch(/^::warning::could not list the files changed since feedfeed/m);
    expect(r.result).toMatchObject({ all: true, products: ['engine', 'sdk-py', 'sdk-go'] });
  });
});

describe('pull requests, merge queues and full runs', () => {
  it('GIVEN a pull request whose base branch moved on WHEN detected THEN only the PR\'s own changes run', async () => {
    const { dir, commit } = history();
    const branchPoint = git(dir, 'rev-parse', 'HEAD').trim();
    const mainTip = commit('go on main', { 'sdk/go/db.go': 'package db\n// main\n' });
    git(dir, 'checkout', '-q', '-b', 'feature', branchPoint);
    commit('py on the branch', { 'sdk/py/src/lib.rs': '// branch\n' });
    const r = await affected(dir, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_HEAD_REF: 'feature', BASE_SHA: mainTip });
    expect(r.result).toMatchObject({ all: false, products: ['sdk-py'], changed: ['sdk/py/src/lib.rs'] });
  });

  it('GIVEN a merge queue group WHEN detected THEN the changes since its base run', async () => {
    const { dir, commit } = history();
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    commit('first queued PR', { 'sdk/go/db.go': 'package db\n// one\n' });
    commit('second queued PR', { 'docs/guide.md': '# two\n' });
    const r = await affected(dir, { GITHUB_EVENT_NAME: 'merge_group', BASE_SHA: base });
    expect(r.result).toMatchObject({ all: false, products: ['sdk-go'] });
  });

  it('T2: GIVEN a release PR or a dispatched run WHEN detected THEN every product runs whatever changed', async () => {
    const { dir, commit } = history();
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    commit('docs', { 'docs/guide.md': '# two\n' });
    const pr = await affected(dir, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_HEAD_REF: 'release/v1.1.0', BASE_SHA: base });
    expect(pr.result).toMatchObject({ all: true, everything: "release PR from 'release/v1.1.0'" });
    const dispatch = await affected(dir, { GITHUB_EVENT_NAME: 'workflow_dispatch' });
    expect(dispatch.result).toMatchObject({ all: true, changed: [], everything: expect.stringMatching(/dispatched/) });
  });
});

describe('the explanation', () => {
  it('GIVEN an engine change WHEN run THEN each product run names the first changed file that made it run', async () => {
    const { dir, commit } = history();
    const before = git(dir, 'rev-parse', 'HEAD').trim();
    commit('engine and docs', { 'docs/guide.md': '# two\n', 'src/lib.rs': '// engine\n', 'src/more.rs': '' });
    const r = await affected(dir, { GITHUB_EVENT_NAME: 'push', BASE_SHA: before }, false);
    expect(r.out.split('\n')).toEqual([
      'affected: 2 product(s) of 3 changed file(s)',
      '  engine: src/lib.rs',
      '  sdk-py: src/lib.rs (an input of engine, which sdk-py reads)',
      // What ci.yml's matrix jobs get: each crate built and tested on three OSes, and linted.
      'ci.yml job rust: 2 group(s), 6 cell(s)',
      'ci.yml job lint: 2 group(s), 2 cell(s)',
      '',
    ]);
  });

  it('GIVEN changes no product reads WHEN run THEN it says so', async () => {
    const { dir, commit } = history();
    const before = git(dir, 'rev-parse', 'HEAD').trim();
    commit('docs', { 'docs/guide.md': '# two\n' });
    const r = await affected(dir, { GITHUB_EVENT_NAME: 'push', BASE_SHA: before }, false);
    expect(r.out).toBe('affected: none\n  (no product reads any of the 1 changed file(s))\n');
  });
});
