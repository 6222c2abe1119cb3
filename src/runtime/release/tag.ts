import { CliError } from '../cli-error';
import { Outcome } from './outcomes';
import { Git, Log, TagRef } from './ports';
import { ReleaseRun, short } from './run';

/** What `tagAll` needs. */
export interface TagDeps {
  readonly git: Git;
  readonly log: Log;
}

/** Options of `tagAll`. */
export interface TagOptions {
  readonly remote: string;
  readonly dryRun: boolean;
  /**
   * At most this many tags per push (T9): GitHub creates no push event for tags pushed more than three at
   * once, so a token whose pushes start workflows pushes them in groups. Each push is atomic; undefined:
   * one atomic push of every tag.
   */
  readonly tagsPerPush?: number;
}

/** The tags of a run: one per product, then the umbrella, each with its annotation. */
export function tagsOf(run: ReleaseRun): Array<{ product: string; name: string; message: string }> {
  return [
    ...run.products.map((p) => ({ product: p.name, name: p.tag, message: `${p.name} ${run.version} (lockstep release ${run.umbrellaTag})` })),
    { product: '(umbrella)', name: run.umbrellaTag, message: `Release ${run.version} of track ${run.track}` },
  ];
}

/**
 * Tags every product and the umbrella at the release commit, after the approval (T3). An existing tag
 * must point at the release commit; any tag that points elsewhere fails the whole step before anything
 * is created or pushed, and no tag is ever moved or re-created (T4). The push is atomic, or each group
 * of `tagsPerPush` tags is; a group that fails leaves the ones before it, which a re-run accepts (T4).
 */
export async function tagAll(run: ReleaseRun, deps: TagDeps, options: TagOptions): Promise<Outcome[]> {
  const head = await deps.git.revParse('HEAD');
  if (head !== run.commit) {
    throw new CliError(`the checkout is at ${short(head)}, not at the release commit ${short(run.commit)}; tag-all must check out needs.plan.outputs.commit.`);
  }
  const remote = await deps.git.remoteTags(options.remote);
  const local = await deps.git.localTags();
  const wanted = tagsOf(run);
  const conflicts = wanted.flatMap((t) => conflict(t.name, run.commit, remote.get(t.name), local.get(t.name)));
  if (conflicts.length > 0) {
    throw new CliError(`refusing to tag: ${conflicts.join('; ')}. A tag is never moved: release a new version instead.`);
  }
  const base = (t: { product: string; name: string }): Omit<Outcome, 'outcome' | 'detail'> => ({ product: t.product, target: 'tag', subject: t.name, version: run.version });
  const missing = wanted.filter((t) => !remote.has(t.name));
  const outcomes: Outcome[] = wanted.filter((t) => remote.has(t.name)).map((t) => {
    deps.log.notice(`${t.name} already points at the release commit ${short(run.commit)}; kept as it is.`);
    return { ...base(t), outcome: 'skipped:already-published', detail: `already at ${short(run.commit)}` };
  });
  if (options.dryRun) {
    for (const t of missing) deps.log.info(`dry run: would create and push ${t.name} at ${short(run.commit)}`);
    return [...outcomes, ...missing.map((t): Outcome => ({ ...base(t), outcome: 'dry-run', detail: `would tag ${short(run.commit)}` }))];
  }
  for (const t of missing.filter((m) => !local.has(m.name))) await deps.git.createAnnotatedTag(t.name, run.commit, t.message);
  // The umbrella tag is last, so it is pushed only once every product tag is out.
  for (const group of groupsOf(missing.map((t) => t.name), options.tagsPerPush)) await deps.git.pushTags(options.remote, group);
  for (const t of missing) deps.log.info(`tagged ${t.name} at ${short(run.commit)}`);
  return [...outcomes, ...missing.map((t): Outcome => ({ ...base(t), outcome: 'published', detail: `pushed at ${short(run.commit)}` }))];
}

/** Why a tag cannot be used for this release, if it cannot. */
function conflict(name: string, commit: string, remote: TagRef | undefined, local: TagRef | undefined): string[] {
  if (remote !== undefined && remote.commit !== commit) return [`${name} exists and points at ${short(remote.commit)}, not at the release commit ${short(commit)}`];
  if (remote === undefined && local !== undefined && local.commit !== commit) return [`a local ${name} points at ${short(local.commit)}, not at ${short(commit)}`];
  return [];
}

/** The names in groups of at most `size` (one group when size is undefined; none when there are no names). */
function groupsOf(names: readonly string[], size = names.length): string[][] {
  const groups: string[][] = [];
  for (let i = 0; i < names.length; i += size) groups.push(names.slice(i, i + size));
  return groups;
}
