import { RELEASE_PR_OUTPUTS as OUT } from '../../model';
import { ParsedArgs, parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { appendStepSummary, logQuoted, logValue, md, mdCode, mdJoin, setStepOutputs } from '../output';
import { loadPlan } from '../plan-loader';
import { cliBump, scriptBump } from '../release-pr/bump-runner';
import { commitRelease } from '../release-pr/commit';
import { openReleasePr, spawnGh } from '../release-pr/open';
import { resolveTarget } from '../release-pr/target';
import { GitRepo } from '../release-pr/tools';

const USAGE = [
  'usage: lockstep release-pr prepare (--version V | --bump major|minor|patch|prerelease [--preid ID]) [--local-tags]',
  '       lockstep release-pr commit --version V [--bump-script PATH]',
  '       lockstep release-pr open --version V',
  'common options: --track NAME, --remote NAME (default origin), --plan FILE',
].join('\n');

const COMMON = ['track', 'remote', 'plan'];

type Step = (args: ParsedArgs, ctx: RuntimeContext) => Promise<number>;

/** `prepare`: validates the request and computes the version; changes nothing. */
const prepare: Step = async (args, ctx) => {
  const plan = loadPlan(ctx.cwd, args.options.plan);
  const git = new GitRepo(ctx.cwd, ctx.env);
  const remote = args.flags.has('local-tags') ? undefined : remoteOf(args);
  const { version, bump, preid, track } = args.options;
  const target = resolveTarget(plan, ctx.cwd, { version, bump, preid, track }, { git, remote });
  setStepOutputs(ctx, { [OUT.version]: target.version, [OUT.branch]: target.branch });
  const tags = mdJoin(target.tags.map(mdCode), ', ');
  appendStepSummary(ctx, md`Release PR for **${target.version}** (track ${mdCode(target.track.name)}, now ${target.current}) on ${mdCode(target.branch)}; tags to come: ${tags}.`);
  ctx.stdout(`release ${logValue(target.version)}: track ${logValue(target.track.name)} moves from ${logValue(target.current)}; branch ${logValue(target.branch)}; none of ${target.tags.length} tags exists yet.\n`);
  return 0;
};

/** `commit`: branch, bump, commit exactly the bumped files, push. */
const commit: Step = async (args, ctx) => {
  const plan = loadPlan(ctx.cwd, args.options.plan);
  const git = new GitRepo(ctx.cwd, ctx.env);
  const script = args.options['bump-script'];
  const bump = script === undefined ? cliBump(ctx) : scriptBump(ctx.cwd, script, ctx.env);
  const done = await commitRelease(plan, ctx.cwd, { version: required(args, 'version'), track: args.options.track }, { git, bump, remote: remoteOf(args) });
  const { version, branch } = done.target;
  setStepOutputs(ctx, { [OUT.version]: version, [OUT.branch]: branch, [OUT.commit]: done.commit, [OUT.outcome]: done.outcome });
  const files = mdJoin(done.files.map(mdCode), ', ');
  appendStepSummary(ctx, md`${mdCode(done.target.branch)} ${done.outcome} at ${done.commit.slice(0, 12)} with ${done.files.length} files: ${files}.`);
  ctx.stdout(`branch ${logValue(done.target.branch)} ${done.outcome} (${done.commit.slice(0, 12)}), ${done.files.length} files:\n${done.files.map((f) => `  - ${logValue(f)}`).join('\n')}\n`);
  return 0;
};

/** `open`: creates the release PR, or updates the open one for the same branch. */
const open: Step = async (args, ctx) => {
  const plan = loadPlan(ctx.cwd, args.options.plan);
  const git = new GitRepo(ctx.cwd, ctx.env);
  const pr = openReleasePr(plan, { version: required(args, 'version'), track: args.options.track }, { git, gh: spawnGh(ctx.cwd, ctx.env), remote: remoteOf(args) });
  setStepOutputs(ctx, { [OUT.url]: pr.url });
  appendStepSummary(ctx, md`Release PR ${pr.outcome}: ${pr.url}`);
  ctx.stdout(`release PR ${pr.outcome}: ${logValue(pr.url)}\n`);
  return 0;
};

const STEPS: Record<string, { step: Step; options: string[]; flags: string[] }> = {
  prepare: { step: prepare, options: [...COMMON, 'version', 'bump', 'preid'], flags: ['local-tags'] },
  commit: { step: commit, options: [...COMMON, 'version', 'bump-script'], flags: [] },
  open: { step: open, options: [...COMMON, 'version'], flags: [] },
};

/**
 * `lockstep release-pr <prepare|commit|open>`: the steps of release-pr.yml, each usable by hand. Inputs
 * arrive as argv from `env:` values, never pasted into a script (S1), and are validated before anything
 * changes.
 */
export const releasePrCommand: Command = {
  summary: 'open or update the release PR: prepare (validate the version), commit (branch, bump, push), open (gh pr)',
  usage: USAGE,
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const [name, ...rest] = argv;
    const entry = name !== undefined && Object.prototype.hasOwnProperty.call(STEPS, name) ? STEPS[name] : undefined;
    if (entry === undefined) throw new CliError(`${name === undefined ? 'missing step' : `unknown step ${logQuoted(name)}`}\n${USAGE}`, 2);
    const args = parseArgs(rest, { options: entry.options, flags: entry.flags });
    if (args.positionals.length > 0) throw new CliError(`unexpected argument ${logQuoted(args.positionals[0])}\n${USAGE}`, 2);
    return entry.step(args, ctx);
  },
};

function remoteOf(args: ParsedArgs): string {
  const remote = args.options.remote ?? 'origin';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(remote)) throw new CliError(`--remote ${logQuoted(remote)} is not a remote name.`, 2);
  return remote;
}

function required(args: ParsedArgs, name: string): string {
  const value = args.options[name];
  if (value === undefined) throw new CliError(`--${name} is required\n${USAGE}`, 2);
  return value;
}
