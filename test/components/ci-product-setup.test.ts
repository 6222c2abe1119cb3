import { describe, expect, it } from 'vitest';
import { generatedWorkflowFiles } from './release-publish-support';
import { Product } from '../../src';
import { ACTIONS, ReleasePlan, ciMatrices, expandMatrix, githubMatrix } from '../../src/model';
import { exampleProducts } from '../support/example-products';
import { copyExample, parseWorkflow, synthIn } from '../support/fixtures';
import { checkWorkflows, formatFindings } from '../support/workflow-gates';

// Issue 17: a product's setup in ci.yml: its cells carry what it asks for, the jobs set it up.

const uses = (name: keyof typeof ACTIONS) => `${ACTIONS[name].repo}@${ACTIONS[name].sha}`;

function products(): Product[] {
  return exampleProducts().map((p) => {
    if (p.name === 'quill') return Product.rustCrate({ path: '.', name: 'quill', setup: { protoc: '29.3', aptPackages: ['libssl-dev', 'pkg-config'], rustComponents: ['rust-src'], rustTargets: ['wasm32-wasip1'] } });
    if (p.name === 'quill-py') return Product.maturin({ path: 'sdk/python', name: 'quill-py', setup: { aptPackages: ['libffi-dev'] } });
    return p;
  });
}

describe('ci.yml: a product\'s setup (issue 17)', () => {
  const out = synthIn(copyExample(), { products: products() });
  const ci = parseWorkflow(out['.github/workflows/ci.yml']);
  const plan = out['.lockstep/release-plan.json'] as ReleasePlan;
  const cellsOf = (job: 'rust' | 'python' | 'lint' | 'go') => expandMatrix(githubMatrix(job, ciMatrices(plan)[job]!));

  it('GIVEN a crate with setup WHEN lockstep affected builds the matrices THEN its cells carry its setup and the other products\' cells carry empty values', () => {
    const rust = cellsOf('rust');
    const quill = rust.filter((c) => c.group === 'quill');
    expect(quill.length).toBeGreaterThan(0);
    for (const c of quill) {
      expect(c).toMatchObject({ 'setup-apt': 'libssl-dev pkg-config', 'setup-protoc': '29.3', 'setup-pnpm': '', 'setup-rust-components': 'rust-src', 'setup-rust-targets': 'wasm32-wasip1' });
    }
    for (const c of rust.filter((x) => x.group !== 'quill')) expect(c).toMatchObject({ 'setup-apt': '', 'setup-protoc': '', 'setup-rust-components': '', 'setup-rust-targets': '' });
    expect(cellsOf('python').filter((c) => c.group === 'quill-py').every((c) => c['setup-apt'] === 'libffi-dev')).toBe(true);
  });

  it('GIVEN that setup WHEN ci.yml is rendered THEN the rust job installs the packages on Linux, sets up protoc with the pinned action, and adds the component and target after its toolchain, each only in the cells asking for it', () => {
    const steps: any[] = ci.jobs.rust.steps;
    const names = steps.map((s) => s.name);
    expect(steps.find((s) => s.name === 'Install system packages (setup.aptPackages)')).toEqual({
      name: 'Install system packages (setup.aptPackages)',
      if: "runner.os == 'Linux' && matrix.setup-apt != ''",
      run: 'echo "$APT_PACKAGES" | xargs sudo apt-get install --yes --no-install-recommends',
      env: { APT_PACKAGES: '${{ matrix.setup-apt }}' },
    });
    expect(steps.find((s) => s.uses === uses('setupProtoc'))).toMatchObject({ if: "matrix.setup-protoc != ''", with: { 'version': '${{ matrix.setup-protoc }}', 'repo-token': '${{ github.token }}' } });
    expect(names.indexOf('Add Rust components (setup.rustComponents)')).toBe(steps.findIndex((s) => s.uses === uses('rustToolchain')) + 1);
    expect(names).toContain('Add Rust targets (setup.rustTargets)');
    expect(names.indexOf('Refresh the apt index (setup.aptPackages)')).toBe(steps.findIndex((s) => s.uses === uses('checkout')) + 1);
    expect(names.indexOf('Build')).toBeGreaterThan(names.indexOf('Add Rust targets (setup.rustTargets)'));
  });

  it('GIVEN only apt packages on the Python product WHEN rendered THEN the python job installs them, and renders no step for what no cell of it asks for', () => {
    const names = ci.jobs.python.steps.map((s: any) => s.name);
    expect(names).toContain('Install system packages (setup.aptPackages)');
    expect(names.filter((n: string) => /setup\.(protoc|pnpm|rust)/.test(n))).toEqual([]);
  });

  it('GIVEN no product of a job with setup WHEN rendered THEN the job has no setup step (the go job, the verify job)', () => {
    for (const job of ['go', 'verify', 'changes', 'ci-ok']) expect(ci.jobs[job].steps.filter((s: any) => /\(setup\./.test(s.name)), job).toEqual([]);
  });

  it('GIVEN no product with setup WHEN rendered THEN no cell carries setup keys and ci.yml is as before', () => {
    const plain = synthIn(copyExample(), { products: exampleProducts() });
    const plainPlan = plain['.lockstep/release-plan.json'] as ReleasePlan;
    expect(Object.keys(ciMatrices(plainPlan).rust![0].values).filter((k) => k.startsWith('setup-'))).toEqual([]);
  });

  it('GIVEN the configuration WHEN its workflows are judged by actionlint, GitHub\'s parser, zizmor and shellcheck THEN they report nothing', () => {
    const { findings } = checkWorkflows(generatedWorkflowFiles(out));
    expect(findings, formatFindings(findings)).toEqual([]);
  });
});
