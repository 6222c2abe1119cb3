import { describe, expect, it } from 'vitest';
import { ACTIONS, RUNNERS, TOOL_VERSIONS } from '../../src/model';
import { exampleProducts } from '../support/example-products';
import { copyExample, parseWorkflow, synthIn } from '../support/fixtures';

const ci = parseWorkflow(synthIn(copyExample(), { products: exampleProducts() })['.github/workflows/ci.yml']);
const jobs = ci.jobs as Record<string, any>;
const job = (id: string) => {
  expect(jobs[id], `job ${id}`).toBeDefined();
  return jobs[id];
};
const step = (id: string, name: string) => {
  const s = job(id).steps.find((x: any) => x.name === name);
  expect(s, `${id}: step '${name}'`).toBeDefined();
  return s;
};
const runs = (id: string) => job(id).steps.filter((s: any) => s.run).map((s: any) => s.run);
const usesOf = (id: string) => job(id).steps.filter((s: any) => s.uses).map((s: any) => s.uses);
const ALL_OS = [RUNNERS.linuxX64, RUNNERS.macosArm64, RUNNERS.windowsX64];

describe('ci.yml of the example monorepo', () => {
  it('T2: GIVEN the example WHEN synthesized THEN it runs on pull requests, merge queue groups, pushes to the release branch and dispatches (release-pr.yml dispatches the release PR\'s CI), never on tags', () => {
    expect(ci.on).toEqual({ pull_request: {}, merge_group: {}, push: { branches: ['main'] }, workflow_dispatch: {} });
  });

  it('GIVEN the example WHEN synthesized THEN superseded runs of a PR are cancelled and other runs never share a group', () => {
    expect(ci.concurrency['cancel-in-progress']).toBe(true);
    expect(ci.concurrency.group).toContain("github.event_name == 'pull_request' && format('pr-{0}', github.event.pull_request.number)");
    expect(ci.concurrency.group).toContain("format('run-{0}', github.run_id)");
  });

  it('GIVEN the example WHEN synthesized THEN every product kind has its jobs, plus changes, verify and ci-ok', () => {
    expect(Object.keys(jobs)).toEqual([
      'changes', 'verify',
      'rust-quill', 'lint-quill', 'msrv-quill',
      'rust-quill-ffi', 'lint-quill-ffi',
      'rust-quill-ask', 'lint-quill-ask',
      'rust-quill-mcp', 'lint-quill-mcp',
      'python-quill-py', 'lint-quill-py',
      'node-quill-node', 'lint-quill-node',
      'wasm-quill-wasm', 'lint-quill-wasm',
      'go-sdk-go', 'tauri-quill-desktop', 'npm-quill-notes', 'ci-ok',
    ]);
  });

  it('S2: GIVEN every job WHEN read THEN the top grants nothing and each job may only read the repository', () => {
    expect(ci.permissions).toEqual({});
    for (const [id, j] of Object.entries(jobs)) expect(j.permissions, id).toEqual({ contents: 'read' });
  });

  it('S3: GIVEN every checkout WHEN read THEN it keeps no credentials, and every action is pinned by SHA from the pin table', () => {
    const pinned = new Set(Object.values(ACTIONS).map((a) => `${a.repo}@${a.sha}`));
    for (const [id, j] of Object.entries(jobs)) {
      for (const s of j.steps.filter((x: any) => x.uses)) {
        expect(pinned.has(s.uses), `${id}: ${s.uses}`).toBe(true);
        if (s.uses.startsWith('actions/checkout@')) expect(s.with['persist-credentials'], id).toBe(false);
      }
    }
  });

  it('S1: GIVEN every run step WHEN read THEN none contains an expression', () => {
    for (const [id, j] of Object.entries(jobs)) for (const s of j.steps) expect(s.run ?? '', `${id}: ${s.name}`).not.toContain('${{');
  });

  it('GIVEN each product job WHEN read THEN it needs the change detection and runs only when its product is affected', () => {
    const conditions = Object.entries(jobs).filter(([id]) => !['changes', 'verify', 'ci-ok'].includes(id)).map(([id, j]) => [id, j.needs, j.if]);
    for (const [id, needs, condition] of conditions) {
      expect(needs, id).toEqual(['changes']);
      expect(condition, id).toMatch(/^contains\(fromJSON\(needs\.changes\.outputs\.products\), '[a-z0-9-]+'\)$/);
    }
    expect(job('go-sdk-go').if).toBe("contains(fromJSON(needs.changes.outputs.products), 'sdk-go')");
  });
});

describe('ci.yml jobs per product kind', () => {
  it('GIVEN a Rust crate WHEN rendered THEN it builds and tests its package on Linux, macOS and Windows with the locked lockfile', () => {
    expect(job('rust-quill').strategy).toEqual({ 'fail-fast': false, 'matrix': { os: ALL_OS } });
    expect(job('rust-quill')['runs-on']).toBe('${{ matrix.os }}');
    expect(job('rust-quill').defaults).toEqual({ run: { shell: 'bash' } });
    expect(runs('rust-quill')).toEqual(['cargo build --locked --all-targets -p quill-engine', 'cargo test --locked -p quill-engine']);
    expect(step('rust-quill', 'Set up Rust').with).toEqual({ toolchain: TOOL_VERSIONS.rust });
    expect(usesOf('rust-quill')).toContain(`${ACTIONS.rustCache.repo}@${ACTIONS.rustCache.sha}`);
  });

  it('GIVEN a Rust crate WHEN rendered THEN its lint job checks formatting, denies clippy warnings and rustdoc warnings', () => {
    expect(job('lint-quill-ask')['runs-on']).toBe(RUNNERS.linuxX64);
    expect(step('lint-quill-ask', 'Set up Rust').with.components).toBe('clippy, rustfmt');
    expect(runs('lint-quill-ask')).toEqual([
      'cargo fmt --check -p quill-ask',
      'cargo clippy --locked --all-targets -p quill-ask -- -D warnings',
      'cargo doc --locked --no-deps -p quill-ask',
    ]);
    expect(step('lint-quill-ask', 'Docs').env).toEqual({ RUSTDOCFLAGS: '-D warnings' });
  });

  it('GIVEN rust-version in a crate WHEN rendered THEN only that crate gets an MSRV job checking with that toolchain', () => {
    expect(step('msrv-quill', 'Set up Rust').with.toolchain).toBe('1.75');
    expect(runs('msrv-quill')).toEqual(['cargo check --locked -p quill-engine']);
    expect(Object.keys(jobs).filter((id) => id.startsWith('msrv-'))).toEqual(['msrv-quill']);
  });

  it('GIVEN a maturin product WHEN rendered THEN it develop-installs with the pinned maturin and runs pytest on OS × Python', () => {
    const j = job('python-quill-py');
    const lines = TOOL_VERSIONS.pythonMatrix;
    expect(j.strategy.matrix).toEqual({ os: ALL_OS, python: [lines[0], lines[lines.length - 1]] });
    expect(step('python-quill-py', 'Set up Python').with).toEqual({ 'python-version': '${{ matrix.python }}' });
    expect(j.env).toEqual({ MATURIN_VERSION: TOOL_VERSIONS.maturin, PYTEST_VERSION: TOOL_VERSIONS.pytest });
    expect(step('python-quill-py', 'Install maturin and pytest').run).toBe('python -m pip install "maturin==$MATURIN_VERSION" "pytest==$PYTEST_VERSION"');
    expect(step('python-quill-py', 'Develop-install')).toMatchObject({ 'run': 'python -m pip install --no-build-isolation --editable .', 'working-directory': 'sdk/python' });
    expect(step('python-quill-py', 'Test')).toMatchObject({ 'run': 'python -m pytest', 'working-directory': 'sdk/python' });
    expect(runs('lint-quill-py')).not.toContain('cargo doc --locked --no-deps -p quill-py');
  });

  it('GIVEN a napi-rs product WHEN rendered THEN it builds the binary and tests on OS × Node, caching npm on the lockfile', () => {
    expect(job('node-quill-node').strategy.matrix).toEqual({ os: ALL_OS, node: ['22', '26'] });
    expect(step('node-quill-node', 'Set up Node').with).toEqual({ 'node-version': '${{ matrix.node }}', 'cache': 'npm', 'cache-dependency-path': 'package-lock.json' });
    expect(step('node-quill-node', 'Install npm dependencies').run).toBe('npm ci --no-audit --no-fund');
    expect(step('node-quill-node', 'Install npm dependencies')['working-directory']).toBeUndefined();
    expect(step('node-quill-node', 'Build the native binary')).toMatchObject({ 'run': 'npm run build', 'working-directory': 'sdk/nodejs' });
    expect(step('node-quill-node', 'Test')).toMatchObject({ 'run': 'npm test', 'working-directory': 'sdk/nodejs' });
  });

  it('S4: GIVEN a wasm-pack product WHEN rendered THEN wasm-pack and binaryen come from the pin table and the tarball is checked before use', () => {
    const j = job('wasm-quill-wasm');
    expect(j['runs-on']).toBe(RUNNERS.linuxX64);
    expect(j.env).toEqual({
      WASM_PACK_VERSION: TOOL_VERSIONS.wasmPack,
      BINARYEN_VERSION: TOOL_VERSIONS.binaryen,
      BINARYEN_SHA256: TOOL_VERSIONS.binaryenSha256,
    });
    const names = j.steps.map((s: any) => s.name);
    expect(names.indexOf('Verify binaryen')).toBe(names.indexOf('Download binaryen') + 1);
    expect(names.indexOf('Unpack binaryen')).toBeGreaterThan(names.indexOf('Verify binaryen'));
    expect(names.indexOf('Build')).toBeGreaterThan(names.indexOf('Put wasm-opt on PATH'));
    expect(step('wasm-quill-wasm', 'Verify binaryen').run).toBe('echo "$BINARYEN_SHA256  $RUNNER_TEMP/binaryen.tar.gz" | sha256sum --check --strict');
    expect(step('wasm-quill-wasm', 'Install wasm-pack').run).toBe('cargo install wasm-pack --locked --version "$WASM_PACK_VERSION"');
    expect(step('wasm-quill-wasm', 'Build')).toMatchObject({ 'run': 'wasm-pack build --release --target web', 'working-directory': 'sdk/wasm' });
    expect(step('wasm-quill-wasm', 'Report the .wasm size').run).toMatch(/pkg\/\*\.wasm >> "\$GITHUB_STEP_SUMMARY"$/);
    expect(step('wasm-quill-wasm', 'Cache Cargo').with.workspaces).toBe('sdk/wasm -> target');
  });

  it('GIVEN a Go module WHEN rendered THEN it builds the C FFI library first, then go test on Linux and macOS', () => {
    const j = job('go-sdk-go');
    expect(j.strategy.matrix).toEqual({ os: [RUNNERS.linuxX64, RUNNERS.macosArm64] });
    expect(runs('go-sdk-go')).toEqual(['cargo build --locked --release -p quill-ffi', 'go build ./...', 'go test ./...']);
    expect(step('go-sdk-go', 'Set up Go').with).toEqual({ 'go-version': TOOL_VERSIONS.go, 'cache': false });
    expect(j.env).toEqual({ CGO_ENABLED: '1' });
  });

  it('GIVEN a Tauri app WHEN rendered THEN Linux installs the webview libraries and every OS builds the app', () => {
    const j = job('tauri-quill-desktop');
    expect(j.strategy.matrix.os).toEqual(ALL_OS);
    expect(step('tauri-quill-desktop', 'Install system dependencies')).toMatchObject({ if: "runner.os == 'Linux'" });
    expect(step('tauri-quill-desktop', 'Install system dependencies').run).toContain('libwebkit2gtk-4.1-dev');
    expect(step('tauri-quill-desktop', 'Build')).toMatchObject({ 'run': 'npx --no-install tauri build --no-bundle', 'working-directory': 'desktop' });
  });

  it('GIVEN an npm package depending on a napi-rs product WHEN rendered THEN the native binary is built before its tests', () => {
    expect(runs('npm-quill-notes')).toEqual(['npm ci --no-audit --no-fund', 'npm run build', 'npm run build --if-present', 'npm run test --if-present']);
    expect(step('npm-quill-notes', 'Build quill-node')['working-directory']).toBe('sdk/nodejs');
  });
});

describe('ci.yml change detection and the required check', () => {
  it('GIVEN the changes job WHEN read THEN it fetches the whole history and runs lockstep affected with the PR\'s, merge group\'s or push\'s base through env', () => {
    const j = job('changes');
    expect(step('changes', 'Check out').with).toEqual({ 'persist-credentials': false, 'fetch-depth': 0 });
    expect(step('changes', 'Find the affected products')).toMatchObject({
      id: 'affected',
      run: 'npx --no-install lockstep affected',
      env: { BASE_SHA: '${{ github.event.pull_request.base.sha || github.event.merge_group.base_sha || github.event.before }}' },
    });
    expect(j.outputs).toEqual({
      products: '${{ steps.affected.outputs.products }}',
      all: '${{ steps.affected.outputs.all }}',
      kinds: '${{ steps.affected.outputs.kinds }}',
    });
  });

  it('GIVEN the verify job WHEN read THEN it runs lockstep verify and, even when that failed, the drift check on every change', () => {
    expect(job('verify').if).toBeUndefined();
    expect(runs('verify')).toEqual(expect.arrayContaining(['npx --no-install lockstep verify', 'npx --no-install lockstep drift']));
    expect(step('verify', 'Check the generated files are up to date').if).toBe('!cancelled()');
  });

  it('GIVEN ci-ok WHEN read THEN it always runs after every other job and hands needs and the job map to lockstep ci-result', () => {
    const j = job(('ci-ok'));
    const others = Object.keys(jobs).filter((id) => id !== 'ci-ok');
    expect(j.needs).toEqual(others);
    expect(j.if).toBe('always()');
    expect(j.name).toBeUndefined();
    const decide = step('ci-ok', 'Decide the CI result');
    expect(decide.run).toBe('npx --no-install lockstep ci-result');
    expect(decide.env.NEEDS).toBe('${{ toJSON(needs) }}');
    const map = JSON.parse(decide.env.LOCKSTEP_CI_JOBS);
    expect(Object.keys(map)).toEqual(others);
    expect(map).toMatchObject({ 'changes': '', 'verify': '', 'msrv-quill': 'quill', 'go-sdk-go': 'sdk-go' });
  });
});
