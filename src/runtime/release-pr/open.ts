import * as semver from 'semver';
import { ReleasePlan, TrackPlan, bumpVersionProblem, releasePrBranch, releasePrTitle } from '../../model';
import { CliError } from '../cli-error';
import { END_OF_OPTIONS } from '../git-args';
import { MAX_LISTED_CHANGES, ReleasePrBodyFacts, releasePrBody } from './body';
import { requestedTrack } from './target';
import { GitRepo, ToolEnv, ToolResult, runTool } from './tools';

/** Runs `gh` with an argv array (and optional stdin): the only way the release PR talks to GitHub's API. */
export type GhRunner = (args: readonly string[], input?: string) => ToolResult;

/** The real `gh`, in the repository, with the command's environment (`GH_TOKEN` comes from the workflow). */
export function spawnGh(cwd: string, env: ToolEnv): GhRunner {
  return (args, input) => runTool('gh', args, { cwd, env, input });
}

/** The release PR, opened or brought up to date. */
export interface OpenedPr {
  readonly url: string;
  readonly outcome: 'created' | 'updated';
  readonly branch: string;
  readonly body: string;
}

/** What `openReleasePr` works with. */
export interface OpenDeps {
  readonly git: GitRepo;
  readonly gh: GhRunner;
  readonly remote: string;
}

/**
 * Opens the release PR for a pushed release branch, or updates the one already open for it (same branch,
 * so a second dispatch never makes a second PR). Its description is generated from git and the plan.
 */
export function openReleasePr(plan: ReleasePlan, request: { version: string; track?: string }, deps: OpenDeps): OpenedPr {
  const problem = bumpVersionProblem(request.version);
  if (problem !== undefined) throw new CliError(`${problem}.`, 2);
  const track = requestedTrack(plan, request.track);
  const umbrellaTag = `${track.umbrellaTagPrefix}${request.version}`;
  const branch = releasePrBranch(umbrellaTag);
  const head = deps.git.remoteBranch(deps.remote, branch);
  if (head === undefined) throw new CliError(`${deps.remote} has no branch ${branch}; run \`lockstep release-pr commit --version ${request.version}\` first.`);
  deps.git.fetchBranch(deps.remote, branch);
  const files = deps.git.lines('diff-tree', '--no-commit-id', '--name-only', '-r', END_OF_OPTIONS, head);
  const changes = changesSince(deps.git, track, request.version, `${head}^`);
  const body = releasePrBody({ track, releaseBranch: plan.releaseBranch, version: request.version, umbrellaTag, files, ...changes });
  const title = releasePrTitle(umbrellaTag);
  const open = openPrs(deps.gh, branch, plan.releaseBranch);
  if (open.length > 1) throw new CliError(`${open.length} open pull requests have the head ${branch} (${open.map((p) => p.url).join(', ')}); close all but one and dispatch again.`);
  if (open.length === 1) {
    gh(deps.gh, ['pr', 'edit', String(open[0].number), '--title', title, '--body-file', '-'], body);
    return { url: open[0].url, outcome: 'updated', branch, body };
  }
  const created = gh(deps.gh, ['pr', 'create', '--base', plan.releaseBranch, '--head', branch, '--title', title, '--body-file', '-'], body);
  return { url: created.trim().split('\n').pop() ?? '', outcome: 'created', branch, body };
}

/** The previous release's umbrella tag (the highest below `version`) and the commit subjects since it. */
function changesSince(git: GitRepo, track: TrackPlan, version: string, base: string): Pick<ReleasePrBodyFacts, 'previousTag' | 'changes' | 'moreChanges'> {
  const prefix = track.umbrellaTagPrefix;
  const versionOf = (tag: string) => tag.slice(prefix.length);
  const previousTag = [...git.localTags()]
    .filter((t) => t.startsWith(prefix) && semver.valid(versionOf(t)) === versionOf(t) && semver.lt(versionOf(t), version))
    .sort((a, b) => semver.compare(versionOf(a), versionOf(b)))
    .pop();
  const range = previousTag === undefined ? [base] : [`refs/tags/${previousTag}..${base}`];
  const all = git.lines('log', '--no-merges', '--format=%h %s', END_OF_OPTIONS, ...range);
  return { previousTag, changes: all.slice(0, MAX_LISTED_CHANGES), moreChanges: Math.max(0, all.length - MAX_LISTED_CHANGES) };
}

function openPrs(run: GhRunner, branch: string, base: string): Array<{ number: number; url: string }> {
  const out = gh(run, ['pr', 'list', '--head', branch, '--base', base, '--state', 'open', '--json', 'number,url']);
  try {
    return JSON.parse(out) as Array<{ number: number; url: string }>;
  } catch {
    throw new CliError(`gh pr list printed no JSON: ${out.slice(0, 200)}`);
  }
}

function gh(run: GhRunner, args: string[], input?: string): string {
  const r = run(args, input);
  if (r.code !== 0) {
    const hint = /not permitted to create or approve pull requests|createPullRequest/i.test(r.stderr)
      ? ' Enable "Allow GitHub Actions to create and approve pull requests" (Settings → Actions → General), or give the workflow an App or PAT token.'
      : '';
    throw new CliError(`gh ${args.slice(0, 2).join(' ')} failed (exit ${r.code}): ${r.stderr.trim()}${hint}`);
  }
  return r.stdout;
}
