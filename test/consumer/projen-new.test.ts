import * as fs from 'fs';
import * as path from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packLibrary, projenNewIn, run } from '../support/consumer';
import { git, tempDir, writeRepo } from '../support/fixtures';

/**
 * The newcomer path, tried as a new user would: pack this library, run `projen new --from <tarball>` in a
 * git repository, then run `npx projen` again.
 */
let tarball: string;

beforeAll(() => {
  tarball = packLibrary();
}, 120_000);

describe('npx projen new --from projen-lockstep-release', () => {
  it('GIVEN a repository with no product WHEN bootstrapped THEN it says so, without a stack trace, and writes none of its files', () => {
    const dir = writeRepo({ 'README.md': '# notes\n' }, tempDir('lockstep-new-'));
    git(dir, 'init', '-q', '-b', 'main');
    const r = projenNewIn(dir, tarball);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/^projen new --from projen-lockstep-release: no product found: /m);
    expect(r.stderr).not.toMatch(/^\s+at |node_modules\/\S+:\d+/m);
    for (const f of ['.projenrc.ts', '.github', '.lockstep', '.projen', 'scripts', '.gitignore']) expect(fs.existsSync(path.join(dir, f)), f).toBe(false);
  }, 180_000);

  it('GIVEN a Yarn repository WHEN bootstrapped THEN it refuses, naming yarn.lock, and writes none of its files (pnpm is test/consumer/real-newcomer.test.ts, StarStats)', () => {
    const dir = writeRepo({
      'Cargo.toml': '[package]\nname = "demo-core"\nversion = "1.4.0"\nedition = "2021"\n',
      'src/lib.rs': '',
      'yarn.lock': '# yarn lockfile v1\n',
    }, tempDir('lockstep-new-'));
    git(dir, 'init', '-q', '-b', 'main');
    const r = projenNewIn(dir, tarball);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/^projen new --from projen-lockstep-release: yarn\.lock: this repository installs its npm packages with Yarn, and the generated workflows install them with npm \(package-lock\.json\) or pnpm \(pnpm-lock\.yaml\) only/m);
    expect(r.stderr).not.toMatch(/^\s+at |node_modules\/\S+:\d+/m);
    for (const f of ['.projenrc.ts', '.github', '.lockstep']) expect(fs.existsSync(path.join(dir, f)), f).toBe(false);
  }, 180_000);

  it('GIVEN a crate and two bindings that share its name, an example with a version and a .gitignore WHEN bootstrapped THEN .projenrc.ts declares unique names and the exclusion, keeps the patterns, npm ci passes and a second npx projen is clean', () => {
    const dir = writeRepo({
      'Cargo.toml': '[package]\nname = "demo"\nversion = "1.4.0"\nedition = "2021"\n',
      'src/lib.rs': '',
      'sdk/python/Cargo.toml': '[package]\nname = "demo-python"\nversion = "1.4.0"\nedition = "2021"\n\n[lib]\ncrate-type = ["cdylib"]\n',
      'sdk/python/src/lib.rs': '',
      'sdk/python/pyproject.toml': '[build-system]\nrequires = ["maturin>=1,<2"]\nbuild-backend = "maturin"\n\n[project]\nname = "demo"\nversion = "1.4.0"\n',
      'js/package.json': JSON.stringify({ name: '@acme/demo', version: '1.4.0' }, null, 2),
      'examples/app/pyproject.toml': '[project]\nname = "demo-example"\nversion = "0.1.0"\n',
      '.gitignore': '# local secrets\n.env\n.envrc\n/dist\n',
    }, tempDir('lockstep-existing-'));
    git(dir, 'init', '-q', '-b', 'main');
    const r = projenNewIn(dir, tarball);
    if (r.status !== 0) throw new Error(`projen new failed:\n${r.stdout}\n${r.stderr}`);
    const out = r.stdout + r.stderr;
    expect(out).toMatch(/\.projenrc\.ts was written with 3 product\(s\) found in this repository:/);
    expect(out).toMatch(/Check in \.projenrc\.ts: each product's kind and name/);

    const projenrc = fs.readFileSync(path.join(dir, '.projenrc.ts'), 'utf8');
    expect(projenrc).toContain("Product.rustCrate({ path: '.', name: 'demo' }),");
    expect(projenrc).toContain("Product.npmPackage({ path: 'js', name: 'demo-js' }),");
    expect(projenrc).toContain("Product.maturin({ path: 'sdk/python', name: 'demo-py' }),");
    expect(projenrc).toMatch(/ {4}\/\/ not a product, but carries project\.version = "0\.1\.0": the bump leaves it as it is.*\n {4}'examples\/app\/pyproject\.toml',/);
    const plan = JSON.parse(fs.readFileSync(path.join(dir, '.lockstep/release-plan.json'), 'utf8'));
    expect(plan.tracks[0].products.map((p: { name: string; kind: string }) => `${p.kind}:${p.name}`)).toEqual([
      'rust-crate:demo',
      'npm-package:demo-js',
      'maturin:demo-py',
    ]);
    expect(plan.excluded).toEqual(['examples/app/pyproject.toml']);
    const gitignore = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8').split('\n');
    for (const pattern of ['.env', '.envrc', '/dist']) expect(gitignore).toContain(pattern);

    // The workflows' first step: npm ci from the lockfile bootstrap brought up to date.
    run(dir, 'npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund']);
    expect(git(dir, 'status', '--porcelain')).toBe('');
    run(dir, 'npx', ['projen']);
    expect(git(dir, 'status', '--porcelain')).toBe('');
    // The drift check CI runs finds the bootstrapped files in step with .projenrc.ts.
    expect(run(dir, 'npx', ['--no-install', 'lockstep', 'drift'])).toMatch(/in step with \.projenrc\.ts and the manifests/);
  }, 240_000);
});
