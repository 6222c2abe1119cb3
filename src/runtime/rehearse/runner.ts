import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ActionContext, actionName, globFiles, runAction } from './actions';
import { BuildTools, stepEquivalent } from './build-tools';
import { ExprScope, ExprValue, condition, evaluateExpression, interpolate } from './expressions';
import { NarrowedNapiTarget, narrowNapiTargets, runsNapiTools } from './napi-platforms';
import { stepTail } from './step-tail';
import { Workflow, WorkflowJob, WorkflowStep, matrixCombos } from './workflow';
import { PLAN_OUTPUTS, RELEASE_RUN_ARTIFACT, RELEASE_RUN_FILE } from '../../model';
import { Exec } from '../release/ports';
import { needsPublishJob, needsBuild, npmPackageBuilds } from '../release/release-plan';
import { ReleaseRun } from '../release/run';

/**
 * Runs the jobs of a workflow once, on this machine, in `needs` order: each job's `run:` steps with the
 * environment the workflow gives them (expressions resolved from this run's own state), each `uses:`
 * step through its local equivalent (actions.ts). A matrix job runs this machine's platform only.
 */

export type JobResult = 'success' | 'failure' | 'cancelled' | 'skipped';

/** One step as it ran. */
export interface StepReport {
  readonly name: string;
  readonly outcome: 'success' | 'failure' | 'skipped';
  /** What ran instead of a `uses:` action, or why the step did not run. */
  readonly note?: string;
  readonly seconds: number;
  /** The last lines of the output of a failed step. */
  readonly tail?: string;
}

/** One job (one matrix combination) as it ran. */
export interface JobReport {
  readonly id: string;
  readonly name: string;
  readonly result: JobResult;
  readonly why?: string;
  readonly seconds: number;
  readonly steps: readonly StepReport[];
}

/** The trigger of a run: a dispatch of the release. */
export interface RunTrigger {
  readonly event: string;
  readonly ref: string;
  readonly sha: string;
  readonly inputs: Readonly<Record<string, ExprValue>>;
}

/** Everything a run needs from the rehearsal around it. */
export interface RunSetup {
  readonly exec: Exec;
  readonly workflow: Workflow;
  /** This run's own directory: workspaces, artifacts, logs. */
  readonly dir: string;
  readonly remote: string;
  /** The environment every step starts from (PATH with the stand-ins, the local registries' settings). */
  readonly baseEnv: Readonly<Record<string, string>>;
  /** `github` context values beyond the trigger's (repository, visibility, urls). */
  readonly github: Readonly<Record<string, ExprValue>>;
  readonly secrets: Readonly<Record<string, string>>;
  /** This machine's platform and Rust target: a matrix runs its own combination only. */
  readonly host: { readonly platform: string; readonly target: string };
  /**
   * npm's registry in the workflow's `npm ci` steps when the repository declares this library (the install
   * registry: this build, and the rest through its uplink); absent, this build is linked into each checkout.
   */
  readonly installRegistry?: string;
  /** Products the rehearsal leaves out (`--without`): taken out of the plan job's decision. */
  readonly without: readonly string[];
  /**
   * The `cargo install --root` roots the `.ci` scripts built (`CRATE-VERSION`), for the local equivalents of
   * tool downloads and builds (build-tools.ts). Absent, every `run:` step runs as written; a directory that
   * holds no build leaves `cargo install` to compile, while the other equivalents still apply (a known
   * download is stood in for, and `wasm-pack build` fails naming the command that builds its wasm-bindgen).
   */
  readonly cargoInstalls?: string;
  readonly actions: Omit<ActionContext, 'exec' | 'workspace' | 'artifactsDir' | 'remote' | 'sha' | 'env'> & { readonly libraryRoot: string };
  /** Called as each job finishes, to print progress. */
  readonly onJob?: (job: JobReport) => void;
}

/** What a run did. */
export interface RunReport {
  readonly jobs: readonly JobReport[];
  /** Each job's result (a matrix job: failure if any combination failed). */
  readonly results: ReadonlyMap<string, JobResult>;
  /** The plan job's decision, as the later jobs read it (after `--without`). */
  readonly release?: ReleaseRun;
  /** What could not run outside GitHub, and what replaced it. */
  readonly notRehearsable: ReadonlySet<string>;
  /** Matrix combinations for other platforms, not run: job → platforms. */
  readonly otherPlatforms: ReadonlyMap<string, readonly string[]>;
  readonly artifactsDir: string;
  /** The summary job's output. */
  readonly summaryText: string;
}

interface NeedState {
  result: JobResult;
  outputs: Record<string, string>;
}

function platformOf(combo: Readonly<Record<string, string>>): string | undefined {
  return combo.platform ?? combo.target;
}

function runsHere(combo: Readonly<Record<string, string>>, host: RunSetup['host']): boolean {
  if (combo.platform === undefined && combo.target === undefined) return true;
  return combo.platform === host.platform || combo.target === host.target;
}

/**
 * Reads a `$GITHUB_OUTPUT`/`$GITHUB_ENV` file as the runner does (actions/runner's file commands):
 * `name=value` lines and `name<<DELIMITER` blocks. A line the runner cannot read fails the step there, so
 * it throws here, naming the file; a file the step never wrote is empty.
 */
export function readKeyValueFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(file)) return out;
  const name = path.basename(file);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      if (end < 0) throw new Error(`${name}: no end for ${heredoc[1]}: the runner would fail the step`);
      out[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error(`${name}: invalid line ${JSON.stringify(line)}: the runner would fail the step`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/**
 * The plan job's decision without the left-out products: their builds do not run, their packages are not
 * published, their release assets are not required. The later jobs read only this: the outputs, and the
 * release decision's file in its artifact (rewritten here).
 */
export function leaveOut(
  outputs: Record<string, string>, run: ReleaseRun, without: readonly string[],
): { outputs: Record<string, string>; run: ReleaseRun } {
  if (without.length === 0) return { outputs, run };
  const products = run.products.filter((p) => !without.includes(p.name));
  const kept: ReleaseRun = {
    ...run,
    products,
    publishWaves: run.publishWaves.map((w) => w.filter((n) => !without.includes(n))).filter((w) => w.length > 0),
    todo: [...new Set(products.flatMap((p) => p.packages.filter(needsPublishJob).map((k) => k.target)))].sort(),
  };
  return {
    run: kept,
    outputs: {
      ...outputs,
      products: JSON.stringify(products.map((p) => p.name)),
      todo: JSON.stringify(kept.todo),
      build: JSON.stringify(products.filter(needsBuild).map((p) => p.name)),
      [PLAN_OUTPUTS.npmPackages]: JSON.stringify(npmPackageBuilds(kept)),
    },
  };
}

/** The release decision the plan job kept as an artifact of this run, or undefined when it kept none. */
function releaseRunArtifact(artifactsDir: string): { file: string; run?: ReleaseRun } {
  const file = path.join(artifactsDir, RELEASE_RUN_ARTIFACT, path.basename(RELEASE_RUN_FILE));
  return { file, ...(fs.existsSync(file) ? { run: JSON.parse(fs.readFileSync(file, 'utf8')) as ReleaseRun } : {}) };
}

/** `LOCKSTEP_RELEASE_ASSETS` without the artifacts of left-out products and of platforms not built here. */
function requiredAssetsHere(json: string, without: readonly string[], otherPlatforms: ReadonlySet<string>): string {
  const assets = JSON.parse(json) as Record<string, string[]>;
  return JSON.stringify(Object.fromEntries(Object.entries(assets)
    .filter(([product]) => !without.includes(product))
    .map(([product, names]) => [product, names.filter((n) => !otherPlatforms.has(n.split('.').pop() ?? ''))])));
}

/** Runs the workflow once. */
export async function runWorkflow(setup: RunSetup, trigger: RunTrigger, onPlan?: (run: ReleaseRun) => Promise<void>): Promise<RunReport> {
  const artifactsDir = path.join(setup.dir, 'artifacts');
  fs.mkdirSync(artifactsDir, { recursive: true });
  const needs = new Map<string, NeedState>();
  const reports: JobReport[] = [];
  const notRehearsable = new Set<string>();
  const otherPlatforms = new Map<string, string[]>();
  let release: ReleaseRun | undefined;
  let summaryText = '';

  for (const job of setup.workflow.jobs) {
    const needsCtx: Record<string, ExprValue> = Object.fromEntries(job.needs.map((n) => [n, { ...needs.get(n)! }]));
    const results = job.needs.map((n) => needs.get(n)!.result);
    const jobStatus = { success: results.every((r) => r === 'success'), failure: results.includes('failure'), cancelled: false };
    const github = githubContext(setup, trigger, job);
    const baseScope = (matrix: Record<string, string>): ExprScope => ({
      contexts: { github, inputs: trigger.inputs as ExprValue, needs: needsCtx, matrix, env: {}, vars: {}, secrets: setup.secrets, runner: { os: 'Linux', arch: 'X64' }, strategy: {}, steps: {}, job: {} },
      status: jobStatus,
    });
    if (!condition(job.if, baseScope({}))) {
      const report: JobReport = { id: job.id, name: job.matrix ? job.id : interpolate(job.name, baseScope({})), result: 'skipped', why: 'its if: is false', seconds: 0, steps: [] };
      reports.push(report);
      setup.onJob?.(report);
      needs.set(job.id, { result: 'skipped', outputs: {} });
      continue;
    }
    const combos = job.matrix === undefined ? [{}] : matrixCombos(job.matrix, (e) => evaluateExpression(e, baseScope({})));
    const here = combos.filter((c) => runsHere(c, setup.host));
    const elsewhere = combos.filter((c) => !runsHere(c, setup.host)).map((c) => platformOf(c) ?? '?');
    if (elsewhere.length > 0) otherPlatforms.set(job.id, elsewhere);
    if (here.length === 0) {
      const report: JobReport = { id: job.id, name: job.id, result: 'skipped', why: `no matrix combination for this machine (${setup.host.platform}); its platforms: ${elsewhere.join(', ')}`, seconds: 0, steps: [] };
      reports.push(report);
      setup.onJob?.(report);
      needs.set(job.id, { result: 'skipped', outputs: {} });
      continue;
    }
    let result: JobResult = 'success';
    let outputs: Record<string, string> = {};
    for (const combo of here) {
      const jobEnvExtra: Record<string, string> = {};
      if (job.env.LOCKSTEP_RELEASE_ASSETS !== undefined) {
        const others = new Set([...otherPlatforms.values()].flat());
        jobEnvExtra.LOCKSTEP_RELEASE_ASSETS = requiredAssetsHere(job.env.LOCKSTEP_RELEASE_ASSETS, setup.without, others);
        if (setup.without.length > 0 || others.size > 0) notRehearsable.add('release assets of other platforms (and of left-out products) are not required: this machine builds its own platform only');
      }
      const others = new Set([...otherPlatforms.values()].flat());
      const ran = await runJob(setup, trigger, job, combo, baseScope(combo), jobEnvExtra, artifactsDir, notRehearsable, others, release);
      reports.push(ran.report);
      setup.onJob?.(ran.report);
      if (ran.report.result === 'failure') result = 'failure';
      outputs = ran.outputs;
      if (job.id === 'summary') summaryText = ran.summaryText;
    }
    if (job.environment) notRehearsable.add(`the approval of the \`${job.environment}\` environment (GitHub's protection rules and reviewers): the rehearsal goes on without one`);
    if (job.id === 'plan' && result === 'success') {
      const kept = releaseRunArtifact(artifactsDir);
      if (kept.run) {
        const left = leaveOut(outputs, kept.run, setup.without);
        outputs = left.outputs;
        release = left.run;
        fs.writeFileSync(kept.file, `${JSON.stringify(release)}\n`);
      }
      if (release && onPlan) await onPlan(release);
    }
    needs.set(job.id, { result, outputs });
  }
  const results = new Map([...needs].map(([id, s]) => [id, s.result]));
  return { jobs: reports, results, release, notRehearsable, otherPlatforms, artifactsDir, summaryText };
}

function githubContext(setup: RunSetup, trigger: RunTrigger, job: WorkflowJob): Record<string, ExprValue> {
  return {
    ...setup.github,
    event_name: trigger.event,
    ref: trigger.ref,
    sha: trigger.sha,
    job: job.id,
    token: setup.secrets.GITHUB_TOKEN,
    event: { ...(setup.github.event as Record<string, ExprValue> | undefined ?? {}), inputs: trigger.inputs as ExprValue },
  };
}

async function runJob(
  setup: RunSetup, trigger: RunTrigger, job: WorkflowJob, matrix: Record<string, string>, scope: ExprScope,
  jobEnvExtra: Record<string, string>, artifactsDir: string, notRehearsable: Set<string>, otherPlatforms: ReadonlySet<string>,
  release: ReleaseRun | undefined,
): Promise<{ report: JobReport; outputs: Record<string, string>; summaryText: string }> {
  const started = Date.now();
  // Each combination its own directory: by platform, or by its first value (a computed matrix's product).
  const first = Object.values(matrix)[0];
  const suffix = platformOf(matrix) ?? (first === undefined ? undefined : first.replace(/[^A-Za-z0-9._-]+/g, '-'));
  const jobDir = path.join(setup.dir, 'jobs', suffix ? `${job.id}.${suffix}` : job.id);
  const workspace = path.join(jobDir, 'workspace');
  const temp = path.join(jobDir, 'temp');
  fs.mkdirSync(temp, { recursive: true });
  const cargoHome = jobCargoHome(jobDir, setup.baseEnv.CARGO_HOME);
  const files = { output: path.join(temp, 'output'), env: path.join(temp, 'env'), path: path.join(temp, 'path'), summary: path.join(temp, 'step-summary.md') };
  for (const f of [files.env, files.path, files.summary]) fs.writeFileSync(f, '');
  const name = interpolate(job.name, scope);
  const runnerEnv: Record<string, string> = {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_EVENT_NAME: trigger.event,
    GITHUB_REF: trigger.ref,
    GITHUB_SHA: trigger.sha,
    GITHUB_JOB: job.id,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: temp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
  };
  // Workflow, then job env, each resolved against what is known so far.
  let env: Record<string, string> = { ...runnerEnv };
  const withEnv = (extra: Record<string, string>): ExprScope => ({ ...scope, contexts: { ...scope.contexts, env: { ...env, ...extra } } });
  for (const [k, v] of Object.entries(setup.workflow.env)) env[k] = interpolate(v, withEnv({}));
  for (const [k, v] of Object.entries(job.env)) env[k] = interpolate(v, withEnv({}));
  env = { ...env, ...jobEnvExtra };

  const stepsCtx: Record<string, ExprValue> = {};
  const steps: StepReport[] = [];
  let failed = false;
  const extraPath: string[] = [];
  const narrowed: NarrowedNapiTarget[] = [];
  // Only a job that runs napi's tools has its napi targets narrowed (napi-platforms.ts).
  const napiJob = runsNapiTools(job.steps);
  const notFetched: string[] = [];
  const buildTools: BuildTools | undefined = setup.cargoInstalls === undefined ? undefined : {
    cargoInstalls: setup.cargoInstalls, jobBin: path.join(jobDir, 'local-tools'), path: setup.baseEnv.PATH ?? process.env.PATH ?? '', exec: setup.exec,
  };
  fs.mkdirSync(workspace, { recursive: true });
  for (const [index, step] of job.steps.entries()) {
    const t0 = Date.now();
    const stepScope: ExprScope = {
      contexts: { ...scope.contexts, env, steps: stepsCtx, job: { status: failed ? 'failure' : 'success' } },
      status: { success: !failed, failure: failed, cancelled: false },
      hashFiles: (patterns) => hashFiles(workspace, patterns),
    };
    const stepName = interpolate(step.name, stepScope);
    if (!condition(step.if, stepScope)) {
      steps.push({ name: stepName, outcome: 'skipped', note: 'its if: is false', seconds: 0 });
      if (step.id) stepsCtx[step.id] = { outcome: 'skipped', conclusion: 'skipped', outputs: {} };
      continue;
    }
    const stepEnv: Record<string, string> = { ...env };
    for (const [k, v] of Object.entries(step.env)) stepEnv[k] = interpolate(v, stepScope);
    const fullEnv: Record<string, string> = {
      ...setup.baseEnv,
      ...(cargoHome ? { CARGO_HOME: cargoHome } : {}),
      ...stepEnv,
      PATH: [...extraPath, ...(cargoHome ? [path.join(cargoHome, 'bin')] : []), setup.baseEnv.PATH ?? process.env.PATH ?? ''].join(path.delimiter),
    };
    const installsLockstep = actionIsLockstepInstall(step);
    if (installsLockstep && setup.installRegistry !== undefined) fullEnv.NPM_CONFIG_REGISTRY = setup.installRegistry;
    const outputFile = `${files.output}.${index}`;
    fs.writeFileSync(outputFile, '');
    fullEnv.GITHUB_OUTPUT = outputFile;
    let ok: boolean;
    let note: string | undefined;
    let log = '';
    let outputs: Record<string, string> = {};
    const w = Object.fromEntries(Object.entries(step.with).map(([k, v]) => [k, interpolate(v, stepScope)]));
    const elsewhere = step.uses !== undefined && actionName(step.uses) === 'actions/download-artifact' ? notBuiltHere(w.pattern ?? w.name ?? '', setup.without, otherPlatforms) : undefined;
    const cwd = path.resolve(workspace, step.workingDirectory ?? job.workingDirectory ?? '.');
    // A `run:` step that fetches or builds a tool this machine has (build-tools.ts): its local equivalent.
    const equivalent = step.run !== undefined && buildTools
      ? await stepEquivalent({ name: stepName, script: step.run, env: fullEnv, cwd, workspace, notFetched }, buildTools)
      : undefined;
    if (equivalent?.notRehearsable) notRehearsable.add(equivalent.notRehearsable);
    if (equivalent?.jobPath) extraPath.unshift(...equivalent.jobPath);
    if (equivalent?.notFetched) notFetched.push(equivalent.notFetched);
    if (elsewhere !== undefined) {
      ok = true;
      note = `not run: ${elsewhere}`;
      // A napi binary of another platform, in a job that runs napi's tools: its target leaves the product's napi
      // config in this checkout (napi-platforms.ts). The run holds no left-out product, so any napi artifact of it
      // skipped here is of another platform.
      const narrowing = napiJob ? narrowNapiTargets(workspace, release, w.pattern ?? w.name ?? '') : undefined;
      if (typeof narrowing === 'string') {
        note += `; ${narrowing}`;
      } else if (narrowing !== undefined) {
        narrowed.push(narrowing);
        note += `; ${narrowing.target} taken out of ${narrowing.field} in ${narrowing.file} of this checkout`;
      }
    } else if (step.uses !== undefined) {
      const r = await runAction(step.uses, w, {
        ...setup.actions, exec: setup.exec, workspace, artifactsDir, remote: setup.remote, sha: trigger.sha, env: fullEnv,
      });
      ok = r.ok;
      note = r.did;
      log = r.log ?? '';
      outputs = r.outputs ?? {};
      if (r.notRehearsable) notRehearsable.add(`${r.notRehearsable}: ${r.did}`);
    } else if (equivalent && !equivalent.run) {
      ok = equivalent.failure === undefined;
      note = equivalent.note;
      log = equivalent.failure ?? '';
    } else if (/\blockstep preflight\b/.test(step.run!)) {
      // The preflight checks that the job can get an OIDC token and that the trusted publishers match.
      ok = true;
      note = 'not run: it checks GitHub\'s OIDC token and the registries\' trusted publishers';
      notRehearsable.add('the trusted-publishing preflight (OIDC and the registries\' trusted-publisher settings): the local registries take tokens instead');
    } else {
      if (equivalent?.stepPath) fullEnv.PATH = [...equivalent.stepPath, fullEnv.PATH].join(path.delimiter);
      const script = path.join(temp, `step-${index}.sh`);
      fs.writeFileSync(script, step.run!);
      const r = await setup.exec.run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env: fullEnv });
      ok = r.code === 0;
      note = equivalent?.after?.(ok) ?? equivalent?.note;
      log = `${r.stdout}${r.stderr ? `\n${r.stderr}` : ''}`;
      fs.writeFileSync(path.join(temp, `step-${index}.log`), log);
      try {
        outputs = readKeyValueFile(outputFile);
        Object.assign(env, readKeyValueFile(files.env));
      } catch (e) {
        ok = false;
        log += `\n${(e as Error).message}`;
      }
      extraPath.unshift(...fs.readFileSync(files.path, 'utf8').split('\n').filter(Boolean).reverse());
      fs.writeFileSync(files.path, '');
      if (installsLockstep && ok) {
        note = setup.installRegistry === undefined
          ? linkLockstep(workspace, setup.actions.libraryRoot, notRehearsable)
          : `from the install registry (${setup.installRegistry}): this library's build, every other package through its uplink`;
      }
    }
    const outcome = ok ? 'success' : 'failure';
    const conclusion = ok || step.continueOnError ? 'success' : 'failure';
    if (step.id) stepsCtx[step.id] = { outcome, conclusion, outputs };
    if (conclusion === 'failure') failed = true;
    steps.push({ name: stepName, outcome, note, seconds: (Date.now() - t0) / 1000, ...(ok ? {} : { tail: stepTail(log) }) });
  }
  for (const product of [...new Set(narrowed.map((n) => n.product))]) {
    const mine = narrowed.filter((n) => n.product === product);
    const last = mine[mine.length - 1];
    notRehearsable.add(`the napi platform packages of ${product} for ${mine.map((n) => n.target).join(', ')} (their binaries are built on other platforms): `
      + `taken out of ${last.field} in ${last.file} of the checkout, so napi lays out, and the main package's optionalDependencies name, ${last.kept.length > 0 ? last.kept.join(', ') : 'no platform'} only`);
  }
  const status = { success: !failed, failure: failed, cancelled: false };
  const outScope: ExprScope = { contexts: { ...scope.contexts, env, steps: stepsCtx }, status };
  const outputs = Object.fromEntries(Object.entries(job.outputs).map(([k, v]) => [k, interpolate(v, outScope)]));
  const summaryText = fs.existsSync(files.summary) ? fs.readFileSync(files.summary, 'utf8') : '';
  const report: JobReport = { id: job.id, name, result: failed ? 'failure' : 'success', seconds: (Date.now() - started) / 1000, steps };
  return { report, outputs, summaryText };
}

/**
 * Why an artifact is not made on this machine: `<kind>.<product>[.<platform>]` of a left-out product, or of
 * a platform whose matrix combination did not run here. Undefined when it is made here.
 */
export function notBuiltHere(artifact: string, without: readonly string[], otherPlatforms: ReadonlySet<string>): string | undefined {
  const parts = artifact.split('.');
  if (parts.length >= 2 && without.includes(parts[1])) return `${artifact} belongs to ${parts[1]}, left out of the rehearsal`;
  if (parts.length >= 3 && otherPlatforms.has(parts[parts.length - 1])) return `${artifact} is built on another platform than this machine's`;
  return undefined;
}

/**
 * The job's own CARGO_HOME (`jobDir/cargo-home`), as each GitHub job gets a fresh runner: what one job
 * cargo-installs (into its bin, on the job's PATH) is not on a later job's PATH. Only cargo's download caches
 * (`registry/`, `git/`) link to the rehearsal's shared CARGO_HOME, so crates are fetched once. Nothing else
 * is read from CARGO_HOME: the registries' settings come as `--config` arguments and a token variable.
 * Undefined when the rehearsal gives no CARGO_HOME (cargo's default then).
 */
export function jobCargoHome(jobDir: string, shared: string | undefined): string | undefined {
  if (shared === undefined) return undefined;
  const home = path.join(jobDir, 'cargo-home');
  fs.mkdirSync(path.join(home, 'bin'), { recursive: true });
  for (const cache of ['registry', 'git']) {
    fs.mkdirSync(path.join(shared, cache), { recursive: true });
    fs.rmSync(path.join(home, cache), { recursive: true, force: true });
    fs.symlinkSync(path.join(shared, cache), path.join(home, cache));
  }
  return home;
}

function actionIsLockstepInstall(step: WorkflowStep): boolean {
  return /^npm ci\b/.test(step.run ?? '');
}

/**
 * After the workflow's `npm ci` in a repository that does not declare projen-lockstep-release (the
 * real-shape fixtures: they are adopted without it, as this build is in no registry they could install
 * from), the rehearsal links this library's build into the checkout's node_modules, as an installed
 * dependency would be, and says so. A repository that declares it installs it from the install registry.
 */
function linkLockstep(workspace: string, libraryRoot: string, notRehearsable: Set<string>): string | undefined {
  const bin = path.join(workspace, 'node_modules', '.bin', 'lockstep');
  if (fs.existsSync(bin)) return undefined;
  const cli = path.join(libraryRoot, 'lib', 'runtime', 'cli.js');
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  fs.rmSync(path.join(workspace, 'node_modules', 'projen-lockstep-release'), { force: true, recursive: true });
  fs.symlinkSync(libraryRoot, path.join(workspace, 'node_modules', 'projen-lockstep-release'));
  fs.writeFileSync(bin, `#!/bin/sh\nexec node ${JSON.stringify(cli)} "$@"\n`, { mode: 0o755 });
  notRehearsable.add(`the lockstep CLI from the registry: the repository's npm ci does not install projen-lockstep-release, so this library's build (${libraryRoot}) was linked into each checkout's node_modules`);
  return 'then linked this library\'s build as node_modules/.bin/lockstep (the repository does not depend on it)';
}

function hashFiles(workspace: string, patterns: string[]): string {
  const files = patterns.flatMap((p) => globFiles(workspace, p));
  if (files.length === 0) return '';
  const hash = createHash('sha256');
  for (const f of files) hash.update(fs.readFileSync(f));
  return hash.digest('hex');
}
