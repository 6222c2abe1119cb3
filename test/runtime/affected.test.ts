import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { FsRepoReader, ReleasePlan, buildPlan, libraryVersion, planConfigOf, PathPattern, PathPatternList } from '../../src/model';
import { main } from '../../src/runtime';
import { affectedProducts } from '../../src/runtime/affected/affected';
import { changeSetOf } from '../../src/runtime/affected/trigger';
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

  it('GIVEN a list with exclusions WHEN matched THEN the last pattern matching a file decides', () => {
    const list = PathPatternList.parse(['desktop', '!desktop/vendor', 'desktop/vendor/keep.h', '**/*.md', '!docs']);
    expect(['desktop/a.ts', 'desktop/vendor/x.h', 'desktop/vendor/keep.h', 'sdk/README.md', 'docs/a.md', 'other.ts'].map((f) => list.match(f)))
      .toEqual(['desktop', undefined, 'desktop/vendor/keep.h', '**/*.md', undefined, undefined]);
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

  it('GIVEN the root crate\'s source WHEN detected THEN every product reading it runs', () => {
    expect(affected(['src/lib.rs'])).toMatchObject({ all: true, products: ALL });
  });

  it('GIVEN files no product reads (docs, READMEs, scripts, a folder named like a product) WHEN detected THEN no product runs', () => {
    expect(affected(['docs/guide.md', 'README.md', 'scripts/build.sh', 'sdk/python-examples/a.py', 'LICENSE']).products).toEqual([]);
  });

  it('GIVEN a nested workspace lockfile WHEN detected THEN only its product runs; the root Cargo lockfile runs every crate and what reads them', () => {
    expect(affected(['sdk/wasm/Cargo.lock']).products).toEqual(['quill-wasm']);
    expect(affected(['Cargo.lock'])).toMatchObject({ all: true, products: ALL });
  });

  it('GIVEN the root npm lockfile WHEN detected THEN the npm products installing from it run, and no crate or Go module', () => {
    expect(affected(['package-lock.json']).products).toEqual(['quill-node', 'quill-desktop', 'quill-notes']);
  });

  it('GIVEN toolchain or cargo configuration at the root WHEN detected THEN every crate runs; inside an SDK only that SDK', () => {
    expect(affected(['rust-toolchain.toml']).all).toBe(true);
    expect(affected(['.cargo/config.toml']).all).toBe(true);
    expect(affected(['sdk/python/.cargo/config.toml']).products).toEqual(['quill-py']);
  });

  it('GIVEN the CI workflow WHEN detected THEN every job it defines runs', () => {
    const r = affected(['.github/workflows/ci.yml']);
    expect(r).toMatchObject({ all: true, products: ALL });
    expect(r.causes.quill).toEqual({ file: '.github/workflows/ci.yml', rule: 'the CI workflow, whose every job runs' });
  });

  it('GIVEN a release-only workflow, another workflow, the plan or projen\'s files WHEN detected THEN no product runs (ci.yml shows any effect, and the drift check keeps them in step)', () => {
    const files = ['.github/workflows/release.yml', '.github/workflows/release-pr.yml', '.github/workflows/docs.yml', '.github/dependabot.yml', '.lockstep/release-plan.json', '.projenrc.ts', '.projen/tasks.json'];
    expect(affected(files).products).toEqual([]);
  });

  it('GIVEN ignorePaths WHEN a product input matches THEN it runs nothing, but an ignored pattern cannot hide the CI workflow', () => {
    expect(affected(['sdk/python/README.md', 'sdk/go/README.md'], { ignorePaths: ['**/*.md'] }).products).toEqual([]);
    expect(affected(['.github/workflows/ci.yml'], { ignorePaths: ['.github'] }).all).toBe(true);
  });

  it('GIVEN sharedPaths WHEN a matching file changes THEN everything runs', () => {
    const r = affected(['fixtures/db.bin'], { sharedPaths: ['fixtures'] });
    expect(r.all).toBe(true);
    expect(r.causes['sdk-go']).toEqual({ file: 'fixtures/db.bin', rule: 'sharedPaths: fixtures' });
  });

  it('GIVEN a rename across products (listed under both names) WHEN detected THEN both products run', () => {
    expect(affected(['sdk/go/util.go', 'sdk/python/python/quill_db/util.py']).products).toEqual(['quill-py', 'sdk-go']);
  });
});

describe('a plan edited by hand', () => {
  const withProducts = (edit: (p: ReleasePlan['tracks'][0]['products'][0]) => ReleasePlan['tracks'][0]['products'][0]): ReleasePlan =>
    ({ ...plan, tracks: [{ ...plan.tracks[0], products: plan.tracks[0].products.map(edit) }] });

  it('GIVEN a product without ci settings WHEN a file in its directory changes THEN it runs, with no dependencies beyond dependsOn', () => {
    const edited = withProducts((p) => (p.name === 'sdk-go' ? { ...p, ci: undefined } : p));
    expect(affectedProducts(edited, ['sdk/go/x.go']).products).toEqual(['sdk-go']);
    expect(affectedProducts(edited, ['sdk/go-other/x.go']).products).toEqual([]);
    // Without its ci settings, sdk-go no longer reads the FFI crate it links.
    expect(affectedProducts(edited, ['quill-ffi/src/lib.rs']).products).toEqual(['quill-ffi']);
  });

  it('GIVEN a product that reads another only through buildsWith, or only through inputsFrom WHEN the other changes THEN it runs too', () => {
    const only = (ci: { buildsWith?: string[]; inputsFrom?: string[] }) =>
      withProducts((p) => (p.name === 'sdk-go' ? { ...p, dependsOn: [], ci: { ...p.ci!, buildsWith: [], inputsFrom: [], ...ci } } : p));
    expect(affectedProducts(only({ buildsWith: ['quill-ffi'] }), ['quill-ffi/src/lib.rs']).products).toEqual(['quill-ffi', 'sdk-go']);
    expect(affectedProducts(only({ inputsFrom: ['quill-ffi'] }), ['quill-ffi/src/lib.rs']).products).toEqual(['quill-ffi', 'sdk-go']);
    expect(affectedProducts(only({}), ['quill-ffi/src/lib.rs']).products).toEqual(['quill-ffi']);
  });

  it('GIVEN a plan with no products WHEN files change THEN nothing runs and it is not called everything', () => {
    expect(affectedProducts({ ...plan, tracks: [] }, ['.github/workflows/ci.yml', 'src/lib.rs'])).toEqual({ all: false, products: [], causes: {} });
  });

  it('GIVEN a product input that is no repository path pattern WHEN detected THEN it stops with exit 2 naming the plan, the product and the fix', () => {
    const edited: ReleasePlan = { ...plan, tracks: [{ ...plan.tracks[0], products: plan.tracks[0].products.map((p) => (p.name === 'sdk-go' ? { ...p, ci: { ...p.ci!, inputs: ['../../etc'] } } : p)) }] };
    expect(() => affectedProducts(edited, ['sdk/go/x.go'])).toThrow(expect.objectContaining({
      exitCode: 2,
      message: expect.stringMatching(/^\.lockstep\/release-plan\.json: ci\.inputs of product sdk-go: '\.\.\/\.\.\/etc' is not a repository-relative path pattern.*Regenerate the plan with `npx projen`\.$/),
    }));
  });

  it('GIVEN product inputs edited into no list of patterns (one pattern as text, a number in the list) WHEN detected THEN it stops with exit 2 naming the plan, the product and the fix, not an internal error', () => {
    const withInputs = (inputs: unknown): ReleasePlan => ({
      ...plan,
      tracks: [{ ...plan.tracks[0], products: plan.tracks[0].products.map((p) => (p.name === 'sdk-go' ? { ...p, ci: { ...p.ci!, inputs: inputs as string[] } } : p)) }],
    });
    expect(() => affectedProducts(withInputs('sdk/go'), ['sdk/go/x.go'])).toThrow(expect.objectContaining({
      exitCode: 2,
      message: '.lockstep/release-plan.json: ci.inputs of product sdk-go: "sdk/go" is not a list of path patterns. Regenerate the plan with `npx projen`.',
    }));
    expect(() => affectedProducts(withInputs(['sdk/go', 7]), ['sdk/go/x.go'])).toThrow(expect.objectContaining({
      exitCode: 2,
      message: '.lockstep/release-plan.json: ci.inputs of product sdk-go: ["sdk/go",7] is not a list of path patterns. Regenerate the plan with `npx projen`.',
    }));
  });
});

describe('why a product runs', () => {
  it('GIVEN several changed files WHEN detected THEN each product names the first file that made it run', () => {
    const r = affected(['docs/a.md', 'sdk/python/src/a.rs', 'sdk/python/src/b.rs', 'sdk/go/x.go']);
    expect(r.causes).toEqual({ 'quill-py': { file: 'sdk/python/src/a.rs' }, 'sdk-go': { file: 'sdk/go/x.go' } });
  });

  it('GIVEN a product running because it reads another\'s inputs WHEN detected THEN it names the file and the product whose input it is', () => {
    const r = affected(['quill-ffi/src/lib.rs']);
    expect(r.causes['sdk-go']).toEqual({ file: 'quill-ffi/src/lib.rs', through: 'quill-ffi' });
  });

  it('GIVEN a product reached through a dependency by an earlier file than its own WHEN detected THEN the earlier file is named', () => {
    const r = affected(['quill-ffi/src/lib.rs', 'sdk/go/x.go']);
    expect(r.causes['sdk-go']).toEqual({ file: 'quill-ffi/src/lib.rs', through: 'quill-ffi' });
    expect(affected(['sdk/go/x.go', 'quill-ffi/src/lib.rs']).causes['sdk-go']).toEqual({ file: 'sdk/go/x.go' });
  });

  it('GIVEN a file that is an input of a product and of a product reading it WHEN detected THEN both name the file itself, not one through the other', () => {
    const r = affected(['quill-ffi/src/lib.rs', 'sdk/go/x.go']);
    expect(r.causes['quill-ffi']).toEqual({ file: 'quill-ffi/src/lib.rs' });
    // The root Cargo.lock is read directly by every crate of the root workspace; the WASM crate has its own lockfile.
    const lock = affected(['Cargo.lock']).causes;
    expect(Object.entries(lock).filter(([, c]) => c.through !== undefined).map(([name]) => name)).toEqual(['quill-wasm', 'sdk-go', 'quill-notes']);
  });

  it('GIVEN a product reached through a chain from an earlier file, and directly by a later one WHEN detected THEN the earlier file is named', () => {
    expect(affected(['src/lib.rs', 'examples/notes/index.js']).causes['quill-notes']).toEqual({ file: 'src/lib.rs', through: 'quill' });
  });

  it('GIVEN a change WHEN detected THEN the causes name exactly the products that run', () => {
    for (const files of [['quill-ffi/src/lib.rs'], ['src/lib.rs'], ['sdk/nodejs/src/lib.rs'], ['docs/a.md']]) {
      const r = affected(files);
      expect(Object.keys(r.causes).sort()).toEqual([...r.products].sort());
    }
  });

  it('GIVEN a chain of dependencies WHEN detected THEN the product whose input changed is named, not the one in between', () => {
    expect(affected(['src/lib.rs']).causes['quill-notes']).toEqual({ file: 'src/lib.rs', through: 'quill' });
  });
});

describe('what a CI run compares', () => {
  const base = '1111111111111111111111111111111111111111';
  it('T2: GIVEN a dispatch (the release PR\'s CI or a manual full run) or a release PR WHEN decided THEN everything runs', () => {
    expect(changeSetOf({ eventName: 'workflow_dispatch' })).toMatchObject({ compare: 'everything', reason: expect.stringMatching(/dispatched/) });
    expect(changeSetOf({ eventName: 'pull_request', headRef: 'release/v1.2.0', base })).toMatchObject({ compare: 'everything', reason: expect.stringMatching(/release\/v1.2.0/) });
  });

  it('GIVEN a push WHEN decided THEN it compares the trees before and after the push', () => {
    expect(changeSetOf({ eventName: 'push', base })).toEqual({ compare: 'tree', base });
  });

  it('GIVEN a pull request or a merge queue group WHEN decided THEN it compares with the merge base', () => {
    expect(changeSetOf({ eventName: 'pull_request', headRef: 'fix/py-close', base })).toEqual({ compare: 'merge-base', base });
    expect(changeSetOf({ eventName: 'merge_group', base })).toEqual({ compare: 'merge-base', base });
  });

  it('GIVEN a pull request without a source branch, or a push or merge group with one WHEN decided THEN only a pull request from release/ counts as a release PR', () => {
    expect(changeSetOf({ eventName: 'pull_request', base })).toEqual({ compare: 'merge-base', base });
    expect(changeSetOf({ eventName: 'push', headRef: 'release/v1.2.0', base })).toEqual({ compare: 'tree', base });
    expect(changeSetOf({ eventName: 'merge_group', headRef: 'release/v1.2.0', base })).toEqual({ compare: 'merge-base', base });
  });

  it('GIVEN no event (a run outside GitHub Actions with --base) WHEN decided THEN it compares with the merge base like a pull request', () => {
    expect(changeSetOf({ base })).toEqual({ compare: 'merge-base', base });
  });

  it('GIVEN a base commit with surrounding whitespace, or one that starts or ends with zeros WHEN decided THEN that commit is compared with', () => {
    expect(changeSetOf({ eventName: 'push', base: ` ${base}\n` })).toEqual({ compare: 'tree', base });
    const zeros = `00${'1'.repeat(38)}`;
    expect(changeSetOf({ eventName: 'push', base: zeros })).toEqual({ compare: 'tree', base: zeros });
    const trailing = `${'1'.repeat(38)}00`;
    expect(changeSetOf({ eventName: 'push', base: trailing })).toEqual({ compare: 'tree', base: trailing });
  });

  it('GIVEN a new branch push (all-zero before), no base or another event WHEN decided THEN everything runs', () => {
    expect(changeSetOf({ eventName: 'push', base: '0'.repeat(40) })).toMatchObject({ compare: 'everything', reason: expect.stringMatching(/no previous commit/) });
    expect(changeSetOf({ eventName: 'pull_request', headRef: 'feature' })).toMatchObject({ compare: 'everything', reason: expect.stringMatching(/no base/) });
    expect(changeSetOf({ eventName: 'schedule' })).toMatchObject({ compare: 'everything', reason: expect.stringMatching(/no change set/) });
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
  it('GIVEN a pull request changing the Node SDK WHEN run in Actions THEN it writes the affected products, kinds and ci.yml\'s matrices of them to GITHUB_OUTPUT', async () => {
    const { dir, base } = exampleRepoWithChange({ 'sdk/nodejs/src/extra.rs': '// new\n' });
    const output = path.join(tempDir(), 'output');
    const summary = path.join(tempDir(), 'summary');
    const r = await run(['affected'], dir, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_HEAD_REF: 'feature', BASE_SHA: base, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(0);
    const outputs = readStepOutputs(output);
    expect(outputs).toMatchObject({ 'products': '["quill-node","quill-notes"]', 'all': 'false', 'kinds': '["napi","npm-package"]', 'jobs': '["lint","node","npm"]', 'rust-matrix': '' });
    // ci.yml's matrices of the affected products only: the Node SDK's crate is linted, built and tested on every leg.
    expect(JSON.parse(outputs['lint-matrix']).group).toEqual(['quill-node']);
    expect(JSON.parse(outputs['node-matrix'])).toMatchObject({ group: ['quill-node'], node: ['22', '26'], include: [{ group: 'quill-node', dir: 'sdk/nodejs' }] });
    expect(JSON.parse(outputs['npm-matrix']).group).toEqual(['quill-notes']);
    const text = fs.readFileSync(summary, 'utf8');
    expect(text).toContain('- quill-node: sdk/nodejs/src/extra.rs\n- quill-notes: sdk/nodejs/src/extra.rs (an input of quill-node, which quill-notes reads)');
    expect(r.out).toContain('ci.yml job node: 1 group(s), 6 cell(s)');
  });

  it('GIVEN a base commit missing from the clone WHEN run THEN everything runs with a warning naming fetch-depth', async () => {
    const { dir } = exampleRepoWithChange({ 'sdk/go/x.go': 'package quill\n' });
    const r = await run(['affected', '--json'], dir, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_HEAD_REF: 'feature', BASE_SHA: 'deadbeef'.repeat(5) });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^::warning::could not list the files changed since deadbeef.*fetch-depth: 0/m);
    expect(JSON.parse(r.out.split('\n')[1])).toMatchObject({ all: true, products: ALL, changed: [], everything: 'no change set' });
    // The warning names the failed git command: the first line of its error, not the whole of it.
    expect(r.out.split('\n')[0]).toContain(`since ${'deadbeef'.repeat(5)} (Command failed: git diff --name-only --no-renames -z --end-of-options ${'deadbeef'.repeat(5)}...HEAD --); every product runs.`);
  });

  it('GIVEN ignore rules through the environment WHEN only docs change THEN no product is affected', async () => {
    const { dir, base } = exampleRepoWithChange({ 'docs/guide.md': '# guide\n' });
    const r = await run(['affected', '--json', '--base', base], dir, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_HEAD_REF: 'feature', LOCKSTEP_AFFECTED_RULES: '{"ignorePaths":["docs"]}' });
    expect(JSON.parse(r.out)).toMatchObject({ all: false, products: [], changed: ['docs/guide.md'] });
  });

  it('GIVEN a list of changed files, one per line or NUL-separated WHEN run with --files-from THEN those files decide, without git', async () => {
    const dir = copyExample(tempDir('lockstep-affected-'));
    const reader = new FsRepoReader(dir);
    fs.writeFileSync(path.join(dir, '.lockstep/release-plan.json'), JSON.stringify(buildPlan(planConfigOf({ products: exampleProducts() }, reader, libraryVersion()), reader)));
    const lines = path.join(tempDir(), 'lines');
    fs.writeFileSync(lines, 'docs/guide.md\nsdk/go/db.go\n');
    const nul = path.join(tempDir(), 'nul');
    fs.writeFileSync(nul, 'sdk/python/a\nb.py\0quill-ask/src/lib.rs\0');
    expect(JSON.parse((await run(['affected', '--json', '--files-from', lines], dir, {})).out)).toMatchObject({ products: ['sdk-go'], changed: ['docs/guide.md', 'sdk/go/db.go'] });
    expect(JSON.parse((await run(['affected', '--json', '--files-from', nul], dir, {})).out)).toMatchObject({ products: ['quill-ask', 'quill-mcp', 'quill-py'], changed: ['sdk/python/a\nb.py', 'quill-ask/src/lib.rs'] });
  });

  it('GIVEN --files-from naming no file, or with --base WHEN run THEN it stops with exit 2 naming the option', async () => {
    const { dir, base } = exampleRepoWithChange({ 'docs/guide.md': '# guide\n' });
    const missing = await run(['affected', '--files-from', 'nowhere.txt'], dir, {});
    expect(missing).toMatchObject({ code: 2, err: expect.stringMatching(/--files-from nowhere\.txt: cannot read it \(ENOENT\)/) });
    const both = await run(['affected', '--files-from', 'x', '--base', base], dir, {});
    expect(both).toMatchObject({ code: 2, err: expect.stringMatching(/give --base or --files-from, not both/) });
  });

  it('GIVEN malformed rules WHEN run THEN it stops with exit 2 naming the variable', async () => {
    const { dir, base } = exampleRepoWithChange({ 'docs/guide.md': '# guide\n' });
    const r = await run(['affected', '--base', base], dir, { LOCKSTEP_AFFECTED_RULES: '{"ignorePaths":"docs"}' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/LOCKSTEP_AFFECTED_RULES\.ignorePaths must be a list/);
  });
});

describe('workspace-wide files at the root run the products whose tools read them (mutation survivors, issue 21)', () => {
  const NPM_BUILT = ['quill-node', 'quill-desktop', 'quill-notes'];
  it.each([
    // The Cargo workspace: every crate builds from it, and every other product reads a crate.
    ...['Cargo.toml', 'Cargo.lock', 'rust-toolchain', 'rust-toolchain.toml', '.cargo/config.toml', 'rustfmt.toml', '.rustfmt.toml', 'clippy.toml', '.clippy.toml', '.gitattributes']
      .map((file) => [file, 'every product', ALL]),
    // The npm root where `npm ci` runs, and the npm configuration above each package.
    ...['package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', '.npmrc', '.yarnrc.yml', 'tsconfig.json']
      .map((file) => [file, 'the npm products', NPM_BUILT]),
    // The Go workspace.
    ['go.work', 'the Go module', ['sdk-go']],
    ['go.work.sum', 'the Go module', ['sdk-go']],
  ] as Array<[string, string, string[]]>)('GIVEN the root %s changes WHEN detected THEN %s run', (file, _who, products) => {
    const r = affected([file]);
    expect(r.products).toEqual(products);
    expect(r.all).toBe(products.length === ALL.length);
    expect(r.causes[products[0]].file).toBe(file);
  });

  it('GIVEN npm or Go configuration below the root WHEN detected THEN only the products under it run', () => {
    // quill-notes depends on quill-node, so it runs too.
    expect(affected(['sdk/.npmrc']).products).toEqual(['quill-node', 'quill-notes']);
    expect(affected(['sdk/go/go.work']).products).toEqual(['sdk-go']);
    expect(affected(['examples/tsconfig.json']).products).toEqual(['quill-notes']);
  });
});
