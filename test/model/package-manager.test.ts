import { describe, expect, it } from 'vitest';
import { MemoryRepoReader, Product, TOOL_VERSIONS, buildPlan, packageManagerPlanOf, planConfigOf, rootPackageManager } from '../../src/model';

const repo = (files: Record<string, string>) => new MemoryRepoReader(files);

describe('the root package manager', () => {
  it('GIVEN package.json naming pnpm in packageManager (with Corepack\'s hash) WHEN read THEN it is pnpm at that version, declared', () => {
    const r = repo({ 'package.json': JSON.stringify({ packageManager: 'pnpm@9.15.0+sha512.76e2379760a4328ec4415815bcd6628dee727af3779aaa4c914e3944156c4299921a89f976381ee107d41f12cfa4b66681ca9c718f0668fa0831ed4c6d8ba56c' }) });
    expect(rootPackageManager(r)).toEqual({ name: 'pnpm', evidence: 'package.json', declaredVersion: '9.15.0' });
    expect(packageManagerPlanOf(r)).toEqual({ name: 'pnpm', version: '9.15.0', declared: true });
  });

  it('GIVEN only a pnpm-lock.yaml WHEN read THEN it is pnpm at the pinned version, not declared', () => {
    const r = repo({ 'package.json': '{}', 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" });
    expect(rootPackageManager(r)).toEqual({ name: 'pnpm', evidence: 'pnpm-lock.yaml' });
    expect(packageManagerPlanOf(r)).toEqual({ name: 'pnpm', version: TOOL_VERSIONS.pnpm, declared: false });
  });

  it('GIVEN a package-lock.json beside a yarn.lock, or no lockfile WHEN read THEN it is npm, which the plan leaves unrecorded', () => {
    expect(rootPackageManager(repo({ 'package-lock.json': '{}', 'yarn.lock': '' })).name).toBe('npm');
    expect(rootPackageManager(repo({ 'package.json': '{}' })).name).toBe('npm');
    expect(packageManagerPlanOf(repo({ 'package-lock.json': '{}', 'pnpm-lock.yaml': '' }))).toBeUndefined();
    expect(rootPackageManager(repo({ 'yarn.lock': '' }))).toEqual({ name: 'yarn', evidence: 'yarn.lock' });
  });
});

/**
 * Issue 11, item 4: bootstrap writes a root package-lock.json that holds only the repository's dev tools.
 * A package that lockfile does not list must not be installed at the root (that `npm ci` would leave its
 * dependencies out): its CI installs in its own directory, and a lockfile that lists it is used.
 */
describe('where a package\'s CI installs its npm dependencies', () => {
  const files = {
    'Cargo.toml': '[package]\nname = "core"\nversion = "1.0.0"\n',
    'js/package.json': JSON.stringify({ name: '@acme/js', version: '1.0.0', dependencies: { 'left-pad': '^1.3.0' } }),
  };
  const ciOf = (extra: Record<string, string>) => {
    const r = repo({ ...files, ...extra });
    const plan = buildPlan(planConfigOf({ products: [Product.rustCrate({ path: '.' }), Product.npmPackage({ path: 'js' })] }, r, '0.0.0'), r);
    return plan.tracks[0].products.find((p) => p.path === 'js')!.ci!;
  };

  it('GIVEN a root package-lock.json that lists only the root (bootstrap\'s dev tools) WHEN planned THEN the package installs in its own directory, without that lockfile', () => {
    const rootOnly = JSON.stringify({ name: 'repo', lockfileVersion: 3, packages: { '': { devDependencies: { projen: '^0.103.0' } }, 'node_modules/projen': { version: '0.103.25' } } });
    const ci = ciOf({ 'package.json': JSON.stringify({ name: 'repo', private: true }), 'package-lock.json': rootOnly });
    expect(ci.npmRoot).toBe('js');
    expect(ci.lockfiles.filter((f) => !f.endsWith('Cargo.lock'))).toEqual([]);
  });

  it('GIVEN a root package-lock.json whose workspaces include the package WHEN planned THEN it installs at the root from that lockfile', () => {
    const workspace = JSON.stringify({ name: 'repo', lockfileVersion: 3, packages: { '': { workspaces: ['js'] }, 'js': { name: '@acme/js', version: '1.0.0' }, 'node_modules/@acme/js': { link: true, resolved: 'js' } } });
    const ci = ciOf({ 'package.json': JSON.stringify({ name: 'repo', private: true, workspaces: ['js'] }), 'package-lock.json': workspace });
    expect(ci.npmRoot).toBe('.');
    expect(ci.lockfiles).toContain('package-lock.json');
  });

  it('GIVEN a root package.json whose npm workspaces include the package, its lockfile not yet listing it WHEN planned THEN it installs at the root', () => {
    const ci = ciOf({ 'package.json': JSON.stringify({ name: 'repo', private: true, workspaces: ['j*'] }), 'package-lock.json': '{}' });
    expect(ci.npmRoot).toBe('.');
  });

  it('GIVEN a package-lock.json of its own under a root one that does not list it WHEN planned THEN its own is used', () => {
    const ci = ciOf({ 'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { '': {} } }), 'js/package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { '': {} } }) });
    expect(ci.npmRoot).toBe('js');
    expect(ci.lockfiles).toContain('js/package-lock.json');
  });

  it('GIVEN a pnpm-lock.yaml whose importers include the package WHEN planned THEN it installs at the pnpm workspace root from that lockfile', () => {
    const lock = "lockfileVersion: '9.0'\n\nimporters:\n\n  .: {}\n\n  js:\n    dependencies:\n      left-pad:\n        specifier: ^1.3.0\n        version: 1.3.0\n\npackages: {}\n";
    const ci = ciOf({ 'package.json': JSON.stringify({ name: 'repo', private: true }), 'pnpm-workspace.yaml': 'packages:\n  - js\n', 'pnpm-lock.yaml': lock });
    expect(ci.npmRoot).toBe('.');
    expect(ci.lockfiles).toContain('pnpm-lock.yaml');
  });
});
