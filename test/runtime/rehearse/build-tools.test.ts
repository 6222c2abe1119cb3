import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { BuildTools, cargoInstall, cargoInstallEquivalent, githubDownload, githubDownloadEquivalent, readsNotFetched, seedInstalled, stepEquivalent, wasmPackEquivalent } from '../../../src/runtime/rehearse/build-tools';
import { parseWorkflow } from '../../../src/runtime/rehearse/workflow';
import { SpawnExec } from '../../../src/runtime/release/real-deps';
import { EXAMPLE_DIR, REPO_ROOT, tempDir, writeRepo } from '../../support/fixtures';

/**
 * The local equivalents of `run:` steps that fetch or build tools (build-tools.ts), against the tools
 * `.ci/install-wasm-tools.sh` installs (Debian's wasm-opt, the cached wasm-pack and wasm-bindgen-cli builds)
 * and the steps the example's generated release.yml gives its wasm-pack build job.
 */

const CARGO_INSTALLS = path.join(REPO_ROOT, '.tools', 'cargo-install');
const exec = new SpawnExec(process.env, REPO_ROOT);

function wasmJobSteps(): Array<{ name: string; run?: string; env: Readonly<Record<string, string>> }> {
  const workflow = parseWorkflow(fs.readFileSync(path.join(EXAMPLE_DIR, '.github/workflows/release.yml'), 'utf8'), 'release.yml');
  const job = workflow.jobs.find((j) => j.id === 'build-quill-wasm')!;
  return job.steps.map((s) => ({ name: s.name, run: s.run, env: { ...job.env, ...s.env } }));
}

function runOf(name: string): string {
  return wasmJobSteps().find((s) => s.name === name)!.run!;
}

/** The `.ci` build of CRATE-VERSION: a test that needs it fails naming the script that makes it. */
function ciBuilt(crate: string, version: string): void {
  const root = path.join(CARGO_INSTALLS, `${crate}-${version}`);
  if (!fs.existsSync(path.join(root, '.crates2.json')) || !fs.existsSync(path.join(root, '.crates.toml'))) {
    throw new Error(`${root} is missing: run \`bash .ci/install-wasm-tools.sh\` once on this machine`);
  }
}

function toolsIn(dir: string, searchPath = process.env.PATH ?? ''): BuildTools {
  return { cargoInstalls: CARGO_INSTALLS, jobBin: path.join(dir, 'local-tools'), path: searchPath, exec };
}

/** The version the example's wasm crate locks wasm-bindgen at. */
function exampleWasmBindgen(): string {
  const lock = fs.readFileSync(path.join(EXAMPLE_DIR, 'sdk/wasm/Cargo.lock'), 'utf8');
  return /name = "wasm-bindgen"\nversion = "([^"]+)"/.exec(lock)![1];
}

describe('a GitHub release download in a rehearsal job', () => {
  it('GIVEN the example\'s binaryen download WHEN read THEN it names WebAssembly/binaryen and the file it writes, as the script spells it', () => {
    expect(githubDownload(runOf('Download binaryen'))).toEqual({ repo: 'WebAssembly/binaryen', output: '$RUNNER_TEMP/binaryen.tar.gz' });
    expect(githubDownload('curl -fsSL https://example.com/x.tar.gz -o x.tar.gz')).toBeUndefined();
    expect(githubDownload('echo https://github.com/o/r/releases/download/v1/x.tgz')).toBeUndefined();
  });

  it('GIVEN binaryen WHEN its equivalent is made THEN this machine\'s wasm-opt is linked into the job\'s bin, first on its PATH, named with its version, and the download is not run', async () => {
    const dir = tempDir('lockstep-build-tools-');
    const eq = (await githubDownloadEquivalent({ repo: 'WebAssembly/binaryen', output: '$RUNNER_TEMP/binaryen.tar.gz' }, toolsIn(dir)))!;
    const wasmOpt = path.join(dir, 'local-tools', 'wasm-opt');
    const version = (await exec.run(wasmOpt, ['--version'])).stdout.trim();
    expect(version).toMatch(/^wasm-opt version \d+/);
    expect(eq).toMatchObject({ run: false, jobPath: [path.join(dir, 'local-tools')], notFetched: '$RUNNER_TEMP/binaryen.tar.gz' });
    expect(eq.note).toBe(`not run: this machine's wasm-opt (${version}, ${fs.realpathSync(wasmOpt)}) from Debian's binaryen package (.ci/install-wasm-tools.sh), put on the job's PATH instead`);
    expect(eq.notRehearsable).toContain('downloading WebAssembly/binaryen\'s release from GitHub (a rehearsal does not reach GitHub), and the steps that read the download');
    expect(eq.failure).toBeUndefined();
  });

  it('GIVEN a machine without wasm-opt WHEN the binaryen download comes THEN the step fails naming what to install, without a stack trace', async () => {
    const dir = tempDir('lockstep-build-tools-');
    const eq = (await githubDownloadEquivalent({ repo: 'WebAssembly/binaryen' }, toolsIn(dir, path.join(dir, 'empty'))))!;
    expect(eq).toMatchObject({ run: false, failure: 'wasm-opt is missing: install Debian\'s binaryen package (.ci/install-wasm-tools.sh)' });
  });

  it('GIVEN a release the rehearsal does not know WHEN asked THEN there is no equivalent: the step runs as written', async () => {
    expect(await githubDownloadEquivalent({ repo: 'someone/sometool' }, toolsIn(tempDir()))).toBeUndefined();
  });

  it('GIVEN the download was replaced WHEN the example\'s verify and unpack steps come THEN they are not run, naming the file; the PATH step runs', () => {
    const notFetched = ['$RUNNER_TEMP/binaryen.tar.gz'];
    expect(readsNotFetched(runOf('Verify binaryen'), notFetched)?.note).toBe('not run: it reads $RUNNER_TEMP/binaryen.tar.gz, which the download step did not fetch (its local equivalent is on the job\'s PATH)');
    expect(readsNotFetched(runOf('Unpack binaryen'), notFetched)?.run).toBe(false);
    expect(readsNotFetched(runOf('Put wasm-opt on PATH'), notFetched)).toBeUndefined();
  });
});

describe('a `cargo install` in a rehearsal job', () => {
  it('GIVEN the example\'s wasm-pack install WHEN read with the job\'s env THEN it installs wasm-pack at the pinned version', () => {
    const step = wasmJobSteps().find((s) => s.name === 'Install wasm-pack')!;
    expect(cargoInstall(step.run!, step.env)).toEqual({ crate: 'wasm-pack', version: '0.15.1' });
    expect(cargoInstall('cargo install cargo-edit@0.13.0 --locked', {})).toEqual({ crate: 'cargo-edit', version: '0.13.0' });
    expect(cargoInstall('cargo install --root /x --version=1.2.3 foo', {})).toEqual({ crate: 'foo', version: '1.2.3' });
    expect(cargoInstall('cargo install foo bar', {})).toBeUndefined();
    expect(cargoInstall('cargo build', {})).toBeUndefined();
  });

  it('GIVEN a CARGO_HOME holding another install WHEN a cached build is seeded THEN both packages are in cargo\'s records and the binaries are linked', () => {
    const from = writeRepo({
      '.crates.toml': '[v1]\n"tool 1.0.0 (registry+https://github.com/rust-lang/crates.io-index)" = ["tool"]\n',
      '.crates2.json': JSON.stringify({ installs: { 'tool 1.0.0 (registry+https://github.com/rust-lang/crates.io-index)': { bins: ['tool'] } } }),
      'bin/tool': '#!/bin/sh\n',
    });
    const home = writeRepo({
      '.crates.toml': '[v1]\n"other 2.0.0 (registry+https://github.com/rust-lang/crates.io-index)" = ["other"]\n',
      '.crates2.json': JSON.stringify({ installs: { 'other 2.0.0 (registry+https://github.com/rust-lang/crates.io-index)': { bins: ['other'] } } }),
    });
    expect(seedInstalled(from, home)).toEqual(['tool']);
    expect(fs.readFileSync(path.join(home, '.crates.toml'), 'utf8')).toMatch(/"other 2\.0\.0 [^\n]*= \[ "other" \][\s\S]*"tool 1\.0\.0 [^\n]*= \[ "tool" \]/);
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(home, '.crates2.json'), 'utf8')).installs).sort()).toEqual([
      'other 2.0.0 (registry+https://github.com/rust-lang/crates.io-index)', 'tool 1.0.0 (registry+https://github.com/rust-lang/crates.io-index)',
    ]);
    expect(fs.readlinkSync(path.join(home, 'bin', 'tool'))).toBe(path.join(from, 'bin', 'tool'));
  });

  it('GIVEN the cached wasm-pack build WHEN the job\'s cargo install runs in a fresh CARGO_HOME seeded with it THEN cargo finds it installed and builds nothing', async () => {
    ciBuilt('wasm-pack', '0.15.1');
    const home = tempDir('lockstep-cargo-home-');
    const eq = cargoInstallEquivalent({ crate: 'wasm-pack', version: '0.15.1' }, home, toolsIn(tempDir()))!;
    expect(eq.run).toBe(true);
    expect(eq.note).toContain('wasm-pack 0.15.1 built once by the .ci scripts');
    const r = await exec.run('cargo', ['install', 'wasm-pack', '--locked', '--version', '0.15.1'], { env: { CARGO_HOME: home } });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('wasm-pack v0.15.1');
    expect(r.stderr).toMatch(/already installed/);
    expect(r.stderr).not.toContain('Compiling');
    expect(eq.after!(true)).toBe(eq.note);
  }, 120_000);

  it('GIVEN the seeded binary replaced by a file (what cargo leaves when its records did not match and it built again) WHEN the step ends THEN the note says so', () => {
    ciBuilt('wasm-pack', '0.15.1');
    const home = tempDir('lockstep-cargo-home-');
    const eq = cargoInstallEquivalent({ crate: 'wasm-pack', version: '0.15.1' }, home, toolsIn(tempDir()))!;
    fs.rmSync(path.join(home, 'bin', 'wasm-pack'));
    fs.writeFileSync(path.join(home, 'bin', 'wasm-pack'), '');
    expect(eq.after!(true)).toBe('wasm-pack 0.15.1 built once by the .ci scripts was put in the job\'s CARGO_HOME as installed, but cargo built it again (its install records did not match this step\'s)');
  });

  it('GIVEN a version the .ci scripts did not build, or no version WHEN asked THEN there is no equivalent: cargo installs as written', () => {
    const home = tempDir();
    expect(cargoInstallEquivalent({ crate: 'wasm-pack', version: '0.0.1' }, home, toolsIn(tempDir()))).toBeUndefined();
    expect(cargoInstallEquivalent({ crate: 'wasm-pack' }, home, toolsIn(tempDir()))).toBeUndefined();
  });
});

describe('a `wasm-pack build` in a rehearsal job', () => {
  it('GIVEN the example\'s wasm crate WHEN its build step comes THEN the wasm-bindgen of the lock\'s version is first on the step\'s PATH, named', async () => {
    const dir = tempDir('lockstep-build-tools-');
    const version = exampleWasmBindgen();
    ciBuilt('wasm-bindgen-cli', version);
    const eq = (await wasmPackEquivalent(runOf('Build the WASM package'), path.join(EXAMPLE_DIR, 'sdk/wasm'), EXAMPLE_DIR, toolsIn(dir)))!;
    expect(eq.run).toBe(true);
    expect(eq.note).toBe(`wasm-bindgen ${version} (the version sdk/wasm/Cargo.lock names), built once by the .ci scripts, first on the step's PATH: wasm-pack runs it instead of downloading wasm-bindgen-cli from GitHub`);
    expect((await exec.run(path.join(eq.stepPath![0], 'wasm-bindgen'), ['--version'])).stdout.trim()).toBe(`wasm-bindgen ${version}`);
  });

  it('GIVEN a lock naming a wasm-bindgen the .ci scripts did not build WHEN the build step comes THEN it fails naming the command that builds it', async () => {
    const ws = writeRepo({ 'Cargo.lock': 'version = 4\n\n[[package]]\nname = "wasm-bindgen"\nversion = "0.2.1"\n' });
    const eq = (await wasmPackEquivalent('wasm-pack build --release', ws, ws, toolsIn(ws)))!;
    expect(eq.run).toBe(false);
    expect(eq.failure).toBe(`build it once: cargo install --locked wasm-bindgen-cli --version =0.2.1 --root ${path.join(CARGO_INSTALLS, 'wasm-bindgen-cli-0.2.1')}`);
  });

  it('GIVEN an unreadable lock WHEN the build step comes THEN it fails with one line naming the lock', async () => {
    const ws = writeRepo({ 'Cargo.lock': '[[package]\nname = ' });
    const eq = (await wasmPackEquivalent('wasm-pack build', ws, ws, toolsIn(ws)))!;
    expect(eq).toMatchObject({ run: false, note: 'not run: Cargo.lock is not a Cargo.lock cargo reads' });
  });

  it('GIVEN no wasm-pack build, or a lock without wasm-bindgen WHEN asked THEN there is no equivalent', async () => {
    const ws = writeRepo({ 'Cargo.lock': 'version = 4\n\n[[package]]\nname = "x"\nversion = "1.0.0"\n' });
    expect(await wasmPackEquivalent('cargo build', ws, ws, toolsIn(ws))).toBeUndefined();
    expect(await wasmPackEquivalent('wasm-pack build', ws, ws, toolsIn(ws))).toBeUndefined();
  });

  it('GIVEN a step of the job WHEN asked for its equivalent THEN the one for its command comes back, and none for the others', async () => {
    const dir = tempDir('lockstep-build-tools-');
    const ctx = { env: { CARGO_HOME: path.join(dir, 'cargo-home') }, cwd: EXAMPLE_DIR, workspace: EXAMPLE_DIR, notFetched: [] };
    expect(await stepEquivalent({ ...ctx, script: 'npm ci --ignore-scripts' }, toolsIn(dir))).toBeUndefined();
    expect((await stepEquivalent({ ...ctx, script: runOf('Download binaryen') }, toolsIn(dir)))?.notFetched).toBe('$RUNNER_TEMP/binaryen.tar.gz');
    expect((await stepEquivalent({ ...ctx, script: runOf('Verify binaryen'), notFetched: ['$RUNNER_TEMP/binaryen.tar.gz'] }, toolsIn(dir)))?.run).toBe(false);
  });
});
