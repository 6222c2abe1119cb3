import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { StateRow } from '../../../src/runtime/rehearse/registry-state';
import { RunResult, ScenarioResult } from '../../../src/runtime/rehearse/rehearsal';
import { lockstep } from '../../support/cli';
import { EXAMPLE_DIR, REPO_ROOT, tempDir } from '../../support/fixtures';
import { REHEARSAL_TIMEOUT_MS, rehearseExample } from '../../support/rehearsal';

/**
 * The example's release.yml rehearsed end to end against real local registries (verdaccio, pypiserver,
 * estuary), a bare git remote and the rehearsal's GitHub Releases stand-in (not GitHub: GitHub cannot be
 * reached here), with the products this machine cannot build left out (test/support/rehearsal.ts).
 */
const REGISTRIES = ['crates-io', 'npm', 'pypi'];

/** The example's wasm-pack package. */
const WASM = '@quill-db/quill-wasm';

/**
 * The files of the tarball pack-npm makes of wasm-pack's pkg/ for the example's wasm crate: what the `files`
 * of wasm-pack's package.json name (pkg/ also holds quill_wasm_bg.wasm.d.ts, which they leave out).
 */
const WASM_TARBALL = ['package/package.json', 'package/quill_wasm.d.ts', 'package/quill_wasm.js', 'package/quill_wasm_bg.js', 'package/quill_wasm_bg.wasm'];

/** What verdaccio keeps of a package: its document (versions with their manifests) and its files. */
interface Stored {
  readonly doc: { 'versions': Record<string, { optionalDependencies?: Record<string, string> }>; 'dist-tags': Record<string, string> };
  readonly files: string[];
}

/** The packages of the `@quill-db` scope in verdaccio's storage, and the file list of each tarball. */
function storedScope(storage: string): { packages: Record<string, Stored>; tarballs: Record<string, string[]> } {
  const scope = path.join(storage, '@quill-db');
  const packages: Record<string, Stored> = {};
  const tarballs: Record<string, string[]> = {};
  for (const name of fs.readdirSync(scope)) {
    const dir = path.join(scope, name);
    const files = fs.readdirSync(dir).filter((f) => !f.startsWith('.')).sort();
    packages[`@quill-db/${name}`] = { doc: JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')), files };
    for (const tgz of files.filter((f) => f.endsWith('.tgz'))) {
      tarballs[tgz] = execFileSync('tar', ['-tzf', path.join(dir, tgz)], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
    }
  }
  return { packages, tarballs };
}

function rows(run: RunResult, target: string): StateRow[] {
  return run.rows.filter((r) => r.target === target);
}

/** How each job's checkout holds this library after its `npm ci`: job → what node_modules/projen-lockstep-release is. */
function installedLibraries(scenarioDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const run of fs.readdirSync(scenarioDir).filter((d) => d.startsWith('run-'))) {
    for (const job of fs.readdirSync(path.join(scenarioDir, run, 'jobs'))) {
      const installed = path.join(scenarioDir, run, 'jobs', job, 'workspace', 'node_modules', 'projen-lockstep-release');
      if (!fs.existsSync(installed)) continue;
      const stat = fs.lstatSync(installed);
      const real = fs.realpathSync(installed);
      const bin = fs.existsSync(path.join(installed, '..', '.bin', 'lockstep'));
      out[`${run}/${job}`] = stat.isSymbolicLink() ? `a link to ${real}` : `${real.startsWith(REPO_ROOT) ? 'inside this checkout' : 'a directory'}${bin ? ', with .bin/lockstep' : ''}`;
    }
  }
  return out;
}

describe('lockstep rehearse on the example: first release, then a re-run (real registries)', () => {
  let result: ScenarioResult;
  let printed: string[];
  let installed: Record<string, string>;
  let releaseStorage: string[];
  let installStorage: string[];
  let scope: ReturnType<typeof storedScope>;

  beforeAll(async () => {
    const rehearsed = await rehearseExample(['rerun'], [], (workDir) => {
      installed = installedLibraries(path.join(workDir, 'rerun'));
      releaseStorage = fs.readdirSync(path.join(workDir, 'rerun', 'verdaccio', 'storage'));
      scope = storedScope(path.join(workDir, 'rerun', 'verdaccio', 'storage'));
      installStorage = fs.readdirSync(path.join(workDir, 'install-registry', 'verdaccio', 'storage'));
    });
    [result] = rehearsed.results;
    printed = rehearsed.printed;
  }, REHEARSAL_TIMEOUT_MS);

  it('GIVEN the first release WHEN the registries are asked THEN every package of the release is there, each uploaded once', () => {
    const [first] = result.runs;
    const there = first.rows.filter((r) => REGISTRIES.includes(r.target) || r.target === 'go').map((r) => `${r.target} ${r.name} ${r.after}`);
    expect(there.sort()).toEqual([
      'crates-io quill-ask there', 'crates-io quill-engine there', 'crates-io quill-mcp there',
      'go github.com/example/quill/sdk/go there', 'npm @quill-db/quill there', 'npm @quill-db/quill-wasm there', 'npm quill-notes there', 'pypi quill-db there',
    ]);
    for (const r of first.rows.filter((x) => x.target === 'crates-io' || x.target === 'npm')) expect(r.uploads, `${r.name}`).toBe(1);
    // PyPI takes one upload per file: the wheel built here and the sdist, each once.
    const pypiFiles = first.uploads.filter((u) => u.target === 'pypi' && u.status === 200).map((u) => u.file);
    expect(pypiFiles.sort()).toEqual(['quill_db-0.3.0-py3-none-manylinux_2_34_x86_64.whl', 'quill_db-0.3.0.tar.gz'].sort());
    expect(first.rows.filter((r) => REGISTRIES.includes(r.target)).map((r) => r.said)).toEqual(Array(7).fill('published'));
  });

  it('GIVEN the first release WHEN the crate uploads are read in the order estuary received them THEN each crate comes after the crates it depends on', () => {
    const crates = result.runs[0].uploads.filter((u) => u.target === 'crates-io').map((u) => u.name);
    expect(crates).toEqual(['quill-engine', 'quill-ask', 'quill-mcp']);
  });

  it('GIVEN the first release WHEN the tags and the GitHub Releases stand-in are asked THEN every product is tagged and released, and the umbrella too', () => {
    const [first] = result.runs;
    expect(rows(first, 'tag').every((r) => r.before === 'absent' && r.after === 'there')).toBe(true);
    expect(rows(first, 'tag').map((r) => r.name)).toContain('v0.3.0');
    expect(rows(first, 'github-release').map((r) => `${r.name} ${r.after}`)).toEqual([
      'quill there', 'quill-ffi there', 'quill-ask there', 'quill-mcp there', 'quill-py there', 'quill-node there', 'quill-wasm there', 'sdk-go there', 'quill-notes there',
    ]);
    expect(rows(first, 'umbrella').map((r) => r.after)).toEqual(['there']);
    expect(first.githubLatest).toBe('v0.3.0');
  });

  it('GIVEN a re-run of the same version WHEN the registries are watched THEN nothing is uploaded and the summary reports everything as already there', () => {
    const [, rerun] = result.runs;
    expect(rerun.uploads).toEqual([]);
    expect(rerun.rows.length).toBeGreaterThan(0);
    for (const r of rerun.rows) {
      expect(`${r.target} ${r.name}: ${r.said}, ${r.before} → ${r.after}`).toBe(`${r.target} ${r.name}: already there, there → there`);
    }
  });

  it('GIVEN quill-node (napi-rs) built on this machine only WHEN verdaccio is read after both runs THEN it holds this machine\'s platform package and then the main package at 0.3.0, each uploaded once, the main package naming that platform package alone as its optional dependency', () => {
    const [first, rerun] = result.runs;
    const napiUploads = first.uploads.filter((u) => u.target === 'npm' && u.name.startsWith('@quill-db/quill') && u.name !== WASM).map((u) => `${u.name}@${u.version}: ${u.status}`);
    // Each platform package goes before the main package that depends on it.
    expect(napiUploads).toEqual(['@quill-db/quill-linux-x64-gnu@0.3.0: 201', '@quill-db/quill@0.3.0: 201']);
    expect(rerun.uploads).toEqual([]);
    expect(Object.keys(scope.packages).sort()).toEqual(['@quill-db/quill', '@quill-db/quill-linux-x64-gnu', WASM]);
    for (const [name, stored] of Object.entries(scope.packages)) {
      expect(`${name}: ${Object.keys(stored.doc.versions).join(', ')}, latest ${stored.doc['dist-tags'].latest}`).toBe(`${name}: 0.3.0, latest 0.3.0`);
    }
    expect(scope.packages['@quill-db/quill'].doc.versions['0.3.0'].optionalDependencies).toEqual({ '@quill-db/quill-linux-x64-gnu': '0.3.0' });
    // The binary napi build made here is in its platform package, and only there.
    expect(scope.tarballs['quill-linux-x64-gnu-0.3.0.tgz']).toEqual(['package/README.md', 'package/package.json', 'package/quill.linux-x64-gnu.node']);
    expect(scope.tarballs['quill-0.3.0.tgz']).toEqual(['package/index.js', 'package/package.json']);
  });

  it('GIVEN quill-wasm built by wasm-pack on this machine WHEN verdaccio is read after both runs THEN it holds the package wasm-pack built and pack-npm packed, published once by the first run and not again', () => {
    const [first, rerun] = result.runs;
    expect(first.uploads.filter((u) => u.name === WASM).map((u) => `${u.target} ${u.name}@${u.version}: ${u.status}`)).toEqual([`npm ${WASM}@0.3.0: 201`]);
    expect(rerun.uploads.filter((u) => u.name === WASM)).toEqual([]);
    expect(rows(rerun, 'npm').find((r) => r.name === WASM)).toMatchObject({ said: 'already there', before: 'there', after: 'there', uploads: 0 });
    const stored = scope.packages[WASM];
    expect(`${Object.keys(stored.doc.versions).join(', ')}, latest ${stored.doc['dist-tags'].latest}`).toBe('0.3.0, latest 0.3.0');
    // What wasm-pack (--target bundler) lays out in pkg/: the module wasm-opt optimised, its JavaScript and TypeScript bindings.
    expect(scope.tarballs['quill-wasm-0.3.0.tgz']).toEqual(WASM_TARBALL);
  });

  it('GIVEN both runs WHEN the scenario is judged THEN the registries and the summaries agree, with no duplicate and no miss', () => {
    expect(result.problems).toEqual([]);
    expect(result.duplicates).toEqual([]);
    expect(result.misses).toEqual([]);
  });

  it('GIVEN the rehearsal output WHEN a maintainer reads it THEN it names what could not be rehearsed and what replaced it', () => {
    const text = printed.join('\n');
    expect(text).toContain('crates.io trusted publishing (the job\'s OIDC token exchanged for a 30-minute publish token): a fixed token the local crates registry accepts');
    expect(text).toContain('the approval of the `release` environment');
    expect(text).toContain('GitHub Releases     → a local stand-in (not GitHub)');
    expect(text).toMatch(/build-quill-ffi: linux-arm64, macos-arm64, macos-x64, windows-x64/);
    expect(text).toContain('build-quill-node: macos-arm64, windows-x64');
    expect(text).toContain('the napi platform packages of quill-node for aarch64-apple-darwin, x86_64-pc-windows-msvc (their binaries are built on other platforms): '
      + 'taken out of napi.targets in sdk/nodejs/package.json of the checkout, so napi lays out, and the main package\'s optionalDependencies name, x86_64-unknown-linux-gnu only');
    expect(text).toContain('the registries\' real state beside it:');
  });

  it('GIVEN quill-wasm\'s build job WHEN a maintainer reads the output THEN it names each local equivalent: Debian\'s wasm-opt for the binaryen download, the prebuilt wasm-pack and wasm-bindgen', () => {
    const text = printed.join('\n');
    expect(text).toMatch(/· Download binaryen: not run: this machine's wasm-opt \(wasm-opt version \d+, \/usr\/bin\/wasm-opt\) from Debian's binaryen package \(\.ci\/install-wasm-tools\.sh\), put on the job's PATH instead/);
    expect(text).toContain('· Verify binaryen: not run: it reads $RUNNER_TEMP/binaryen.tar.gz, which the download step did not fetch');
    expect(text).toContain('· Unpack binaryen: not run: it reads $RUNNER_TEMP/binaryen.tar.gz');
    expect(text).toContain('downloading WebAssembly/binaryen\'s release from GitHub (a rehearsal does not reach GitHub), and the steps that read the download: this machine\'s wasm-opt');
    expect(text).toMatch(/· Install wasm-pack: wasm-pack 0\.15\.1 built once by the \.ci scripts \([^)]*\) was put in the job's CARGO_HOME as installed \(wasm-pack and cargo's install records\), so cargo install found it/);
    expect(text).toMatch(/· Build the WASM package: wasm-bindgen 0\.2\.129 \(the version sdk\/wasm\/Cargo\.lock names\), built once by the \.ci scripts, first on the step's PATH/);
    expect(text).not.toContain('cargo built it again');
  });

  it('GIVEN the example declares this library WHEN each job runs its npm ci THEN lockstep is installed from the install registry, a real directory in the checkout, not a link to this checkout', () => {
    const jobs = Object.keys(installed);
    // Every job of both runs that runs the CLI: the plan, the checks, the build, the publishes, the releases.
    expect(jobs.length).toBeGreaterThanOrEqual(10);
    expect(jobs).toContain('run-1/plan');
    for (const job of jobs) expect(`${job}: ${installed[job]}`).toBe(`${job}: a directory, with .bin/lockstep`);
    expect(installStorage).toContain('projen-lockstep-release');
  });

  it('GIVEN the install registry beside the npm stand-in WHEN the release registry is read THEN it never held this library: only the release\'s package', () => {
    expect(releaseStorage.filter((f) => !f.startsWith('.'))).toEqual(['@quill-db', 'quill-notes']);
    expect(result.runs.flatMap((r) => r.uploads).map((u) => u.name)).not.toContain('projen-lockstep-release');
  });

  it('GIVEN the rehearsal output WHEN a maintainer reads it THEN it says where npm ci installed the CLI from, and no longer names the CLI as not rehearsable', () => {
    const text = printed.join('\n');
    expect(text).toMatch(/npm ci \(installs\) {3}→ a second verdaccio at http:\/\/127\.0\.0\.1:\d+\/ \(started once for the rehearsal in \d+\.\d s\): projen-lockstep-release@0\.0\.0 packed from /);
    expect(text).toContain('every other package from https://registry.npmjs.org/ (its uplink); kept apart from the npm stand-in above');
    expect(text).toMatch(/Install the lockstep CLI: from the install registry \(http:\/\/127\.0\.0\.1:\d+\/\)/);
    expect(text).not.toContain('linked');
    expect(text).not.toContain('the lockstep CLI from the registry');
  });
});

describe('lockstep rehearse: bad options', () => {
  it('GIVEN an unknown scenario WHEN rehearse runs THEN it names the option and the scenarios, and starts nothing', async () => {
    const r = await lockstep(EXAMPLE_DIR, ['rehearse', '--scenario', 'everything'], {});
    expect(r.code).toBe(2);
    expect(r.err).toContain('--scenario \'everything\' is not a scenario: give first, rerun, dry-run, fail, older');
    expect(r.out).toBe('');
  });

  it('GIVEN --without a name that is no product WHEN rehearse runs THEN it names the products it knows', async () => {
    const r = await lockstep(EXAMPLE_DIR, ['rehearse', '--without', 'quill-nope'], {});
    expect(r.code).toBe(2);
    expect(r.err).toContain('--without \'quill-nope\' is not a product of the plan: give one of quill, quill-ffi');
  });

  it('GIVEN the fail scenario without --fail WHEN rehearse runs THEN it says which option is missing', async () => {
    const r = await lockstep(EXAMPLE_DIR, ['rehearse', '--scenario', 'fail'], {});
    expect(r.code).toBe(2);
    expect(r.err).toContain('--scenario fail needs --fail PACKAGE');
  });

  it('GIVEN --failure a kind of failure the rehearsal cannot inject WHEN rehearse runs THEN it names the option and the kinds it can', async () => {
    const r = await lockstep(EXAMPLE_DIR, ['rehearse', '--scenario', 'fail', '--fail', 'quill-ask', '--failure', 'timeout'], {});
    expect(r.code).toBe(2);
    expect(r.err).toContain('--failure \'timeout\' is not a failure: give refused, server-stopped');
    expect(r.out).toBe('');
  });

  it('GIVEN a tools directory without the registries WHEN rehearse runs THEN it names the missing servers and the script that installs them', async () => {
    const r = await lockstep(EXAMPLE_DIR, ['rehearse', '--tools', tempDir('lockstep-no-tools-')], {});
    expect(r.code).toBe(1);
    expect(r.err).toContain('(verdaccio, pypiserver, twine, maturin, estuary): run `bash .ci/install-registry-tools.sh`');
  });
});
