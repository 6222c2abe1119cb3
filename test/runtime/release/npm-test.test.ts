import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { ReleaseRun } from '../../../src/runtime/release/run';
import { lockstep } from '../../support/cli';
import { tempDir } from '../../support/fixtures';
import { releaseRunEnv } from '../../support/release-run';

/**
 * `lockstep npm-test` for real: a package @quill/notes 1.0.0 under js/notes, packed here by npm, unpacked
 * by the command outside the checkout with the product's test folder added, and its `npm test` (node's
 * own test runner) run there. The package lists the files it ships in `files`; leaving one out must fail
 * the tests even though the checkout beside them has it.
 */
const RUN: ReleaseRun = {
  schema: 1,
  release: true,
  reason: 't',
  dryRun: false,
  event: 'push',
  track: 'default',
  version: '1.0.0',
  commit: 'e'.repeat(40),
  umbrellaTag: 'v1.0.0',
  releaseBranch: 'main',
  publishWaves: [['quill-notes']],
  todo: ['npm'],
  products: [{
    name: 'quill-notes',
    kind: 'npm-package',
    path: 'js/notes',
    tag: 'quill-notes-v1.0.0',
    githubRelease: false,
    dependsOn: [],
    settings: {},
    packages: [{ target: 'npm', name: '@quill/notes', version: '1.0.0', state: 'missing' }],
  }],
};

const PACKAGE = 'js/notes';

/** A checkout of the package with its tests, and its tarball packed into dist/npm the way the build does. */
function checkout(test: string, files: string[] = ['src']): string {
  const dir = tempDir('lockstep-npm-test-');
  const pkg = path.join(dir, PACKAGE);
  fs.mkdirSync(path.join(pkg, 'src'), { recursive: true });
  fs.mkdirSync(path.join(pkg, 'test'));
  const manifest = { name: '@quill/notes', version: '1.0.0', type: 'module', main: 'src/index.mjs', files, scripts: { test: 'node --test test/notes.test.mjs' } };
  fs.writeFileSync(path.join(pkg, 'package.json'), `${JSON.stringify(manifest, undefined, 2)}\n`);
  fs.writeFileSync(path.join(pkg, 'src/index.mjs'), "export { add } from './add.mjs';\nexport const where = import.meta.url;\n");
  fs.writeFileSync(path.join(pkg, 'src/add.mjs'), 'export function add(a, b) { return a + b; }\n');
  fs.writeFileSync(path.join(pkg, 'test/notes.test.mjs'), test);
  fs.mkdirSync(path.join(dir, 'dist/npm'), { recursive: true });
  execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', path.join(dir, 'dist/npm')], { cwd: pkg, stdio: 'ignore' });
  return dir;
}

const PASSING = [
  "import { test } from 'node:test';",
  "import assert from 'node:assert';",
  "import { add, where } from '../src/index.mjs';",
  "test('add', () => assert.strictEqual(add(2, 3), 5));",
  // The module the tests load is the unpacked tarball's, never the checkout's.
  "test('packed', () => assert.ok(!where.startsWith(process.env.CHECKOUT_URL), where));",
].join('\n');

async function npmTest(dir: string, tests = `${PACKAGE}/test`) {
  return lockstep(dir, ['npm-test', '--product', 'quill-notes', '--dist', 'dist/npm', '--tests', tests], {
    ...releaseRunEnv(RUN),
    CHECKOUT_URL: `file://${fs.realpathSync(dir)}`,
    npm_config_cache: path.join(dir, '.npm-cache'),
  });
}

describe('lockstep npm-test: the product\'s npm test against its packed tarball', { timeout: 120_000 }, () => {
  it('GIVEN passing tests WHEN run THEN npm test passes in the unpacked tarball, which the tests load instead of the checkout', async () => {
    const dir = checkout(PASSING);
    const r = await npmTest(dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/quill-notes: running npm test in @quill\/notes@1\.0\.0 unpacked from dist\/npm\/quill-notes-1\.0\.0\.tgz, with js\/notes\/test added/);
    expect(r.out).toMatch(/# pass 2/);
    expect(r.out.trim().split('\n').at(-1)).toBe('quill-notes: its tests pass against the packed tarball');
  });

  it('GIVEN a package whose files leave out a module its entry point imports WHEN run THEN npm test fails, though the checkout has the module', async () => {
    const dir = checkout(PASSING, ['src/index.mjs']);
    const r = await npmTest(dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^::error::quill-notes: npm test failed against the packed @quill\/notes@1\.0\.0 \(exit 1\): /);
    // The run log carries npm test's own words: the unpacked package has no src/add.mjs.
    expect(r.out).toMatch(/Cannot find module '[^']*lockstep-npm-test-[^']*\/package\/src\/add\.mjs'/);
  });

  it('GIVEN a failing test WHEN run THEN the step fails with one error naming npm test and the failure', async () => {
    const dir = checkout("import { test } from 'node:test';\nimport assert from 'node:assert';\nimport { add } from '../src/index.mjs';\ntest('add', () => assert.strictEqual(add(2, 2), 5));\n");
    const r = await npmTest(dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^::error::quill-notes: npm test failed against the packed @quill\/notes@1\.0\.0 \(exit 1\): .*# fail 1/);
  });

  it('GIVEN no tarball of the version in the build output, or tests outside the package WHEN run THEN it fails naming them, before any test', async () => {
    const dir = checkout('throw new Error("never run");\n');
    fs.rmSync(path.join(dir, 'dist/npm/quill-notes-1.0.0.tgz'));
    const missing = await npmTest(dir);
    expect(missing.code).toBe(1);
    expect(missing.err.trim()).toBe('::error::quill-notes: the build packed no quill-notes-1.0.0.tgz into dist/npm');
    const outside = await npmTest(checkout('throw new Error("never run");\n'), 'test');
    expect(outside.code).toBe(1);
    expect(outside.err.trim()).toBe('::error::quill-notes: test is not a folder inside js/notes, the package\'s directory');
  });
});
