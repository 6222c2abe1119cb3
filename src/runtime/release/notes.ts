import { ProductPlan, ReleasePlan, TrackPlan, changelogSection, compareVersions, isReleaseVersion, prereleaseOf, trackOf } from '../../model';
import { CI_WORKFLOW_PATH, affectedProducts } from '../affected/affected';
import { mdCode, mdText } from '../output';
import { CommitChange, Git, Log, TagRef } from './ports';
import { ReleaseRun } from './run';

/**
 * Release notes of a track's umbrella release or of one product's release: the version's section of the
 * Keep a Changelog file the track or product keeps, else generated from git. Generated notes start at the
 * previous tag of the same track or product, never at another track's tag (GitHub's own generated notes
 * take the previous tag of any name, and so listed a platform release's commits in a tray release), and
 * list only the commits that changed what the subject's products build from (their CI inputs, as change
 * detection reads them).
 */

/** What a release's notes are about: a track (its umbrella release) or one of its products. */
export interface NotesSubject {
  /** `track tray` or `product desktop`, for the text. */
  readonly label: string;
  /** The subject's tags are this prefix and a version: the umbrella prefix, or the product's tag prefix. */
  readonly tagPrefix: string;
  /** Products whose inputs a commit must change to be listed. */
  readonly products: readonly string[];
  /** A Keep a Changelog file whose section of the version is the notes. */
  readonly changelog?: string;
}

/** The umbrella release's subject: the whole track. */
export function trackSubject(track: TrackPlan): NotesSubject {
  return { label: `track ${track.name}`, tagPrefix: track.umbrellaTagPrefix, products: track.products.map((p) => p.name), changelog: track.changelog };
}

/** A product release's subject. */
export function productSubject(product: ProductPlan): NotesSubject {
  return { label: `product ${product.name}`, tagPrefix: product.tagPrefix, products: [product.name], changelog: product.changelog };
}

/** The release the notes are for. */
export interface NotesRelease {
  readonly version: string;
  /** The release commit. */
  readonly commit: string;
  /** The subject's tag of this release, for the compare link. */
  readonly tag: string;
  /** `https://github.com/owner/repo`, for the compare link; none without it. */
  readonly repositoryUrl?: string;
}

/** The notes and where they came from. */
export interface ReleaseNotes {
  readonly source: 'changelog' | 'generated';
  /** Generated notes: the tag they start at, undefined for the subject's first release. */
  readonly since?: TagRef;
  /** Generated notes: the commits listed, newest first. */
  readonly commits: CommitChange[];
  /** Markdown. */
  readonly text: string;
}

/** Commits listed at most; a release body has room for more, a reader does not. */
export const MAX_LISTED_COMMITS = 200;

/** The notes of a release of `subject`. */
export async function releaseNotes(
  plan: ReleasePlan,
  subject: NotesSubject,
  release: NotesRelease,
  deps: { git: Git; log: Log },
): Promise<ReleaseNotes> {
  if (subject.changelog !== undefined) {
    const text = await deps.git.show(release.commit, subject.changelog);
    const section = text === undefined ? undefined : changelogSection(text, release.version);
    if (section !== undefined) return { source: 'changelog', commits: [], text: `${section}\n` };
    // The release PR checks the section; a release dispatched without one still gets notes.
    deps.log.warning(`${subject.changelog} has no section for ${release.version}; the notes of ${subject.label} are generated from git instead.`);
  }
  const since = await previousTag(subject.tagPrefix, release.version, release.commit, deps.git);
  const versionFiles = await otherTracksVersionFiles(plan, subject, deps.git);
  const commits = (await deps.git.commitsSince(since?.commit, release.commit)).filter((c) => touches(plan, subject, c, versionFiles.get(c.sha)));
  return { source: 'generated', since, commits, text: generatedText(subject, release, since, commits) };
}

/**
 * The subject's tag the notes start at: its highest version below this one whose commit is an ancestor of
 * the release commit. A stable release starts at the previous stable one, so its notes cover its
 * prereleases too; a prerelease starts at the previous version of any kind.
 */
export async function previousTag(prefix: string, version: string, commit: string, git: Git): Promise<TagRef | undefined> {
  const stable = prereleaseOf(version).length === 0;
  const candidates = [...(await git.localTags()).values()]
    .filter((t) => t.name.startsWith(prefix))
    .map((tag) => ({ tag, version: tag.name.slice(prefix.length) }))
    .filter((c) => isReleaseVersion(c.version) && compareVersions(c.version, version) < 0 && (!stable || prereleaseOf(c.version).length === 0))
    .sort((a, b) => compareVersions(b.version, a.version));
  for (const c of candidates) if (await git.isAncestor(c.tag.commit, commit)) return c.tag;
  return undefined;
}

/**
 * The release commits of the other tracks (their umbrella tags point at them), each with the files that
 * carry those tracks' versions. A workspace-wide manifest is an input of every crate in it, but another
 * track's version moving in it changes nothing of this subject: those files do not count at those commits.
 */
async function otherTracksVersionFiles(plan: ReleasePlan, subject: NotesSubject, git: Git): Promise<Map<string, Set<string>>> {
  const others = plan.tracks.filter((t) => !t.products.some((p) => subject.products.includes(p.name)));
  const byCommit = new Map<string, Set<string>>();
  for (const tag of (await git.localTags()).values()) {
    for (const t of others) {
      if (!tag.name.startsWith(t.umbrellaTagPrefix) || !isReleaseVersion(tag.name.slice(t.umbrellaTagPrefix.length))) continue;
      const files = byCommit.get(tag.commit) ?? new Set<string>();
      [...t.manifests, ...t.lockfiles.map((l) => l.file)].forEach((f) => files.add(f));
      byCommit.set(tag.commit, files);
    }
  }
  return byCommit;
}

/**
 * True when the commit changed an input of one of the subject's products. The CI workflow counts for none,
 * and at another track's release commit neither do the files carrying that track's version.
 */
function touches(plan: ReleasePlan, subject: NotesSubject, commit: CommitChange, otherVersionFiles?: ReadonlySet<string>): boolean {
  const files = commit.files.filter((f) => f !== CI_WORKFLOW_PATH && !otherVersionFiles?.has(f));
  return files.length > 0 && affectedProducts(plan, files).products.some((p) => subject.products.includes(p));
}

function generatedText(subject: NotesSubject, release: NotesRelease, since: TagRef | undefined, commits: readonly CommitChange[]): string {
  const head = since === undefined
    ? `## Changes to ${subject.label} up to its first release`
    : `## Changes to ${subject.label} since ${mdCode(since.name)}`;
  const listed = commits.slice(0, MAX_LISTED_COMMITS).map((c) => `- ${subjectText(c.subject)} (${c.sha.slice(0, 12)})`);
  if (commits.length > MAX_LISTED_COMMITS) listed.push(`- and ${commits.length - MAX_LISTED_COMMITS} older commit(s)`);
  if (listed.length === 0) listed.push(`No commit ${since === undefined ? 'so far' : 'since then'} changed the files ${subject.label} is built from.`);
  const compare = since !== undefined && release.repositoryUrl !== undefined
    ? ['', `**Full diff**: ${release.repositoryUrl}/compare/${encodeURIComponent(since.name)}...${encodeURIComponent(release.tag)}`]
    : [];
  return [head, '', ...listed, ...compare, ''].join('\n');
}

/**
 * A commit subject as text: no Markdown or mention of its own, but `#123` stays a link to the pull request,
 * as in the notes GitHub generates.
 */
function subjectText(subject: string): string {
  return mdText(subject).text.replace(/#\u200b(?=\d)/g, '#');
}

/** The notes a release run's GitHub Releases carry: the umbrella's, and each product's by name. */
export interface RunNotes {
  readonly umbrella: string;
  readonly products: Record<string, string>;
}

/** The notes of a run's umbrella release and product releases, from the plan at the release commit. */
export async function runNotes(plan: ReleasePlan, run: ReleaseRun, deps: { git: Git; log: Log }, repositoryUrl?: string): Promise<RunNotes> {
  const track = trackOf(plan, run.track);
  const release = (tag: string): NotesRelease => ({ version: run.version, commit: run.commit, tag, repositoryUrl });
  const umbrella = (await releaseNotes(plan, trackSubject(track), release(run.umbrellaTag), deps)).text;
  const products: Record<string, string> = {};
  for (const p of run.products.filter((x) => x.githubRelease)) {
    const product = track.products.find((x) => x.name === p.name);
    if (product !== undefined) products[p.name] = (await releaseNotes(plan, productSubject(product), release(p.tag), deps)).text;
  }
  return { umbrella, products };
}
