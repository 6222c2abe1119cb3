import { APPROVAL_ENVIRONMENT, RELEASE_PR_WORKFLOW_FILE, RELEASE_WORKFLOW_FILE, Registry, TrackPlan, npmDistTag, toPep440 } from '../../model';

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
  return [
    `Releases track \`${f.track.name}\` at **${f.version}**: every manifest, internal pin and lockfile of its ${f.track.products.length} products, set by the bump script in one commit.`,
    '',
    `### Changes since ${f.previousTag === undefined ? 'the beginning (no earlier release tag)' : `\`${f.previousTag}\``}`,
    '',
    ...changeLines(f),
    '',
    `### Files changed (${f.files.length})`,
    '',
    ...f.files.map((file) => `- \`${file}\``),
    '',
    '### What happens when this is merged',
    '',
    `1. The merge into \`${f.releaseBranch}\` starts \`${RELEASE_WORKFLOW_FILE}\`. It releases because the manifests carry ${f.version} and no tag of it exists yet; the commit message plays no part.`,
    `2. It builds and tests every artifact, then waits for one approval in the \`${APPROVAL_ENVIRONMENT}\` environment.`,
    `3. It tags the merge commit: ${tags.map((t) => `\`${t}\``).join(', ')}.`,
    '4. It publishes in dependency order, each wave after the one before:',
    ...f.track.publishWaves.map((wave, i) => `   ${i + 1}. ${wave.join(', ')}`),
    ...ecosystemNotes(f),
    '',
    `Dispatching \`${RELEASE_PR_WORKFLOW_FILE}\` again with ${f.version} rebuilds this branch from \`${f.releaseBranch}\` and updates this PR. It refuses to overwrite commits pushed here by hand.`,
    '',
    bodyMarker(f.umbrellaTag),
    '',
  ].join('\n');
}

function changeLines(f: ReleasePrBodyFacts): string[] {
  if (f.changes.length === 0) return ['No commits since the previous release.'];
  return [...f.changes.map((c) => `- ${escapeMarkdown(c)}`), ...(f.moreChanges > 0 ? [`- … and ${f.moreChanges} more`] : [])];
}

/** Versions other ecosystems see, when they differ from the semver one (B8). */
function ecosystemNotes(f: ReleasePrBodyFacts): string[] {
  const notes: string[] = [];
  const python = f.track.sites.some((s) => s.scheme === 'pep440' || s.scheme === 'pep508');
  if (python && toPep440(f.version) !== f.version) notes.push(`Python packages carry ${toPep440(f.version)} (PEP 440).`);
  const tag = npmDistTag(f.version);
  if (f.track.products.some((p) => p.packages.some((k) => k.registry === Registry.NPM)) && tag !== 'latest') notes.push(`npm packages are published under the dist-tag \`${tag}\`, not \`latest\`.`);
  return notes.length > 0 ? ['', ...notes] : [];
}

/** A commit subject as list text: no HTML, no mention or reference pings, no accidental headings. */
function escapeMarkdown(text: string): string {
  return text.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;')).replace(/@(?=\w)/g, '@\u200b');
}
