import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { FsRepoReader, ReleasePlan, buildPlan, libraryVersion, planConfigOf, PathPattern } from '../../src/model';
import { main } from '../../src/runtime';
import { affectedProducts } from '../../src/runtime/affected/affected';
import { fullRunReason } from '../../src/runtime/affected/trigger';
import { exampleProducts } from '../support/example-products';
import { EXAMPLE_DIR, copyExample, git, gitInit, tempDir } from '../support/fixtures';
import { readStepOutputs } from '../support/runner-view';

const repo = new FsRepoReader(EXAMPLE_DIR);
const plan: ReleasePlan = buildPlan(planConfigOf({ products: exampleProducts() }, repo, '0.0.0'), repo);
const ALL = plan.tracks[0].products.map((p) => p.name);
const affected = (files: string[], rules = {}) => affectedProducts(plan, files, rules);

describe('path patterns', () => {
  it('GIVEN a plain path WHEN matched THEN it names the file or everything below the directory, not a sibling prefix', () => {
    const p = PathPattern.parse('docs');
    expect([p.matches('docs'), p.matches('docs/a/b.md'), p.matches('docs-old/a.md'), p.matches('x/docs/a.md')]).toEqual([true, true, false, false]);
  });

  it('GIVEN wildcards WHEN matched THEN * stays within a segment and ** crosses segments', () => {
    expect(PathPattern.parse('*.md').matches('README.md')).toBe(true);
    expect(PathPattern.parse('*.md').matches('docs/README.md')).toBe(false);
    expect(PathPattern.parse('**/*.md').matches('README.md')).toBe(true);
    expect(PathPattern.parse('**/*.md').matches('sdk/go/README.md')).toBe(true);
    expect(PathPattern.parse('sdk/**/test_?.py').matches('sdk/python/tests/test_a.py')).toBe(true);
    expect(PathPattern.parse('sdk/**/test_?.py').matches('sdk/python/tests/test_ab.py')).toBe(false);
  });

  it('GIVEN a pattern leaving the repository WHEN parsed THEN it is refused', () => {
    expect(() => PathPattern.parse('../x')).toThrow(/not a repository-relative path pattern/);
    expect(() => PathPattern.parse('/etc')).toThrow(/not a repository-relative/);
  });
});

describe('which products a change affects', () => {
  it('GIVEN a file in a leaf SDK WHEN detected THEN only that product runs', () => {
    expect(affected(['sdk/python/src/lib.rs']).products).toEqual(['quill-py']);
  });

  it('GIVEN a file in a product others depend on WHEN detected THEN its dependents run too, transitively', () => {
    expect(affected(['sdk/nodejs/src/lib.rs']).products).toEqual(['quill-node', 'quill-notes']);
    expect(affected(['quill-ask/src/lib.rs']).products).toEqual(['quill-ask', 'quill-mcp']);
  });

  it('GIVEN the C FFI crate changes WHEN detected THEN the Go module that links it runs (a CI build dependency, not a publish one)', () => {
    expect(plan.tracks[0].products.find((p) => p.name === 'sdk-go')!.dependsOn).toEqual([]);
    expect(affected(['quill-ffi/src/lib.rs']).products).toEqual(['quill-ffi', 'sdk-go']);
  });

  it('GIVEN a directory named like a product with a suffix WHEN detected THEN it is not that product\'s', () => {
    const r = affected(['sdk/python-examples/a.py']);
    expect(r.products).toEqual(ALL);
    expect(r.reasons[0]).toBe('sdk/python-examples/a.py: quill');
  });

  it('GIVEN a nested workspace lockfile WHEN detected THEN only its product runs; the root lockfile runs everything', () => {
    expect(affected(['sdk/wasm/Cargo.lock']).products).toEqual(['quill-wasm']);
    expect(affected(['Cargo.lock'])).toMatchObject({ all: true, products: ALL });
    expect(affected(['package-lock.json']).all).toBe(true);
  });

  it('GIVEN the plan file, a workflow, projen files or cargo config WHEN detected THEN everything runs', () => {
    for (const f of ['.lockstep/release-plan.json', '.github/workflows/ci.yml', '.projenrc.ts', '.projen/tasks.json', 'sdk/python/.cargo/config.toml', 'rust-toolchain.toml']) {
      expect(affected([f]).all, f).toBe(true);
    }
  });

  it('GIVEN a file no product owns WHEN there is no root product THEN everything runs', () => {
    const leaves: ReleasePlan = { ...plan, tracks: [{ ...plan.tracks[0], products: plan.tracks[0].products.filter((p) => p.path !== '.') }] };
    const r = affectedProducts(leaves, ['scripts/build.sh']);
    expect(r.all).toBe(true);
    expect(r.reasons).toEqual(['scripts/build.sh: belongs to no product, so every product is affected']);
  });

  it('GIVEN ignorePaths WHEN a docs file changes THEN nothing runs, but an ignored pattern cannot hide a workflow', () => {
    expect(affected(['docs/guide.md', 'README.md'], { ignorePaths: ['docs', '**/*.md'] }).products).toEqual([]);
    expect(affected(['.github/workflows/ci.yml'], { ignorePaths: ['.github'] }).all).toBe(true);
  });

  it('GIVEN sharedPaths WHEN a matching file changes THEN everything runs', () => {
    expect(affected(['sdk/python/shared-fixtures/db.bin'], { sharedPaths: ['**/shared-fixtures'] }).all).toBe(true);
  });

  it('GIVEN a rename across products (listed under both names) WHEN detected THEN both products run', () => {
    expect(affected(['sdk/go/util.go', 'sdk/python/python/quill_db/util.py']).products).toEqual(['quill-py', 'sdk-go']);
  });
});

describe('when a run tests everything', () => {
  const base = '1111111111111111111111111111111111111111';
  it('T2: GIVEN a dispatch (the release PR\'s CI), a push to the release branch or a release PR WHEN decided THEN everything runs', () => {
    expect(fullRunReason({ eventName: 'workflow_dispatch', ref: 'refs/heads/release/v1.2.0' }, 'main')).toMatch(/dispatched/);
    expect(fullRunReason({ eventName: 'push', ref: 'refs/heads/main', base }, 'main')).toMatch(/release branch 'main'/);
    expect(fullRunReason({ eventName: 'pull_request', ref: 'refs/pull/7/merge', headRef: 'release/v1.2.0', base }, 'main')).toMatch(/release\/v1.2.0/);
  });

  it('GIVEN a new branch push or no base WHEN decided THEN everything runs', () => {
    expect(fullRunReason({ eventName: 'push', ref: 'refs/heads/feature', base: '0'.repeat(40) }, 'main')).toMatch(/no base/);
    expect(fullRunReason({ eventName: 'pull_request', headRef: 'feature' }, 'main')).toMatch(/no base/);
    expect(fullRunReason({ eventName: 'schedule', ref: 'refs/heads/main' }, 'trunk')).toMatch(/no change set/);
  });

  it('GIVEN an ordinary pull request WHEN decided THEN the changed files decide', () => {
    expect(fullRunReason({ eventName: 'pull_request', ref: 'refs/pull/7/merge', headRef: 'fix/py-close', base }, 'main')).toBeUndefined();
  });
});

/** A git repository holding the example with a plan of this library's version, and a branch changing `files`. */
function exampleRepoWithChange(files: Record<string, string>): { dir: string; base: string } {
  const dir = copyExample(tempDir('lockstep-affected-'));
  const reader = new FsRepoReader(dir);
  const current = buildPlan(planConfigOf({ products: exampleProducts() }, reader, libraryVersion()), reader);
  fs.writeFileSync(path.join(dir, current.planFile), JSON.stringify(current));
  gitInit(dir);
  const base = git(dir, 'rev-parse', 'HEAD').trim();
  git(dir, 'checkout', '-q', '-b', 'feature');
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'change');
  return { dir, base };
}

async function run(argv: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { cwd, env, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

describe('lockstep affected', () => {
  it('GIVEN a pull request changing the Node SDK WHEN run in Actions THEN it writes the affected products and kinds to GITHUB_OUTPUT', async () => {
    const { dir, base } = exampleRepoWithChange({ 'sdk/nodejs/src/extra.rs': '// new\n' });
    const output = path.join(tempDir(), 'output');
    const summary = path.join(tempDir(), 'summary');
    const r = await run(['affected'], dir, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_HEAD_REF: 'feature', BASE_SHA: base, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(0);
    expect(readStepOutputs(output)).toEqual({ products: '["quill-node","quill-notes"]', all: 'false', kinds: '["napi","npm-package"]' });
    expect(fs.readFileSync(summary, 'utf8')).toMatch(/sdk\/nodejs\/src\/extra.rs: quill-node/);
  });

  it('GIVEN a base commit missing from the clone WHEN run THEN everything runs with a warning naming fetch-depth', async () => {
    const { dir } = exampleRepoWithChange({ 'sdk/go/x.go': 'package quill\n' });
    const r = await run(['affected', '--json'], dir, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_HEAD_REF: 'feature', BASE_SHA: 'deadbeef'.repeat(5) });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^::warning::could not list the files changed since deadbeef.*fetch-depth: 0/m);
    expect(JSON.parse(r.out.split('\n')[1])).toMatchObject({ all: true, products: ALL });
  });

  it('GIVEN ignore rules through the environment WHEN only docs change THEN no product is affected', async () => {
    const { dir, base } = exampleRepoWithChange({ 'docs/guide.md': '# guide\n' });
    const r = await run(['affected', '--json', '--base', base], dir, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_HEAD_REF: 'feature', LOCKSTEP_AFFECTED_RULES: '{"ignorePaths":["docs"]}' });
    expect(JSON.parse(r.out)).toMatchObject({ all: false, products: [], changed: ['docs/guide.md'] });
  });

  it('GIVEN malformed rules WHEN run THEN it stops with exit 2 naming the variable', async () => {
    const { dir, base } = exampleRepoWithChange({ 'docs/guide.md': '# guide\n' });
    const r = await run(['affected', '--base', base], dir, { LOCKSTEP_AFFECTED_RULES: '{"ignorePaths":"docs"}' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/LOCKSTEP_AFFECTED_RULES\.ignorePaths must be a list/);
  });
});
