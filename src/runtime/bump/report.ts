import { EditPlan } from './edit-plan';
import { BumpResult } from './run-bump';
import { LineIndex } from './spans';
import { FileChange } from './text-edits';
import { formatKeyPath } from '../../model/key-path';

/** The changed files and a one-line summary of each (what a real run prints). */
export function summaryOf(result: BumpResult, edits: EditPlan): string {
  const changed = edits.files.filter((f) => f.after !== f.before);
  const verb = result.dryRun ? 'would change' : 'changed';
  const head = changed.length === 0 && result.from === result.to
    ? `track ${result.track} is already at ${result.to} in every file: nothing changed`
    : `bump ${result.from} -> ${result.to} (track ${result.track}): ${changed.length === 0 ? 'nothing to change, no file written' : `${verb} ${changed.length} file(s)`}`;
  const width = Math.max(0, ...changed.map((f) => f.file.length));
  // A lockfile of a large workspace has hundreds of entries: past a handful, a count says enough.
  const what = (f: FileChange) => (f.edits.length <= 4 ? f.edits.map((e) => formatKeyPath(e.keyPath)).join(', ') : `${f.edits.length} values`);
  const lines = changed.map((f) => `  ${f.file.padEnd(width)}  ${what(f)}`);
  const notes = result.lockfileTools.map((t) =>
    t.outcome === 'confirmed'
      ? `  ${t.file}: cargo update --workspace --offline confirmed the edit`
      : t.outcome === 'refreshed'
        ? `  ${t.file}: cargo update --workspace --offline also changed entries the bump did not edit (${t.detail})`
        : `  ${t.file}: edited surgically and verified; cargo could not run offline (${t.detail})`,
  );
  notes.push(...result.lockfileNotes.map((n) => `  ${n.file}: ${n.reason}`));
  const tag = result.npmDistTag === 'latest' ? [] : [`npm dist-tag for ${result.to}: ${result.npmDistTag}`];
  return [head, ...lines, ...(notes.length > 0 ? ['lockfiles:', ...notes] : []), ...tag].join('\n');
}

/** A unified-style diff of every changed line (what `--dry-run` prints). */
export function diffOf(edits: EditPlan): string {
  return edits.files.filter((f) => f.after !== f.before).map(fileDiff).join('\n');
}

function fileDiff(change: FileChange): string {
  const before = new LineIndex(change.before);
  const after = new LineIndex(change.after);
  // Edits never add or remove a line break, so a line keeps its number; they come in text order (editFile).
  const lines = [...new Set(change.edits.map((e) => e.line))];
  const hunks = lines.map((n) => `@@ -${n} +${n} @@\n-${before.lineText(change.before, n)}\n+${after.lineText(change.after, n)}`);
  return [`--- a/${change.file}`, `+++ b/${change.file}`, ...hunks].join('\n');
}
