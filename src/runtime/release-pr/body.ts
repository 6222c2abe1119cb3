import { APPROVAL_ENVIRONMENT, RELEASE_PR_WORKFLOW_FILE, RELEASE_WORKFLOW_FILE, Registry, TrackPlan, npmDistTag, toPep440 } from '../../model';
import { Markdown, md, mdCode, mdJoin, mdLines } from '../output';

/** Everything the release PR's description says. */
export interface ReleasePrBodyFacts {
  readonly track: TrackPlan;
  /** The branch the PR merges into (the plan's release branch). */
  readonly releaseBranch: string;
  readonly version: string;
  readonly umbrellaTag: string;
  /** The previous release's umbrella tag, when there is one. */
  readonly previousTag?: string;
  /** Subjects of the commits since the previous release (`<short sha> <subject>`), newest first. */
  readonly changes: string[];
  /** How many more commits there were than `changes` lists. */
  readonly moreChanges: number;
  /** The files of the release commit. */
  readonly files: string[];
}

/** Most commits the description lists; GitHub caps a description at 65,536 characters. */
export const MAX_LISTED_CHANGES = 200;

/** A marker GitHub does not render, naming the release; `open` finds its PR by branch, not by this. */
export function bodyMarker(umbrellaTag: string): string {
  return `<!-- lockstep-release-pr ${umbrellaTag} -->`;
}

/** The release PR's description: what changed since the last release, what the commit edits, what a merge does. */
export function releasePrBody(f: ReleasePrBodyFacts): string {
  const published = f.track.products.filter((p) => p.publish);
  const tags = [...new Set([f.umbrellaTag, ...published.map((p) => `${p.tagPrefix}${f.version}`)])];
  const blank = Markdown.own('');
  return mdLines([
    md`Releases track ${mdCode(f.track.name)} at **${f.version}**: every manifest, internal pin and lockfile of its ${f.track.products.length} products, set by the bump script in one commit.`,
    blank,
    md`### Changes since ${f.previousTag === undefined ? Markdown.own('the beginning (no earlier release tag)') : mdCode(f.previousTag)}`,
    blank,
    ...changeLines(f),
    blank,
    md`### Files changed (${f.files.length})`,
    blank,
    ...f.files.map((file) => md`- ${mdCode(file)}`),
    blank,
    Markdown.own('### What happens when this is merged'),
    blank,
    md`1. The merge into ${mdCode(f.releaseBranch)} starts ${mdCode(RELEASE_WORKFLOW_FILE)}. It releases because the manifests carry ${f.version} and no tag of it exists yet; the commit message plays no part.`,
    md`2. It builds and tests every artifact, then waits for one approval in the ${mdCode(APPROVAL_ENVIRONMENT)} environment.`,
    md`3. It tags the merge commit: ${mdJoin(tags.map(mdCode), ', ')}.`,
    Markdown.own('4. It publishes in dependency order, each wave after the one before:'),
    ...f.track.publishWaves.map((wave, i) => md`   ${i + 1}. ${mdJoin(wave, ', ')}`),
    ...ecosystemNotes(f),
    blank,
    md`Dispatching ${mdCode(RELEASE_PR_WORKFLOW_FILE)} again with ${f.version} rebuilds this branch from ${mdCode(f.releaseBranch)} and updates this PR. It refuses to overwrite commits pushed here by hand.`,
    blank,
    Markdown.own(bodyMarker(f.umbrellaTag)),
    blank,
  ]).text;
}

/** Commit subjects are outside text: each is one list item of plain text (no heading, HTML, image or ping). */
function changeLines(f: ReleasePrBodyFacts): Markdown[] {
  if (f.changes.length === 0) return [Markdown.own('No commits since the previous release.')];
  return [...f.changes.map((c) => md`- ${c}`), ...(f.moreChanges > 0 ? [md`- … and ${f.moreChanges} more`] : [])];
}

/** Versions other ecosystems see, when they differ from the semver one (B8). */
function ecosystemNotes(f: ReleasePrBodyFacts): Markdown[] {
  const notes: Markdown[] = [];
  const python = f.track.sites.some((s) => s.scheme === 'pep440' || s.scheme === 'pep508');
  if (python && toPep440(f.version) !== f.version) notes.push(md`Python packages carry ${toPep440(f.version)} (PEP 440).`);
  const tag = npmDistTag(f.version);
  if (f.track.products.some((p) => p.packages.some((k) => k.registry === Registry.NPM)) && tag !== 'latest') notes.push(md`npm packages are published under the dist-tag ${mdCode(tag)}, not ${mdCode('latest')}.`);
  return notes.length > 0 ? [Markdown.own(''), ...notes] : [];
}
