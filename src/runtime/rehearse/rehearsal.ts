import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CratesSeed, ownLeftOutNote, prepareCratesSeed, seedSourcesOf, unlockedLine, writeCratesSeed } from './crates-seed';
import { startGithubStandIn, ghShim } from './github-stand-in';
import { InstallRegistry, startInstallRegistry } from './install-registry';
import { startOciRegistryProcess } from './oci';
import { Held, LocalRegistries, StateRow, accepted, compare, held, keyId, keysOf, npmDocument } from './registry-state';
import { rehearsalGit as git } from './rehearsal-git';
import { JobReport, RunReport, runWorkflow } from './runner';
import { Failure, RegistryTools, Upload, startCrates, startNpm, startPypi } from './servers';
import { stateTable } from './state-table';
import { Workflow } from './workflow';
import { FsRepoReader, GENERATOR_NAME, OUTCOME_ARTIFACT_PREFIX, PublishTarget, ReleasePlan, declaresNpmPackage, imagesToPublish } from '../../model';
import { CliError } from '../cli-error';
import { readOutcomeDir } from '../release/outcomes';
import { Exec } from '../release/ports';
import { NodeFs } from '../release/real-deps';
import { ReleaseRun } from '../release/run';
import { summarize } from '../release/summary';

/** The scenarios a rehearsal can play, each on fresh registries and a fresh remote. */
export enum Scenario {
  /** The first release of the current version. */
  FIRST = 'first',
  /** The first release, then the same dispatch again. */
  RERUN = 'rerun',
  /** A dry run of the current version: no registry, tag or release may change. */
  DRY_RUN = 'dry-run',
  /** The first release with one package failed by its registry (`--failure`: refused, or its server stopped mid-upload), then a fixed re-run. */
  FAIL = 'fail',
  /**
   * The current version (with the `--fail` packages refused, if any), then the next minor, then the
   * current version again: what it still publishes must not move npm's `latest` or GitHub's Latest back.
   */
  OLDER = 'older',
}

export const SCENARIOS: readonly string[] = Object.values(Scenario);

/** Options of a rehearsal. */
export interface RehearsalOptions {
  /** The repository to rehearse (its working tree, as it is). */
  readonly repoDir: string;
  readonly workflowFile: string;
  readonly workflow: Workflow;
  readonly plan: ReleasePlan;
  /** The version the manifests carry. */
  readonly version: string;
  readonly scenarios: readonly Scenario[];
  /** Packages (or products) whose uploads a registry fails in the failing run of `fail`. */
  readonly fail: readonly string[];
  /** How the registry fails them: it refuses them (the default), or its server stops mid-upload. */
  readonly failure?: Failure;
  readonly without: readonly string[];
  readonly tools: RegistryTools;
  /**
   * The `cargo install --root` roots the `.ci` scripts built (`.tools/cargo-install/CRATE-VERSION`): the
   * jobs' tool downloads and `cargo install`s use them instead (build-tools.ts).
   */
  readonly cargoInstalls?: string;
  readonly libraryRoot: string;
  /** Where the rehearsal keeps its files; removed afterwards unless `keep`. */
  readonly workDir: string;
  readonly exec: Exec;
  /** The command's environment (what `exec` runs with): where cargo's cache and the seed's cache are. */
  readonly env: NodeJS.ProcessEnv;
  readonly print: (line: string) => void;
}

/** One run of a scenario, with the comparison made after it. */
export interface RunResult {
  readonly label: string;
  readonly version: string;
  readonly dryRun: boolean;
  readonly report: RunReport;
  readonly rows: readonly StateRow[];
  /** Uploads the registries saw during this run, in order. */
  readonly uploads: readonly Upload[];
  /** npm dist-tags `latest` of each npm package after the run. */
  readonly npmLatest: Readonly<Record<string, string | undefined>>;
  /** The GitHub stand-in's "Latest" release after the run. */
  readonly githubLatest?: string;
  readonly seconds: number;
}

/** One scenario's runs and its verdict. */
export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly runs: readonly RunResult[];
  /** Packages uploaded successfully more than once over the scenario. */
  readonly duplicates: readonly string[];
  /** Packages of the release that are not in their registry at the end (not for a dry run). */
  readonly misses: readonly string[];
  /** Every disagreement and broken expectation, one line each. */
  readonly problems: readonly string[];
  readonly seconds: number;
}

interface RunPlan {
  readonly label: string;
  readonly version: string;
  readonly dryRun: boolean;
  readonly refuse: readonly string[];
  /** How the registries fail the `refuse` packages. */
  readonly failure?: Failure;
  /** Bump the remote's release branch to this version first (a new release commit). */
  readonly bumpTo?: string;
  /** What this run must end with, beyond agreement: checked after it. */
  readonly expect?: 'nothing-uploaded' | 'latest-kept';
}

function nextMinor(version: string): string {
  const [major, minor] = version.split('.').map(Number);
  return `${major}.${minor + 1}.0`;
}

/** How a run's label says what failed. */
function failedBy(options: RehearsalOptions): string {
  const names = options.fail.join(', ');
  return options.failure === Failure.SERVER_STOPPED ? `the registry server stopped mid-upload of ${names}` : `${names} refused by the registry`;
}

function runsOf(scenario: Scenario, options: RehearsalOptions): RunPlan[] {
  const v = options.version;
  const first = { label: `first release of ${v}`, version: v, dryRun: false, refuse: [] };
  const failure = options.failure ?? Failure.REFUSED;
  switch (scenario) {
    case Scenario.FIRST: return [first];
    case Scenario.RERUN: return [first, { label: `re-run of ${v}`, version: v, dryRun: false, refuse: [], expect: 'nothing-uploaded' }];
    case Scenario.DRY_RUN: return [{ label: `dry run of ${v}`, version: v, dryRun: true, refuse: [] }];
    case Scenario.FAIL:
      if (options.fail.length === 0) throw new CliError('the fail scenario needs --fail PACKAGE: the package (or product) a registry refuses in the first run');
      return [{ ...first, label: `first release of ${v}, ${failedBy(options)}`, refuse: options.fail, failure }, { label: `fixed re-run of ${v}`, version: v, dryRun: false, refuse: [] }];
    case Scenario.OLDER: {
      const next = nextMinor(v);
      const refused = options.fail.length > 0 ? { label: `first release of ${v}, ${failedBy(options)}`, refuse: options.fail, failure } : {};
      return [
        { ...first, ...refused },
        { label: `release of ${next}`, version: next, dryRun: false, refuse: [], bumpTo: next },
        { label: `re-run of the older ${v}`, version: v, dryRun: false, refuse: [], expect: 'latest-kept' },
      ];
    }
  }
}

/** Files of the working tree to put in the rehearsal's remote: git's view when it is a git tree, else every file. */
async function treeFiles(dir: string, exec: Exec): Promise<string[]> {
  const r = await exec.run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: dir });
  if (r.code === 0) return r.stdout.split('\0').filter((f) => f !== '' && fs.existsSync(path.join(dir, f)));
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (['.git', 'node_modules', 'target'].includes(e.name)) continue;
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk('');
  return out;
}

/** A bare remote holding the working tree as one commit on the release branch, and a clone to commit in. */
async function makeRemote(options: RehearsalOptions, dir: string): Promise<{ remote: string; work: string }> {
  const work = path.join(dir, 'work');
  const remote = path.join(dir, 'remote.git');
  fs.mkdirSync(work, { recursive: true });
  for (const file of await treeFiles(options.repoDir, options.exec)) {
    const to = path.join(work, file);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(options.repoDir, file), to);
  }
  await git(options.exec, work, ['init', '--quiet', '-b', options.plan.releaseBranch]);
  await git(options.exec, work, ['add', '-A']);
  await git(options.exec, work, ['commit', '--quiet', '--no-verify', '-m', 'The working tree, as the rehearsal found it']);
  await git(options.exec, dir, ['init', '--quiet', '--bare', remote]);
  await git(options.exec, work, ['push', '--quiet', remote, `HEAD:refs/heads/${options.plan.releaseBranch}`]);
  await git(options.exec, remote, ['symbolic-ref', 'HEAD', `refs/heads/${options.plan.releaseBranch}`]);
  return { remote, work };
}

/** The repository roots of the Go modules (`github.com/o/r` of `github.com/o/r/sdk/go`), for git's insteadOf. */
function goRepoRoots(plan: ReleasePlan): string[] {
  const roots = new Set<string>();
  for (const track of plan.tracks) {
    for (const p of track.products) {
      for (const k of p.packages.filter((x) => x.registry === PublishTarget.GO)) {
        const suffix = p.path === '.' ? '' : `/${p.path}`;
        roots.add(suffix && k.name.endsWith(suffix) ? k.name.slice(0, -suffix.length) : k.name);
      }
    }
  }
  return [...roots];
}

/**
 * The Python every scenario's steps run in (the local equivalent of setup-python): one venv for the whole
 * rehearsal, made while the first scenario's servers start, so what a workflow pip-installs is installed
 * once, not once per scenario.
 */
async function makeVenv(options: RehearsalOptions): Promise<string> {
  const venv = path.join(options.workDir, 'venv');
  const made = await options.exec.run('python3', ['-m', 'venv', venv]);
  if (made.code !== 0) throw new CliError(`python3 -m venv failed (on Debian: apt-get install python3-venv): ${made.stderr.trim()}`);
  return venv;
}

/**
 * Where the workflow's `npm ci` steps get the `lockstep` CLI: a repository that declares this library
 * installs it from the install registry (this build, packed and published there); one that does not gets
 * this build linked into each checkout after its `npm ci` (runner.ts), named as not rehearsable.
 */
function installRegistryFor(options: RehearsalOptions): Promise<InstallRegistry> | undefined {
  if (!declaresNpmPackage(new FsRepoReader(options.repoDir), 'package.json', GENERATOR_NAME)) return undefined;
  return startInstallRegistry(options.tools, path.join(options.workDir, 'install-registry'), options.libraryRoot, options.exec);
}

/** Plays the scenarios; resolves to their results (the caller prints the verdict). */
export async function rehearse(options: RehearsalOptions): Promise<ScenarioResult[]> {
  const venv = makeVenv(options);
  // Settled even when no scenario gets to wait for it (a server that fails to start).
  venv.catch(() => undefined);
  // One for every scenario: what it holds is no registry state the scenarios compare.
  const installing = installRegistryFor(options);
  installing?.catch(() => undefined);
  const results: ScenarioResult[] = [];
  try {
    const seed = await cratesSeedFor(options);
    for (const scenario of options.scenarios) results.push(await playScenario(scenario, options, venv, installing, seed));
  } finally {
    await installing?.then((registry) => registry.stop(), () => undefined);
  }
  return results;
}

/**
 * What estuary is seeded with to play crates.io (crates-seed.ts): the crates.io crates locked by the Cargo
 * workspaces of the crates the release publishes (those left out with `without` do not count). None when
 * it publishes no crate or its crates depend on nothing from crates.io.
 */
async function cratesSeedFor(options: RehearsalOptions): Promise<CratesSeed | undefined> {
  const sources = seedSourcesOf(options.plan, options.without);
  // Without a Cargo.lock there is nothing to seed from, and cargo's later "no matching package named …"
  // would not say why: the cause is named here, once.
  for (const u of sources.unlocked) options.print(unlockedLine(u));
  if (sources.lockfiles.length === 0) return undefined;
  const began = Date.now();
  const { repoDir, env, exec } = options;
  const seed = await prepareCratesSeed({ repoDir, lockfiles: sources.lockfiles, own: sources.own, env, exec });
  if (seed) {
    const from = seed.fetched ? `crates.io's index (fetched in ${((Date.now() - began) / 1000).toFixed(1)} s, cached in ${seed.cacheFile})` : `the cache ${seed.cacheFile}`;
    options.print(`crates.io's ${seed.crates.length} locked crates (${seed.lockfiles.join(', ')}) were copied into the local crates registry, as it starts for each scenario: their index lines from ${from}, their .crate files from this machine's cargo cache; not publishes of this release (no upload, no registry-state row)${ownLeftOutNote(seed.ownLeftOut)}`);
  }
  return seed;
}

async function playScenario(
  scenario: Scenario, options: RehearsalOptions, venv: Promise<string>, installing: Promise<InstallRegistry> | undefined,
  seed: CratesSeed | undefined,
): Promise<ScenarioResult> {
  const started = Date.now();
  const dir = path.join(options.workDir, scenario);
  fs.mkdirSync(dir, { recursive: true });
  const p = options.print;
  p('');
  p(`=== scenario ${scenario} ===`);
  // The servers start together, and the remote is made meanwhile: each waits on its own process. When
  // one fails, the servers that did start are stopped before the failure is reported.
  const npmStarting = startNpm(options.tools, path.join(dir, 'verdaccio'), started);
  const pypiStarting = startPypi(options.tools, path.join(dir, 'pypiserver'), started);
  // Seeded before it starts: estuary opens the index repository it finds and commits its config on top.
  const cratesStarting = (seed ? writeCratesSeed(seed, path.join(dir, 'estuary'), options.exec) : Promise.resolve())
    .then(() => startCrates(options.tools, path.join(dir, 'estuary'), started));
  const remoteMade = makeRemote(options, dir);
  const settled = await Promise.allSettled([npmStarting, pypiStarting, cratesStarting, remoteMade, ...(installing ? [installing] : [])]);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    for (const s of [npmStarting, pypiStarting, cratesStarting]) await s.then((server) => server.stop(), () => undefined).catch(() => undefined);
    throw failed.reason;
  }
  const [npm, pypi, crates, made, install] = await Promise.all([npmStarting, pypiStarting, cratesStarting, remoteMade, installing]);
  const stops: Array<() => Promise<void>> = [npm.stop, pypi.stop, crates.stop];
  try {
    const { remote, work } = made;
    const github = await startGithubStandIn(remote, path.join(dir, 'github-releases'), options.exec);
    stops.push(github.stop);
    // Issue 17: a container registry only for a plan with images; the example has none, so its rehearsal starts none.
    const oci = hasImages(options.plan) ? await startOciRegistryProcess(DOCKER_REGISTRY, path.join(dir, 'docker-registry')) : undefined;
    if (oci) stops.push(oci.stop);
    const registries: LocalRegistries = { npm, pypi, crates, github, remote, ...(oci ? { oci: { url: oci.url, namespace: IMAGE_NAMESPACE } } : {}) };
    const env = environment(options, dir, registries, await venv);
    p('local stand-ins (started for this scenario, stopped after it):');
    p(`  crates.io           → estuary at ${crates.indexUrl}${seed ? ` (holding crates.io's ${seed.crates.length} locked crates, copied in: not publishes)` : ''}`);
    p(`  npm                 → verdaccio at ${npm.url}`);
    p(`  PyPI                → pypiserver at ${pypi.indexUrl}, uploaded to as its user (PyPI trusted publishing, an OIDC token exchanged for an upload token, is not rehearsable)`);
    p(`  git remote, Go      → a bare repository ${remote} (Go modules fetched from it directly: GOPROXY=direct)`);
    p(`  GitHub Releases     → a local stand-in (not GitHub) at ${github.apiUrl}, reached through a \`gh\` that records every call`);
    if (oci) p(`  ghcr.io (images)    → docker-registry at ${oci.url}, namespace ${IMAGE_NAMESPACE} (no image is built: a stand-in image is pushed; the sign-in and the attestation are not rehearsable)`);
    if (install) {
      p(`  npm ci (installs)   → a second verdaccio at ${install.url} (started once for the rehearsal in ${install.seconds.toFixed(1)} s): ${install.library} packed from ${options.libraryRoot}`);
      p(`                        and published there, every other package from ${install.uplink} (its uplink); kept apart from the npm stand-in above, which holds only what the release publishes`);
    }

    const runs: RunResult[] = [];
    const problems: string[] = [];
    for (const [i, run] of runsOf(scenario, options).entries()) {
      if (run.bumpTo) await bump(options, work, remote, run.bumpTo);
      const result = await playRun(options, registries, env, path.join(dir, `run-${i + 1}`), run, i + 1, install?.url);
      runs.push(result);
      problems.push(...result.rows.filter((r) => r.disagreement).map((r) => `${run.label}: ${r.target} ${r.name}@${r.version}: ${r.disagreement}`));
      problems.push(...expectationProblems(run, result, runs));
    }
    const last = runs[runs.length - 1];
    const all = runs.flatMap((r) => r.uploads).filter(accepted);
    const counts = new Map<string, number>();
    for (const u of all) {
      const id = `${u.target} ${u.name}@${u.version}${u.file ? ` ${u.file}` : ''}`;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const duplicates = [...counts].filter(([, n]) => n > 1).map(([id, n]) => `${id} (${n} uploads)`);
    const misses = scenario === Scenario.DRY_RUN ? [] : last.rows
      .filter((r) => ['crates-io', 'npm', 'pypi', 'go', 'ghcr', 'github-release', 'tag', 'umbrella'].includes(r.target) && r.after !== 'there')
      .map((r) => `${r.target} ${r.name}@${r.version} (${r.after})`);
    for (const d of duplicates) problems.push(`duplicate: ${d}`);
    for (const m of misses) problems.push(`missing at the end: ${m}`);
    const seconds = (Date.now() - started) / 1000;
    p('');
    p(`scenario ${scenario}: ${runs.length} run(s) in ${seconds.toFixed(1)} s; ${duplicates.length} duplicate(s), ${misses.length} miss(es), ${problems.length} problem(s)`);
    for (const problem of problems) p(`  ✗ ${problem}`);
    return { scenario, runs, duplicates, misses, problems, seconds };
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

function expectationProblems(run: RunPlan, result: RunResult, runs: readonly RunResult[]): string[] {
  const out: string[] = [];
  const uploaded = result.uploads.filter(accepted);
  if (run.expect === 'nothing-uploaded') {
    for (const u of uploaded) out.push(`${run.label}: ${u.target} ${u.name}@${u.version} was uploaded again`);
    for (const r of result.rows.filter((x) => x.said === 'published')) out.push(`${run.label}: the summary says ${r.target} ${r.name}@${r.version} was published, not already there`);
  }
  if (run.expect === 'latest-kept') {
    const before = runs[runs.length - 2];
    for (const [name, tag] of Object.entries(before.npmLatest)) {
      if (result.npmLatest[name] !== tag) out.push(`${run.label}: npm latest of ${name} moved from ${tag} to ${result.npmLatest[name]}`);
    }
    if (before.githubLatest !== result.githubLatest) out.push(`${run.label}: the GitHub Latest release moved from ${before.githubLatest} to ${result.githubLatest}`);
  }
  if (result.report.release === undefined || !result.report.release.release) out.push(`${run.label}: the plan job decided to release nothing (${result.report.release?.reason ?? 'it failed'})`);
  return out;
}

async function bump(options: RehearsalOptions, work: string, remote: string, version: string): Promise<void> {
  options.print('');
  options.print(`a release commit for ${version}: lockstep bump ${version} in the rehearsal's clone, pushed to its remote`);
  const cli = path.join(options.libraryRoot, 'lib', 'runtime', 'cli.js');
  const r = await options.exec.run(process.execPath, [cli, 'bump', version], { cwd: work });
  if (r.code !== 0) throw new CliError(`lockstep bump ${version} failed in the rehearsal's clone: ${(r.stderr || r.stdout).trim()}`);
  await git(options.exec, work, ['add', '-A']);
  await git(options.exec, work, ['commit', '--quiet', '--no-verify', '-m', `release ${version}`]);
  await git(options.exec, work, ['push', '--quiet', remote, `HEAD:refs/heads/${options.plan.releaseBranch}`]);
}

/** The environment every step starts from: this machine's, less anything that could reach a real registry or GitHub. */
/** Debian's docker-registry, which `.ci/install-registry-tools.sh` installs (issue 17). */
const DOCKER_REGISTRY = '/usr/bin/docker-registry';

/** The images' namespace in the rehearsal's registry (GHCR's is the repository owner). */
const IMAGE_NAMESPACE = 'rehearsal';

function hasImages(plan: ReleasePlan): boolean {
  return imagesToPublish(plan.tracks.flatMap((t) => t.products)).length > 0;
}

function environment(options: RehearsalOptions, dir: string, registries: LocalRegistries, venv: string): Record<string, string> {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, 'gh'), ghShim(registries.github.apiUrl), { mode: 0o755 });
  const gitConfig = path.join(dir, 'gitconfig');
  fs.writeFileSync(gitConfig, [
    '[user]', '\tname = rehearsal', '\temail = rehearsal@localhost',
    // Go fetches modules with git from the rehearsal remote; it turns off git's file protocol unless allowed.
    '[protocol "file"]', '\tallow = always',
    ...goRepoRoots(options.plan).flatMap((root) => [`[url "${registries.remote}"]`, `\tinsteadOf = https://${root}`]),
    '',
  ].join('\n'));
  const kept = Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined
    && !/^(GITHUB_|ACTIONS_|RUNNER_|GH_|NPM_CONFIG_|npm_config_|TWINE_|CARGO_REGISTR|LOCKSTEP_|GO)/.test(e[0])
    && !['NODE_AUTH_TOKEN', 'GITHUB_TOKEN', 'CARGO_HOME', 'GIT_DIR', 'GIT_WORK_TREE', 'INIT_CWD'].includes(e[0]));
  const cargoHome = path.join(dir, 'cargo-home');
  return {
    ...Object.fromEntries(kept),
    // Each job gets its own CARGO_HOME, its bin first on the job's PATH (runner.ts, jobCargoHome); this one
    // holds the download caches they share.
    PATH: [bin, path.join(venv, 'bin'), process.env.PATH ?? ''].join(path.delimiter),
    VIRTUAL_ENV: venv,
    RUSTUP_HOME: process.env.RUSTUP_HOME ?? path.join(os.homedir(), '.rustup'),
    CARGO_HOME: cargoHome,
    CARGO_TERM_COLOR: 'never',
    GIT_CONFIG_GLOBAL: gitConfig,
    GIT_CONFIG_NOSYSTEM: '1',
    GITHUB_API_URL: registries.github.apiUrl,
    GITHUB_SERVER_URL: 'https://github.invalid',
    GITHUB_REPOSITORY: `rehearsal/${path.basename(options.repoDir)}`,
    LOCKSTEP_CRATES_INDEX_URL: registries.crates.indexUrl,
    LOCKSTEP_NPM_REGISTRY: registries.npm.url,
    NODE_AUTH_TOKEN: registries.npm.token,
    LOCKSTEP_PYPI_INDEX_URL: registries.pypi.indexUrl,
    LOCKSTEP_PYPI_REPOSITORY_URL: registries.pypi.uploadUrl,
    // PyPI trusted publishing cannot run here: publish-pypi uploads as the local pypiserver's user instead.
    TWINE_USERNAME: registries.pypi.username,
    TWINE_PASSWORD: registries.pypi.password,
    LOCKSTEP_GO_PROXY: 'direct',
    ...(registries.oci ? { LOCKSTEP_IMAGE_REGISTRY: registries.oci.url, LOCKSTEP_IMAGE_NAMESPACE: registries.oci.namespace } : {}),
    GOSUMDB: 'off',
    GOTOOLCHAIN: 'local',
    GOMODCACHE: path.join(dir, 'go-mod-cache'),
    GOPATH: path.join(dir, 'go'),
    GOCACHE: process.env.GOCACHE ?? path.join(os.homedir(), '.cache', 'go-build'),
    NPM_CONFIG_UPDATE_NOTIFIER: 'false',
    NPM_CONFIG_FUND: 'false',
    NPM_CONFIG_AUDIT: 'false',
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
  };
}

async function stateOf(run: ReleaseRun | undefined, registries: LocalRegistries, exec: Exec): Promise<Map<string, Held>> {
  const out = new Map<string, Held>();
  if (run === undefined) return out;
  for (const key of keysOf(run)) out.set(keyId(key), await held(key, registries, exec));
  return out;
}

async function playRun(
  options: RehearsalOptions, registries: LocalRegistries, baseEnv: Record<string, string>, dir: string, plan: RunPlan, n: number,
  installRegistry: string | undefined,
): Promise<RunResult> {
  const p = options.print;
  const started = Date.now();
  p('');
  p(`--- run ${n}: ${plan.label}${plan.dryRun ? ' (dry_run: true)' : ''} — workflow_dispatch of ${options.workflowFile} ---`);
  const stopping = plan.failure === Failure.SERVER_STOPPED;
  for (const proxy of [registries.npm.proxy, registries.pypi.proxy, registries.crates.proxy]) {
    proxy.refuse.clear();
    proxy.stopDuring.clear();
    for (const name of plan.refuse) (stopping ? proxy.stopDuring : proxy.refuse).add(name);
  }
  if (plan.refuse.length > 0 && stopping) p(`injected failure: the registry server is killed while it receives the first upload of ${plan.refuse.join(', ')}, and stays down for the rest of the run`);
  else if (plan.refuse.length > 0) p(`injected failure: the registries refuse every upload of ${plan.refuse.join(', ')} (HTTP 403)`);
  const sha = (await options.exec.run('git', ['rev-parse', `refs/heads/${options.plan.releaseBranch}`], { cwd: registries.remote })).stdout.trim();
  const marks = [registries.npm.proxy, registries.pypi.proxy, registries.crates.proxy].map((x) => x.uploads.length);
  // The state before the run is asked once the plan job has said what the run is about.
  let before = new Map<string, Held>();
  const report = await runWorkflow({
    exec: options.exec,
    workflow: options.workflow,
    dir,
    remote: registries.remote,
    baseEnv,
    github: {
      repository: baseEnv.GITHUB_REPOSITORY,
      repository_owner: 'rehearsal',
      server_url: baseEnv.GITHUB_SERVER_URL,
      api_url: baseEnv.GITHUB_API_URL,
      run_id: String(n),
      run_attempt: '1',
      event: { repository: { visibility: 'private' } },
    },
    secrets: { GITHUB_TOKEN: 'rehearsal-stand-in-token', LOCKSTEP_NPM_TOKEN: registries.npm.token, LOCKSTEP_CRATES_TOKEN: 'rehearsal-crates-token' },
    host: { platform: 'linux-x64', target: 'x86_64-unknown-linux-gnu' },
    without: options.without,
    ...(options.cargoInstalls === undefined ? {} : { cargoInstalls: options.cargoInstalls }),
    installRegistry,
    actions: {
      tools: { maturin: path.join(options.tools.pypiVenvBin, 'maturin') },
      cratesToken: 'rehearsal-crates-token',
      libraryRoot: options.libraryRoot,
    },
    onJob: (job) => printJob(p, job),
  }, {
    event: 'workflow_dispatch',
    ref: `refs/heads/${options.plan.releaseBranch}`,
    sha,
    inputs: { version: plan.version, dry_run: plan.dryRun },
  }, async (run) => {
    before = await stateOf(run, registries, options.exec);
  });
  // The rows the summary job shows: the outcome files, else what the plan job and the job results say.
  const needs = Object.fromEntries([...report.results].filter(([id]) => id !== 'summary').map(([id, result]) => [id, { result }]));
  // The outcome artifacts only, as the summary job downloads them (`outcome-*`): the run keeps others (the release decision).
  const outcomeDirs = fs.readdirSync(report.artifactsDir).filter((a) => a.startsWith(OUTCOME_ARTIFACT_PREFIX)).sort();
  const recorded = outcomeDirs.flatMap((a) => readOutcomeDir(new NodeFs(dir), path.join(report.artifactsDir, a)));
  const outcomes = summarize(report.release, recorded, needs).rows;
  // A server stopped mid-upload is started again (same port, same data) to be asked, and for the fixed re-run.
  for (const [registry, server] of [['estuary', registries.crates], ['verdaccio', registries.npm], ['pypiserver', registries.pypi]] as const) {
    const during = server.proxy.stoppedDuring();
    if (during && (await server.proxy.bringBack())) {
      p(`${registry} was killed at +${(during.at / 1000).toFixed(1)} s while it received ${during.name}@${during.version}${during.file ? ` ${during.file}` : ''}; started again on its port and data for what follows`);
    }
  }
  const after = await stateOf(report.release, registries, options.exec);
  const proxies = [registries.npm.proxy, registries.pypi.proxy, registries.crates.proxy];
  const uploads = proxies.flatMap((x, i) => x.uploads.slice(marks[i])).sort((a, b) => a.at - b.at);
  const rows = report.release ? compare(keysOf(report.release), outcomes, before, after, uploads) : [];
  const npmLatest: Record<string, string | undefined> = {};
  for (const product of report.release?.products ?? []) {
    for (const k of product.packages.filter((x) => x.target === PublishTarget.NPM)) npmLatest[k.name] = (await npmDocument(registries.npm, k.name))?.['dist-tags'].latest;
  }
  const seconds = (Date.now() - started) / 1000;
  const githubLatest = registries.github.latest();
  const result: RunResult = {
    label: plan.label, version: plan.version, dryRun: plan.dryRun, report, rows, uploads, npmLatest, githubLatest, seconds,
  };
  printRun(p, result);
  return result;
}

function printJob(p: (line: string) => void, job: JobReport): void {
  const mark = job.result === 'success' ? '✓' : job.result === 'failure' ? '✗' : '-';
  p(`${mark} ${job.name}: ${job.result}${job.why ? ` (${job.why})` : ''}${job.seconds ? ` in ${job.seconds.toFixed(1)} s` : ''}`);
  for (const s of job.steps) {
    if (s.outcome === 'success' && s.note === undefined && s.seconds < 5) continue;
    const m = s.outcome === 'success' ? '·' : s.outcome === 'failure' ? '✗' : '-';
    p(`    ${m} ${s.name}${s.note ? `: ${s.note}` : ''}${s.seconds >= 5 ? ` (${s.seconds.toFixed(1)} s)` : ''}`);
    if (s.tail) for (const line of s.tail.split('\n')) p(`        | ${line}`);
  }
}

function printRun(p: (line: string) => void, result: RunResult): void {
  const { report } = result;
  if (report.otherPlatforms.size > 0) {
    p('');
    p('built for this machine\'s platform only (linux-x64); not built:');
    for (const [job, platforms] of report.otherPlatforms) p(`  ${job}: ${platforms.join(', ')}`);
  }
  if (report.notRehearsable.size > 0) {
    p('');
    p('not rehearsable outside GitHub, and what replaced it:');
    for (const line of [...report.notRehearsable].sort()) p(`  - ${line}`);
  }
  p('');
  p('the run\'s summary (lockstep summary):');
  for (const line of report.summaryText.trimEnd().split('\n')) p(`  ${line}`);
  p('');
  p('the registries\' real state beside it:');
  for (const line of stateTable(result.rows)) p(`  ${line}`);
  const latest = Object.entries(result.npmLatest).map(([name, v]) => `${name} ${v ?? '(none)'}`);
  p(`npm latest: ${latest.length > 0 ? latest.join(', ') : '(no npm package)'}; GitHub Latest (stand-in): ${result.githubLatest ?? '(none)'}`);
  if (result.uploads.length > 0) {
    p('');
    p('uploads, in the order the registries received them:');
    for (const u of result.uploads) p(`  +${(u.at / 1000).toFixed(1).padStart(6)} s  ${u.target.padEnd(10)} ${u.name}@${u.version}${u.file ? ` ${u.file}` : ''}: ${u.status === 0 ? 'no answer (the server was stopped mid-upload)' : `HTTP ${u.status}`}`);
  }
  p(`run took ${result.seconds.toFixed(1)} s`);
}
