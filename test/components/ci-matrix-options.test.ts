import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { CiRunner, LockstepReleaseProjectOptions, Product } from '../../src';
import { RUNNERS } from '../../src/model';
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

function exampleWith(options: Partial<LockstepReleaseProjectOptions>): { dir: string; ci: any } {
  const dir = copyExample();
  const out = synthIn(dir, { products: exampleProducts(), ...options });
  return { dir, ci: parseWorkflow(out[CI]) };
}

describe('CiMatrix options', () => {
  it('GIVEN a crate without a lockfile WHEN rendered THEN cargo runs without --locked and no MSRV job exists', () => {
    const ci = parseWorkflow(synthIn(soloCrate(), { products: [Product.rustCrate({ path: '.' })] })[CI]);
    expect(Object.keys(ci.jobs)).toEqual(['changes', 'verify', 'rust-solo', 'lint-solo', 'ci-ok']);
    expect(ci.jobs['rust-solo'].steps.filter((s: any) => s.run).map((s: any) => s.run)).toEqual(['cargo build --all-targets -p solo', 'cargo test -p solo']);
  });

  it('GIVEN runners and interpreter versions per product WHEN rendered THEN the matrices follow them, with labels from the pin table', () => {
    const { ci } = exampleWith({
      ci: { products: { 'quill-py': { runners: [CiRunner.LINUX, CiRunner.LINUX_ARM64], pythonVersions: ['3.13'] }, 'quill': { runners: [CiRunner.LINUX] } } },
    });
    expect(ci.jobs['python-quill-py'].strategy.matrix).toEqual({ os: [RUNNERS.linuxX64, RUNNERS.linuxArm64], python: ['3.13'] });
    expect(ci.jobs['rust-quill'].strategy).toBeUndefined();
    expect(ci.jobs['rust-quill']['runs-on']).toBe(RUNNERS.linuxX64);
  });

  it('GIVEN build and test commands WHEN rendered THEN they replace the defaults and run from the product directory', () => {
    const { ci } = exampleWith({ ci: { products: { 'sdk-go': { testCommand: 'go test -race ./...' }, 'quill-wasm': { buildCommand: 'wasm-pack build --release --target bundler' } } } });
    expect(ci.jobs['go-sdk-go'].steps.find((s: any) => s.name === 'Test')).toMatchObject({ 'run': 'go test -race ./...', 'working-directory': 'sdk/go' });
    expect(ci.jobs['wasm-quill-wasm'].steps.find((s: any) => s.name === 'Build').run).toBe('wasm-pack build --release --target bundler');
  });

  it('GIVEN a disabled product and msrv/lint turned off WHEN rendered THEN those jobs are gone and ci-ok does not wait for them', () => {
    const { ci } = exampleWith({ ci: { products: { 'quill-desktop': { disabled: true }, 'quill': { msrv: false, lint: false } } } });
    expect(Object.keys(ci.jobs).filter((id) => /desktop|^msrv-|^lint-quill$/.test(id))).toEqual([]);
    expect(ci.jobs['ci-ok'].needs).not.toContain('tauri-quill-desktop');
    expect(Object.keys(JSON.parse(ci.jobs['ci-ok'].steps.at(-1).env.LOCKSTEP_CI_JOBS))).not.toContain('tauri-quill-desktop');
  });

  it('GIVEN shared and ignored paths WHEN rendered THEN lockstep affected receives them through env', () => {
    const { ci } = exampleWith({ ci: { ignorePaths: ['docs', '**/*.md'], sharedPaths: ['fixtures'] } });
    const env = ci.jobs.changes.steps.find((s: any) => s.id === 'affected').env;
    expect(JSON.parse(env.LOCKSTEP_AFFECTED_RULES)).toEqual({ sharedPaths: ['fixtures'], ignorePaths: ['docs', '**/*.md'] });
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
    expect(ci.jobs['rust-quill'].steps.find((s: any) => s.name === 'Cache Cargo').with).toEqual({ 'save-if': "${{ github.event_name != 'pull_request' }}" });
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
    expect(parseWorkflow(rendered[2]).jobs['build-gen'].steps.at(-1)).toMatchObject({ 'run': 'make all', 'working-directory': 'tools/gen' });
    expect(Object.keys(parseWorkflow(rendered[2]).jobs)).toContain('msrv-solo');
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
