import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RELEASE_WORKFLOW_FILE } from '../../model';
import { FsRepoReader } from '../../model/repo';
import { parseArgs } from '../args';
import { currentVersion } from '../bump/current-version';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { logQuoted } from '../output';
import { loadPlan } from '../plan-loader';
import { RehearsalOptions, SCENARIOS, Scenario, rehearse } from '../rehearse/rehearsal';
import { FAILURES, Failure, checkTools, toolsIn } from '../rehearse/servers';
import { parseWorkflow } from '../rehearse/workflow';
import { SpawnExec } from '../release/real-deps';

const USAGE = `usage: lockstep rehearse [--scenario ${SCENARIOS.join('|')}[,...]] [--fail PACKAGE[,...]] [--failure ${FAILURES.join('|')}] [--without PRODUCT[,...]] [--workflow FILE] [--tools DIR] [--keep] [--plan FILE]`;

/** The library's checkout (lib/runtime/commands or src/runtime/commands → the root). */
const LIBRARY_ROOT = path.resolve(__dirname, '..', '..', '..');

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** What a rehearsal is asked for, as the command's options give it. */
export interface RehearsalRequest {
  readonly scenarios: readonly string[];
  readonly fail: readonly string[];
  /** How the registries fail the `fail` packages (refused by default). */
  readonly failure?: string;
  readonly without: readonly string[];
  readonly workflow?: string;
  readonly tools?: string;
  readonly plan?: string;
}

/** Checks a request against the repository and this machine; every problem is one message naming the option or file. */
export function prepareRehearsal(ctx: RuntimeContext, request: RehearsalRequest): Omit<RehearsalOptions, 'workDir' | 'print'> {
  const scenarios = request.scenarios;
  for (const s of scenarios) if (!SCENARIOS.includes(s)) throw new CliError(`--scenario ${logQuoted(s)} is not a scenario: give ${SCENARIOS.join(', ')}`, 2);
  if (scenarios.includes(Scenario.FAIL) && request.fail.length === 0) throw new CliError('--scenario fail needs --fail PACKAGE: the package (or product) the registries refuse in its first run', 2);
  const failure = request.failure ?? Failure.REFUSED;
  if (!FAILURES.includes(failure)) throw new CliError(`--failure ${logQuoted(failure)} is not a failure: give ${FAILURES.join(', ')}`, 2);
  const plan = loadPlan(ctx.cwd, request.plan);
  const workflowFile = request.workflow ?? path.posix.join('.github', 'workflows', RELEASE_WORKFLOW_FILE);
  const workflowPath = path.resolve(ctx.cwd, workflowFile);
  if (!fs.existsSync(workflowPath)) throw new CliError(`${workflowFile} does not exist: run \`npx projen\` to generate the release workflow, or name it with --workflow`);
  const workflow = parseWorkflow(fs.readFileSync(workflowPath, 'utf8'), workflowFile);
  const without = request.without;
  const products = plan.tracks.flatMap((t) => t.products.map((p) => p.name));
  for (const w of without) if (!products.includes(w)) throw new CliError(`--without ${logQuoted(w)} is not a product of the plan: give one of ${products.join(', ')}`, 2);
  const track = plan.tracks[0];
  const current = currentVersion(track, new FsRepoReader(ctx.cwd));
  if ('reason' in current) throw new CliError(`${current.file}: ${current.reason}`);
  if (!current.valid) throw new CliError(`${current.file}: the version ${logQuoted(current.value)} is not a release version`);
  const toolsDir = path.resolve(ctx.cwd, request.tools ?? path.join(LIBRARY_ROOT, '.tools'));
  const tools = toolsIn(toolsDir);
  checkTools(tools, toolsDir);
  if (!fs.existsSync(path.join(LIBRARY_ROOT, 'lib', 'runtime', 'cli.js'))) throw new CliError(`${LIBRARY_ROOT}/lib is missing: run \`npx projen compile\` in projen-lockstep-release first`);
  return {
    repoDir: ctx.cwd,
    workflowFile,
    workflow,
    plan,
    version: current.value,
    scenarios: scenarios as Scenario[],
    fail: request.fail,
    failure: failure as Failure,
    without,
    tools,
    // What .ci/install-wasm-tools.sh builds (wasm-pack, wasm-bindgen-cli): without them `cargo install`
    // compiles, and `wasm-pack build` fails naming the command that builds its wasm-bindgen; a known download
    // is stood in for either way (runner.ts, build-tools.ts).
    cargoInstalls: path.join(toolsDir, 'cargo-install'),
    libraryRoot: LIBRARY_ROOT,
    exec: new SpawnExec(ctx.env, ctx.cwd),
    env: ctx.env,
  };
}

/**
 * `lockstep rehearse`: runs the jobs of the repository's generated release workflow on this machine, in
 * their `needs` order, against local registries it starts and stops (verdaccio, pypiserver, estuary), a
 * bare git remote and a local stand-in for GitHub Releases, then prints the registries' real state beside
 * the run's summary and fails when they disagree.
 */
export const rehearseCommand: Command = {
  summary: 'run the release workflow on this machine against local registries, and check what they hold',
  usage: USAGE,
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['scenario', 'fail', 'failure', 'without', 'workflow', 'tools', 'plan'], flags: ['keep'] });
    if (args.positionals.length > 0) throw new CliError(`unexpected argument ${logQuoted(args.positionals[0])}; ${USAGE}`, 2);
    const options = prepareRehearsal(ctx, {
      scenarios: list(args.options.scenario ?? Scenario.RERUN),
      fail: list(args.options.fail),
      failure: args.options.failure,
      without: list(args.options.without),
      workflow: args.options.workflow,
      tools: args.options.tools,
      plan: args.options.plan,
    });
    const { workflowFile, workflow, plan, version, scenarios, without } = options;
    const track = plan.tracks[0];
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-rehearsal-'));
    const print = (line: string): void => ctx.stdout(`${line}\n`);
    const started = Date.now();
    print(`rehearsal of ${workflowFile} (${workflow.jobs.length} jobs) for ${track.name} ${version}: ${scenarios.join(', ')}`);
    if (without.length > 0) print(`left out (--without): ${without.join(', ')}: their builds do not run and their packages are not published`);
    try {
      const results = await rehearse({ ...options, workDir, print });
      const seconds = (Date.now() - started) / 1000;
      print('');
      print(`rehearsal done in ${seconds.toFixed(1)} s:`);
      for (const r of results) print(`  ${r.scenario.padEnd(8)} ${r.problems.length === 0 ? 'ok' : 'FAILED'}: ${r.runs.length} run(s), ${r.duplicates.length} duplicate(s), ${r.misses.length} miss(es), ${r.seconds.toFixed(1)} s`);
      return results.every((r) => r.problems.length === 0) ? 0 : 1;
    } finally {
      if (args.flags.has('keep')) print(`the rehearsal's files are kept in ${workDir}`);
      else fs.rmSync(workDir, { recursive: true, force: true });
    }
  },
};
