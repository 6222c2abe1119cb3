import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { CiRunner, LockstepReleaseProjectOptions, Product } from '../../src';
import { CiMatrixJob, CiSettings, RUNNERS, ReleasePlan, ciMatrices } from '../../src/model';
import { exampleProducts } from '../support/example-products';
import { copyExample, parseWorkflow, synthIn, writeRepo } from '../support/fixtures';
import { checkWorkflows, formatFindings } from '../support/workflow-gates';

const CI = '.github/workflows/ci.yml';

/** A one-crate repository at the root: no lockfile, no MSRV. */
function soloCrate(): string {
  return writeRepo({
    'Cargo.toml': '[package]\nname = "solo"\nversion = "1.0.0"\nedition = "2021"\nlicense = "MIT"\n',
    'src/lib.rs': 'pub fn answer() -> u32 {\n    42\n}\n',
  });
}

/**
 * The example synthesized with options: its ci.yml, and each job's groups when every product is affected,
 * computed as `lockstep affected` does from the plan and the settings ci.yml hands it.
 */
function exampleWith(options: Partial<LockstepReleaseProjectOptions>): { dir: string; ci: any; groups: ReturnType<typeof ciMatrices> } {
  const dir = copyExample();
  const out = synthIn(dir, { products: exampleProducts(), ...options });
  const ci = parseWorkflow(out[CI]);
  return { dir, ci, groups: ciMatrices(out['.lockstep/release-plan.json'] as ReleasePlan, settingsOf(ci)) };
}

/** The per-product settings ci.yml passes to `lockstep affected` (none: the defaults). */
function settingsOf(ci: any): CiSettings {
  const env = ci.jobs.changes.steps.find((s: any) => s.id === 'affected').env;
  return env.LOCKSTEP_CI_SETTINGS === undefined ? {} : JSON.parse(env.LOCKSTEP_CI_SETTINGS);
}

const valuesOf = (groups: ReturnType<typeof ciMatrices>, job: CiMatrixJob, product: string) => groups[job]?.find((g) => g.products.includes(product));

describe('CiMatrix options', () => {
  it('GIVEN a crate without a lockfile WHEN rendered THEN cargo runs without --locked and no MSRV job exists', () => {
    const out = synthIn(soloCrate(), { products: [Product.rustCrate({ path: '.' })] });
    const ci = parseWorkflow(out[CI]);
    expect(Object.keys(ci.jobs)).toEqual(['changes', 'verify', 'rust', 'lint', 'ci-ok']);
    const groups = ciMatrices(out['.lockstep/release-plan.json'] as ReleasePlan);
    expect(groups.rust).toEqual([{
      group: 'solo',
      products: ['solo'],
      os: [RUNNERS.linuxX64, RUNNERS.macosArm64, RUNNERS.windowsX64],
      values: { dir: '.', workspaces: '. -> target', packages: '-p solo', build: 'cargo build --all-targets $PACKAGES', test: 'cargo test $PACKAGES' },
    }]);
  });

  it('GIVEN runners and interpreter versions per product WHEN rendered THEN the matrices follow them, with labels from the pin table', () => {
    const { ci, groups } = exampleWith({
      ci: { products: { 'quill-py': { runners: [CiRunner.LINUX, CiRunner.LINUX_ARM64], pythonVersions: ['3.13'] }, 'quill': { runners: [CiRunner.LINUX] } } },
    });
    expect(settingsOf(ci)).toEqual({ 'quill-py': { runners: ['linux', 'linux-arm64'], pythonVersions: ['3.13'] }, 'quill': { runners: ['linux'] } });
    expect(valuesOf(groups, 'python', 'quill-py')).toMatchObject({ os: [RUNNERS.linuxX64, RUNNERS.linuxArm64], versions: ['3.13'] });
    expect(valuesOf(groups, 'rust', 'quill')!.os).toEqual([RUNNERS.linuxX64]);
    expect(valuesOf(groups, 'rust', 'quill-ask')!.os).toHaveLength(3);
  });

  it('GIVEN build and test commands WHEN rendered THEN they replace the defaults and run from the product directory', () => {
    const { groups } = exampleWith({
      ci: { products: { 'sdk-go': { testCommand: 'go test -race ./...' }, 'quill-wasm': { buildCommand: 'wasm-pack build --release --target nodejs' }, 'quill-ask': { testCommand: 'cargo nextest run' } } },
    });
    expect(valuesOf(groups, 'go', 'sdk-go')!.values).toMatchObject({ test: 'go test -race ./...', dir: 'sdk/go' });
    expect(valuesOf(groups, 'wasm', 'quill-wasm')!.values.build).toBe('wasm-pack build --release --target nodejs');
    // A crate with its own command runs from its directory, in a group of its own.
    expect(valuesOf(groups, 'rust', 'quill-ask')!.values).toEqual({
      dir: 'quill-ask',
      workspaces: '. -> target',
      packages: '-p quill-ask',
      build: 'cargo build --locked --all-targets $PACKAGES',
      test: 'cargo nextest run',
    });
  });

  it('GIVEN a disabled product and msrv/lint turned off WHEN rendered THEN those jobs are gone and ci-ok does not wait for them', () => {
    const { ci, groups } = exampleWith({ ci: { products: { 'quill-desktop': { disabled: true }, 'quill': { msrv: false, lint: false } } } });
    expect(Object.keys(ci.jobs).filter((id) => /tauri|msrv/.test(id))).toEqual([]);
    expect(ci.jobs['ci-ok'].needs).not.toContain('tauri');
    expect(Object.keys(JSON.parse(ci.jobs['ci-ok'].steps.at(-1).env.LOCKSTEP_CI_JOBS))).not.toContain('tauri');
    expect(groups.lint!.flatMap((g) => g.products)).not.toContain('quill');
    // Disabled, a product has no cell even when a change affects it.
    expect(ciMatrices(synthPlan({ 'quill-desktop': { disabled: true } }), { 'quill-desktop': { disabled: true } }, ['quill-desktop'])).toEqual({});
  });

  it('GIVEN shared and ignored paths WHEN rendered THEN lockstep affected receives them through env', () => {
    const { ci } = exampleWith({ ci: { ignorePaths: ['docs', '**/*.md'], sharedPaths: ['fixtures'] } });
    const env = ci.jobs.changes.steps.find((s: any) => s.id === 'affected').env;
    expect(JSON.parse(env.LOCKSTEP_AFFECTED_RULES)).toEqual({ sharedPaths: ['fixtures'], ignorePaths: ['docs', '**/*.md'] });
    expect(env.LOCKSTEP_CI_SETTINGS).toBeUndefined();
  });

  it('GIVEN a release branch named like a release WHEN rendered THEN no job caches anything (zizmor counts its pushes as publishing)', () => {
    const { ci } = exampleWith({ releaseBranch: 'release/stable' });
    const steps = Object.values(ci.jobs).flatMap((j: any) => j.steps);
    expect(steps.filter((s: any) => s.name === 'Cache Cargo')).toEqual([]);
    for (const s of steps.filter((x: any) => x.uses?.startsWith('actions/setup-node@'))) {
      expect(s.with['package-manager-cache']).toBe(false);
      expect(s.with.cache).toBeUndefined();
    }
    expect(ci.on.push).toEqual({ branches: ['release/stable'] });
  });

  it('GIVEN caches on by default WHEN rendered THEN the lockstep jobs cache npm on the root lockfile and Cargo caches save outside PRs', () => {
    const { ci } = exampleWith({});
    expect(ci.jobs.changes.steps.find((s: any) => s.name === 'Set up Node').with).toEqual({ 'node-version': '24', 'cache': 'npm', 'cache-dependency-path': 'package-lock.json' });
    expect(ci.jobs.rust.steps.find((s: any) => s.name === 'Cache Cargo').with).toEqual({ 'workspaces': '${{ matrix.workspaces }}', 'save-if': "${{ github.event_name != 'pull_request' }}" });
    const off = exampleWith({ ci: { caches: false } }).ci;
    expect(Object.values(off.jobs).flatMap((j: any) => j.steps).filter((s: any) => s.name === 'Cache Cargo')).toEqual([]);
  });

  it('GIVEN enabled: false WHEN synthesized THEN no ci.yml is generated', () => {
    // Without a release PR nothing dispatches CI (with one, the repository's own CI must accept a dispatch: own-files.test.ts).
    expect(synthIn(copyExample(), { products: exampleProducts(), ci: { enabled: false }, releasePr: { enabled: false } })[CI]).toBeUndefined();
  });

  it('GIVEN options naming an unknown product WHEN synthesized THEN it fails naming the option and the products', () => {
    expect(() => synthIn(copyExample(), { products: exampleProducts(), ci: { products: { 'quill-python': {} } } }))
      .toThrow(/ci\.products\.quill-python: there is no product named 'quill-python'; products: quill, quill-ffi/);
  });

  it('GIVEN a wasm product on macOS WHEN synthesized THEN it fails: the pinned binaryen is a Linux x64 build', () => {
    expect(() => synthIn(copyExample(), { products: exampleProducts(), ci: { products: { 'quill-wasm': { runners: [CiRunner.MACOS] } } } }))
      .toThrow(/ci\.products\.quill-wasm\.runners: a wasm-pack build runs on Linux x64 only/);
  });

  it('GIVEN a path pattern leaving the repository WHEN synthesized THEN it fails naming the option', () => {
    expect(() => synthIn(copyExample(), { products: exampleProducts(), ci: { ignorePaths: ['../docs'] } })).toThrow(/ci\.ignorePaths: '\.\.\/docs'/);
    // `./` is empty once normalized: refused at synth, not by the `affected` command in CI.
    expect(() => synthIn(copyExample(), { products: exampleProducts(), ci: { sharedPaths: ['./'] } })).toThrow(/ci\.sharedPaths: '\.\/' is not a repository-relative path pattern/);
  });
});

/** The example's plan when synthesized with per-product CI options. */
function synthPlan(products: Record<string, object>): ReleasePlan {
  return synthIn(copyExample(), { products: exampleProducts(), ci: { products } })['.lockstep/release-plan.json'] as ReleasePlan;
}

describe('a generic product', () => {
  it('GIVEN a generic product with a build command WHEN its cell is computed THEN it runs that command from its directory on Linux', () => {
    const dir = writeRepo({ 'Cargo.toml': '[package]\nname = "solo"\nversion = "1.0.0"\nedition = "2021"\nlicense = "MIT"\n', 'src/lib.rs': '' });
    const out = synthIn(dir, { products: [Product.rustCrate({ path: '.' }), Product.generic({ path: 'tools/gen', name: 'gen', buildCommand: 'make all' })] });
    expect(ciMatrices(out['.lockstep/release-plan.json'] as ReleasePlan).build).toEqual([
      { group: 'gen', products: ['gen'], os: [RUNNERS.linuxX64], values: { dir: 'tools/gen', build: 'make all', test: '' } },
    ]);
  });
});

describe('every generated ci.yml passes the workflow gates', () => {
  it('GIVEN the example, a one-crate repository, a generic product, every option and a release-named branch WHEN linted THEN actionlint, GitHub\'s parser and zizmor find nothing', () => {
    const withGeneric = writeRepo({
      'Cargo.toml': '[package]\nname = "solo"\nversion = "1.0.0"\nedition = "2021"\nrust-version = "1.80"\nlicense = "MIT"\n',
      'src/lib.rs': 'pub fn answer() -> u32 {\n    42\n}\n',
      'Cargo.lock': '# This file is automatically @generated by Cargo.\nversion = 4\n\n[[package]]\nname = "solo"\nversion = "1.0.0"\n',
    });
    const rendered = [
      synthIn(copyExample(), { products: exampleProducts() })[CI],
      synthIn(soloCrate(), { products: [Product.rustCrate({ path: '.' })] })[CI],
      synthIn(withGeneric, { products: [Product.rustCrate({ path: '.' }), Product.generic({ path: 'tools/gen', name: 'gen', buildCommand: 'make all' })] })[CI],
      synthIn(copyExample(), {
        products: exampleProducts(),
        ci: {
          ignorePaths: ['docs', '**/*.md'],
          sharedPaths: ['fixtures'],
          products: {
            'quill-py': { runners: [CiRunner.LINUX, CiRunner.MACOS_X64], pythonVersions: ['3.12', '3.13'], testCommand: 'python -m pytest -x tests' },
            'quill-node': { nodeVersions: ['24'], buildCommand: 'npm run build -- --release' },
            'quill-desktop': { testCommand: 'cargo test -p quill-desktop' },
            'quill': { msrv: false },
          },
        },
      })[CI],
      synthIn(copyExample(), { products: exampleProducts(), releaseBranch: 'release/stable' })[CI],
    ];
    expect(Object.keys(parseWorkflow(rendered[2]).jobs)).toEqual(['changes', 'verify', 'rust', 'lint', 'msrv', 'build', 'ci-ok']);
    // Each file in a repository of its own, as zizmor collects .github/workflows per repository.
    const files = rendered.map((text) => {
      expect(typeof text).toBe('string');
      const dir = writeRepo({ [CI]: text });
      return path.join(dir, CI);
    });
    const result = checkWorkflows(files);
    expect(result.checked).toBe(5);
    expect(formatFindings(result.findings)).toBe('');
    // Five syntheses and three external linters: seconds on a shared machine, not the 5 s default.
  }, 120_000);
});
