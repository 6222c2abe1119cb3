import { describe, expect, it } from 'vitest';
import { ACTIONS, CiGroup, CiMatrixJob, RUNNERS, ReleasePlan, TOOL_VERSIONS, ciMatrices, expandMatrix, githubMatrix } from '../../src/model';
import { exampleProducts } from '../support/example-products';
import { copyExample, parseWorkflow, synthIn } from '../support/fixtures';

const out = synthIn(copyExample(), { products: exampleProducts() });
const ci = parseWorkflow(out['.github/workflows/ci.yml']);
const plan = out['.lockstep/release-plan.json'] as ReleasePlan;
/** Every job's groups when every product is affected (what a dispatch or a release PR runs). */
const full = ciMatrices(plan);
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
/** The group of a product in a job, when every product is affected. */
const group = (j: CiMatrixJob, product: string): CiGroup => {
  const g = full[j]?.find((x) => x.products.includes(product));
  expect(g, `${j}: group of ${product}`).toBeDefined();
  return g!;
};
/** The command a step runs in a product's cell: the step's `COMMAND`, which is `matrix.<key>`. */
const command = (j: CiMatrixJob, name: string, product: string): string => {
  const key = /^\$\{\{ matrix\.([a-z-]+) \}\}$/.exec(step(j, name).env.COMMAND)?.[1];
  expect(key, `${j}: ${name} runs a matrix value`).toBeDefined();
  return group(j, product).values[key!];
};
const ALL_OS = [RUNNERS.linuxX64, RUNNERS.macosArm64, RUNNERS.windowsX64];
const MATRIX_JOBS = ['rust', 'lint', 'msrv', 'python', 'node', 'wasm', 'go', 'tauri', 'npm'];

describe('ci.yml of the example monorepo', () => {
  it('T2: GIVEN the example WHEN synthesized THEN it runs on pull requests, merge queue groups, pushes to the release branch and dispatches (release-pr.yml dispatches the release PR\'s CI), never on tags', () => {
    expect(ci.on).toEqual({ pull_request: {}, merge_group: {}, push: { branches: ['main'] }, workflow_dispatch: {} });
  });

  it('GIVEN the example WHEN synthesized THEN superseded runs of a PR are cancelled and other runs never share a group', () => {
    expect(ci.concurrency['cancel-in-progress']).toBe(true);
    expect(ci.concurrency.group).toContain("github.event_name == 'pull_request' && format('pr-{0}', github.event.pull_request.number)");
    expect(ci.concurrency.group).toContain("format('run-{0}', github.run_id)");
  });

  it('GIVEN the example WHEN synthesized THEN there is one job per kind of work its products have, plus changes, verify and ci-ok', () => {
    expect(Object.keys(jobs)).toEqual(['changes', 'verify', ...MATRIX_JOBS, 'ci-ok']);
    // No generic product with a build command: no `build` job.
    expect(full.build).toBeUndefined();
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

  it('S1: GIVEN every run step WHEN read THEN none contains an expression: matrix values reach scripts through env', () => {
    for (const [id, j] of Object.entries(jobs)) for (const s of j.steps) expect(s.run ?? '', `${id}: ${s.name}`).not.toContain('${{');
    expect(step('rust', 'Build')).toMatchObject({ 'run': 'eval "$COMMAND"', 'env': { COMMAND: '${{ matrix.build }}' }, 'working-directory': '${{ matrix.dir }}' });
  });

  it('GIVEN each matrix job WHEN read THEN it needs the change detection, runs when that gave it cells and takes its matrix from it', () => {
    for (const id of MATRIX_JOBS) {
      expect(job(id).needs, id).toEqual(['changes']);
      expect(job(id).if, id).toBe(`contains(fromJSON(needs.changes.outputs.jobs), '${id}')`);
      expect(job(id).strategy, id).toEqual({ 'fail-fast': false, 'matrix': `\${{ fromJSON(needs.changes.outputs.${id}-matrix) }}` });
      expect(job(id)['runs-on'], id).toBe('${{ matrix.os }}');
      expect(job(id).defaults, id).toEqual({ run: { shell: 'bash' } });
    }
  });

  it('GIVEN every product affected WHEN each job\'s matrix is expanded as GitHub does THEN each product runs on each of its legs, in a group of its own at this size', () => {
    const cells = Object.fromEntries(Object.entries(full).map(([j, groups]) => [j, expandMatrix(githubMatrix(j as CiMatrixJob, groups))]));
    expect(cells.rust.map((c) => `${c.group} ${c.os}`)).toEqual(['quill', 'quill-ffi', 'quill-ask', 'quill-mcp'].flatMap((p) => ALL_OS.map((os) => `${p} ${os}`)));
    expect(cells.python.map((c) => `${c.os} ${c.python}`)).toEqual(ALL_OS.flatMap((os) => [`${os} 3.11`, `${os} 3.14`]));
    expect(cells.go.map((c) => c.os)).toEqual([RUNNERS.linuxX64, RUNNERS.macosArm64]);
    expect(cells.msrv.map((c) => c.group)).toEqual(['quill']);
    expect(cells.lint.map((c) => c.group)).toEqual(['quill', 'quill-ffi', 'quill-ask', 'quill-mcp', 'quill-py', 'quill-node', 'quill-wasm']);
    for (const c of Object.values(cells).flat()) expect(c.dir, JSON.stringify(c)).toBeDefined();
  });
});

describe('ci.yml jobs per product kind', () => {
  it('GIVEN a Rust crate WHEN rendered THEN it builds and tests its package on Linux, macOS and Windows with the locked lockfile', () => {
    expect(group('rust', 'quill').os).toEqual(ALL_OS);
    expect(command('rust', 'Build', 'quill')).toBe('cargo build --locked --all-targets $PACKAGES');
    expect(command('rust', 'Test', 'quill')).toBe('cargo test --locked $PACKAGES');
    // The group's packages once; the job hands them to every step.
    expect(group('rust', 'quill').values.packages).toBe('-p quill-engine');
    expect(job('rust').env).toEqual({ PACKAGES: '${{ matrix.packages }}' });
    expect(step('rust', 'Set up Rust').with).toEqual({ toolchain: TOOL_VERSIONS.rust });
    expect(step('rust', 'Cache Cargo')).toMatchObject({ uses: `${ACTIONS.rustCache.repo}@${ACTIONS.rustCache.sha}`, with: { workspaces: '${{ matrix.workspaces }}' } });
    expect(group('rust', 'quill').values.workspaces).toBe('. -> target');
  });

  it('GIVEN a Rust crate WHEN rendered THEN its lint cell checks formatting, denies clippy warnings and rustdoc warnings, on Linux', () => {
    expect(group('lint', 'quill-ask').os).toEqual([RUNNERS.linuxX64]);
    expect(step('lint', 'Set up Rust').with).toMatchObject({ components: 'clippy, rustfmt', targets: '${{ matrix.targets }}' });
    expect(group('lint', 'quill-ask').values.packages).toBe('-p quill-ask');
    expect(command('lint', 'Check formatting', 'quill-ask')).toBe('cargo fmt --check $PACKAGES');
    expect(command('lint', 'Clippy', 'quill-ask')).toBe('cargo clippy --locked --all-targets $PACKAGES -- -D warnings');
    expect(command('lint', 'Docs', 'quill-ask')).toBe('cargo doc --locked --no-deps $PACKAGES');
    expect(step('lint', 'Docs')).toMatchObject({ if: "matrix.doc != ''", env: { RUSTDOCFLAGS: '-D warnings' } });
    // A maturin crate is linted without docs; a WASM crate for the target it ships to.
    expect(command('lint', 'Docs', 'quill-py')).toBe('');
    expect(group('lint', 'quill-wasm').values.targets).toBe('wasm32-unknown-unknown');
    expect(command('lint', 'Clippy', 'quill-wasm')).toBe('cargo clippy --locked --all-targets --target wasm32-unknown-unknown $PACKAGES -- -D warnings');
  });

  it('GIVEN rust-version in a crate WHEN rendered THEN only that crate gets an MSRV cell checking with that toolchain', () => {
    expect(step('msrv', 'Set up Rust').with.toolchain).toBe('${{ matrix.toolchain }}');
    expect(group('msrv', 'quill').values.toolchain).toBe('1.75');
    expect(command('msrv', 'Check with the MSRV', 'quill')).toBe('cargo check --locked $PACKAGES');
    expect(group('msrv', 'quill').values.packages).toBe('-p quill-engine');
    expect(full.msrv!.flatMap((g) => g.products)).toEqual(['quill']);
  });

  it('GIVEN a maturin product WHEN rendered THEN it develop-installs with the pinned maturin and runs pytest on OS × Python', () => {
    const lines = TOOL_VERSIONS.pythonMatrix;
    expect(group('python', 'quill-py')).toMatchObject({ os: ALL_OS, versions: [lines[0], lines[lines.length - 1]] });
    expect(step('python', 'Set up Python').with).toEqual({ 'python-version': '${{ matrix.python }}' });
    expect(job('python').env).toEqual({ MATURIN_VERSION: TOOL_VERSIONS.maturin, PYTEST_VERSION: TOOL_VERSIONS.pytest });
    expect(step('python', 'Install maturin and pytest').run).toBe('python -m pip install "maturin==$MATURIN_VERSION" "pytest==$PYTEST_VERSION"');
    expect(command('python', 'Develop-install', 'quill-py')).toBe('python -m pip install --no-build-isolation --editable .');
    expect(command('python', 'Test', 'quill-py')).toBe('python -m pytest');
    expect(group('python', 'quill-py').values.dir).toBe('sdk/python');
  });

  it('GIVEN a napi-rs product WHEN rendered THEN it builds the binary and tests on OS × Node, caching npm on the lockfile', () => {
    expect(group('node', 'quill-node')).toMatchObject({ os: ALL_OS, versions: ['22', '26'] });
    expect(step('node', 'Set up Node').with).toEqual({
      'node-version': '${{ matrix.node }}',
      'cache': "${{ matrix.lockfile != '' && 'npm' || '' }}",
      'cache-dependency-path': '${{ matrix.lockfile }}',
      'package-manager-cache': false,
    });
    expect(group('node', 'quill-node').values).toMatchObject({ 'lockfile': 'package-lock.json', 'install-dir': '.', 'dir': 'sdk/nodejs' });
    expect(command('node', 'Install npm dependencies', 'quill-node')).toBe('npm ci --no-audit --no-fund');
    expect(step('node', 'Install npm dependencies')['working-directory']).toBe('${{ matrix.install-dir }}');
    expect(command('node', 'Build the native binary', 'quill-node')).toBe('npm run build');
    expect(command('node', 'Test', 'quill-node')).toBe('npm test');
  });

  it('S4: GIVEN a wasm-pack product WHEN rendered THEN wasm-pack and binaryen come from the pin table and the tarball is checked before use', () => {
    const j = job('wasm');
    expect(group('wasm', 'quill-wasm').os).toEqual([RUNNERS.linuxX64]);
    expect(j.env).toEqual({
      WASM_PACK_VERSION: TOOL_VERSIONS.wasmPack,
      BINARYEN_VERSION: TOOL_VERSIONS.binaryen,
      BINARYEN_SHA256: TOOL_VERSIONS.binaryenSha256,
    });
    const names = j.steps.map((s: any) => s.name);
    expect(names.indexOf('Verify binaryen')).toBe(names.indexOf('Download binaryen') + 1);
    expect(names.indexOf('Unpack binaryen')).toBeGreaterThan(names.indexOf('Verify binaryen'));
    expect(names.indexOf('Build')).toBeGreaterThan(names.indexOf('Put wasm-opt on PATH'));
    expect(step('wasm', 'Verify binaryen').run).toBe('echo "$BINARYEN_SHA256  $RUNNER_TEMP/binaryen.tar.gz" | sha256sum --check --strict');
    expect(step('wasm', 'Install wasm-pack').run).toBe('cargo install wasm-pack --locked --version "$WASM_PACK_VERSION"');
    // The example declares no target: CI builds wasm-pack's default, bundler, as the release does.
    expect(command('wasm', 'Build', 'quill-wasm')).toBe('wasm-pack build --release --target bundler');
    expect(step('wasm', 'Report the .wasm size')).toMatchObject({ env: { PRODUCT: '${{ matrix.product }}' }, run: expect.stringMatching(/pkg\/\*\.wasm >> "\$GITHUB_STEP_SUMMARY"$/) });
    expect(group('wasm', 'quill-wasm').values).toMatchObject({ product: 'quill-wasm', dir: 'sdk/wasm', workspaces: 'sdk/wasm -> target', test: '' });
  });

  it('GIVEN a Go module WHEN rendered THEN it builds the C FFI library first, then go test on Linux and macOS', () => {
    expect(group('go', 'sdk-go').os).toEqual([RUNNERS.linuxX64, RUNNERS.macosArm64]);
    expect(command('go', 'Build the C libraries', 'sdk-go')).toBe('cargo build --locked --release --manifest-path Cargo.toml -p quill-ffi');
    expect(step('go', 'Build the C libraries')['working-directory']).toBeUndefined();
    expect(command('go', 'Build', 'sdk-go')).toBe('go build ./...');
    expect(command('go', 'Test', 'sdk-go')).toBe('go test ./...');
    expect(step('go', 'Set up Go').with).toEqual({ 'go-version': TOOL_VERSIONS.go, 'cache': "${{ matrix.go-sum != '' }}", 'cache-dependency-path': '${{ matrix.go-sum }}' });
    expect(group('go', 'sdk-go').values['go-sum']).toBe('');
    expect(job('go').env).toEqual({ CGO_ENABLED: '1' });
  });

  it('GIVEN a Tauri app WHEN rendered THEN Linux installs the webview libraries and every OS builds the app', () => {
    expect(group('tauri', 'quill-desktop').os).toEqual(ALL_OS);
    expect(step('tauri', 'Install system dependencies')).toMatchObject({ if: "runner.os == 'Linux'" });
    expect(step('tauri', 'Install system dependencies').run).toContain('libwebkit2gtk-4.1-dev');
    expect(command('tauri', 'Build', 'quill-desktop')).toBe('npx --no-install tauri build --no-bundle');
    expect(group('tauri', 'quill-desktop').values['build-dir']).toBe('desktop');
  });

  it('GIVEN an npm package depending on a napi-rs product WHEN rendered THEN the native binary is built before its tests', () => {
    const names = job('npm').steps.map((s: any) => s.name);
    expect(names.indexOf('Build the napi-rs dependencies')).toBeLessThan(names.indexOf('Build'));
    expect(command('npm', 'Install npm dependencies', 'quill-notes')).toBe('npm ci --no-audit --no-fund');
    expect(command('npm', 'Build the napi-rs dependencies', 'quill-notes')).toBe('(cd sdk/nodejs && npm run build)');
    expect(command('npm', 'Build', 'quill-notes')).toBe('npm run build --if-present');
    expect(command('npm', 'Test', 'quill-notes')).toBe('npm run test --if-present');
    expect(group('npm', 'quill-notes').values.dir).toBe('examples/notes');
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
      all: '${{ steps.affected.outputs.all }}',
      kinds: '${{ steps.affected.outputs.kinds }}',
      jobs: '${{ steps.affected.outputs.jobs }}',
      ...Object.fromEntries(MATRIX_JOBS.map((m) => [`${m}-matrix`, `\${{ steps.affected.outputs.${m}-matrix }}`])),
    });
  });

  it('GIVEN the verify job WHEN read THEN it runs lockstep verify and, even when that failed, the drift check on every change', () => {
    expect(job('verify').if).toBeUndefined();
    const runs = job('verify').steps.filter((s: any) => s.run).map((s: any) => s.run);
    expect(runs).toEqual(expect.arrayContaining(['npx --no-install lockstep verify', 'npx --no-install lockstep drift']));
    expect(step('verify', 'Check the generated files are up to date').if).toBe('!cancelled()');
  });

  it('GIVEN ci-ok WHEN read THEN it always runs after every other job and hands each result and the job map to lockstep ci-result', () => {
    const j = job('ci-ok');
    const others = Object.keys(jobs).filter((id) => id !== 'ci-ok');
    expect(j.needs).toEqual(others);
    expect(j.if).toBe('always()');
    expect(j.name).toBeUndefined();
    const decide = step('ci-ok', 'Decide the CI result');
    expect(decide.run).toBe('npx --no-install lockstep ci-result');
    const map = JSON.parse(decide.env.LOCKSTEP_CI_JOBS);
    expect(map).toEqual({ changes: '', verify: '', ...Object.fromEntries(MATRIX_JOBS.map((m) => [m, m])) });
    // NEEDS is toJSON(needs) without the matrices: each result and the list of jobs that had cells.
    expect(decide.env.NEEDS).toContain('"changes":{"result":"${{ needs.changes.result }}","outputs":{"jobs":${{ toJSON(needs.changes.outputs.jobs) }}}}');
    for (const id of others.filter((o) => o !== 'changes')) expect(decide.env.NEEDS).toContain(`"${id}":{"result":"\${{ needs.${id}.result }}"}`);
  });
});
