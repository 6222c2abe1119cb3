import { isReleaseVersion, toPep440 } from './versions';

/**
 * Changelogs in Keep a Changelog form: one level-2 heading per release (`## [1.2.0] - 2025-01-26`,
 * also `## 1.2.0`, `## [v1.2.0](url) (date)`), and `## [Unreleased]` for what is not released yet. A
 * release's notes are its section: the lines under its heading, up to the next level-2 heading.
 */

/** A release heading's label: the version (without a leading `v`) or `Unreleased`. */
const HEADING = /^##[ \t]+\[?v?([^\]\s()]+)\]?/;

/** A Markdown link reference definition (`[1.2.0]: https://…`), which Keep a Changelog puts at the end. */
const LINK_DEFINITION = /^\[[^\]]+\]:\s*\S+/;

/** A level-2 heading of a changelog and the line it is on (0-based). */
interface Heading {
  readonly line: number;
  readonly label: string;
}

function headings(lines: readonly string[]): Heading[] {
  const found: Heading[] = [];
  lines.forEach((text, line) => {
    const m = /^##[ \t]/.test(text) ? HEADING.exec(text) : null;
    if (m) found.push({ line, label: m[1] });
  });
  return found;
}

/** True when the text reads as a Keep a Changelog file: it has an `Unreleased` or a version heading. */
export function isKeepAChangelog(text: string): boolean {
  return headings(text.split(/\r?\n/)).some((h) => h.label.toLowerCase() === 'unreleased' || isReleaseVersion(h.label));
}

/** The labels a version's heading may carry: the version, and its PEP 440 form for Python changelogs. */
function labelsOf(version: string): string[] {
  const labels = [version];
  try {
    labels.push(toPep440(version));
  } catch {
    // A version PEP 440 cannot write is only ever written in semver form.
  }
  return labels;
}

/**
 * The notes of `version` in a changelog: the lines under its heading up to the next level-2 heading,
 * without the link definitions Keep a Changelog puts at the end, trimmed. Undefined when the changelog has
 * no heading for the version or the section is empty.
 */
export function changelogSection(text: string, version: string): string | undefined {
  const lines = text.split(/\r?\n/);
  const all = headings(lines);
  const labels = labelsOf(version);
  const at = all.findIndex((h) => labels.includes(h.label));
  if (at < 0) return undefined;
  const end = at + 1 < all.length ? all[at + 1].line : lines.length;
  const body = lines.slice(all[at].line + 1, end);
  while (body.length > 0 && (body[body.length - 1].trim() === '' || LINK_DEFINITION.test(body[body.length - 1]))) body.pop();
  const notes = body.join('\n').trim();
  return notes === '' ? undefined : notes;
}

/** Why a changelog gives no notes for a version, or undefined when it does. */
export function changelogProblem(file: string, text: string | undefined, version: string): string | undefined {
  if (text === undefined) return `${file} does not exist at the release commit; restore it, or drop the changelog option.`;
  if (changelogSection(text, version) !== undefined) return undefined;
  const has = labelsOf(version).some((l) => headings(text.split(/\r?\n/)).some((h) => h.label === l));
  return has
    ? `${file}: the section of ${version} is empty; write what changed under its heading.`
    : `${file} has no section for ${version}; add '## [${version}] - YYYY-MM-DD' with what changed (Keep a Changelog), or move the [Unreleased] entries under it.`;
}
