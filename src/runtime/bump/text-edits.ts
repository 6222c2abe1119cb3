import { jsonStringSpans } from './json-spans';
import { LineIndex, SpanIndex, pathKey, unwritableProblem } from './spans';
import { tomlStringSpans } from './toml-spans';
import { ManifestError } from '../../model/errors';
import { formatKeyPath } from '../../model/key-path';
import { isTable, KeyPath } from '../../model/manifests';
import { SiteFormat } from '../../model/plan-types';
import { readPythonAssignments, twiceAssigned } from '../../model/python-version-file';
import { parseSiteDoc, valueAt } from '../../model/site-values';
import { logValue } from '../output/log';

/** Something in a file stops the bump; the message names the file, the line when known, and the reason (B3). */
export interface BumpProblem {
  readonly file: string;
  readonly line?: number;
  readonly reason: string;
}

/** One problem as a message line: `file:line: reason`. */
export function formatProblem(p: BumpProblem): string {
  // The file comes from the plan: shown as a log value, so an odd name cannot start a workflow command.
  const file = logValue(p.file);
  return `${p.line === undefined ? file : `${file}:${p.line}`}: ${p.reason}`;
}

/** A string value to rewrite: where it is, and its new value given the current one (throws with a reason). */
export interface EditTarget {
  readonly keyPath: KeyPath;
  readonly newValue: (current: string) => string;
}

/** One value changed in a file. */
export interface ValueEdit {
  readonly keyPath: KeyPath;
  readonly line: number;
  readonly oldValue: string;
  readonly newValue: string;
  /** The characters replaced: offsets into the original text, and their replacement. */
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
}

/** A file's text before and after the bump (equal when nothing changes) and the values edited. */
export interface FileChange {
  readonly file: string;
  readonly before: string;
  readonly after: string;
  readonly edits: ValueEdit[];
}

/** The outcome for one file: its change, or the problems that stop the bump. */
export type FileOutcome = { readonly change: FileChange; readonly problems?: undefined } | { readonly problems: BumpProblem[] };

export type Format = SiteFormat;

/** A file's text parsed for real, with the spans of its string values. */
export interface ParsedFile {
  readonly file: string;
  readonly format: Format;
  readonly text: string;
  readonly doc: Record<string, unknown>;
  readonly spans: SpanIndex;
  readonly lines: LineIndex;
}

/** The spans of a Python file's top-level string assignments, by name: a double-quoted one takes no `"` or `\\`, a single-quoted no `'`. */
function pythonStringSpans(text: string): SpanIndex {
  return new Map(readPythonAssignments(text).map((a) => [pathKey([a.name]), { start: a.start, end: a.end, kind: a.quote === '"' ? 'basic' : 'literal' }]));
}

/** Parses a file (smol-toml, JSON, or a Python file's assignments) and locates its string values; a syntax error names the line. */
export function parseFile(file: string, format: Format, text: string): ParsedFile {
  const doc = parseSiteDoc(file, format, text);
  const spans = format === 'toml' ? tomlStringSpans(file, text) : format === 'json' ? jsonStringSpans(file, text) : pythonStringSpans(text);
  return { file, format, text, doc, spans, lines: new LineIndex(text) };
}

/**
 * Computes the edits of one file (B2): each target's value is located by key path in the real parse,
 * replaced in its exact span, and the result is parsed again and must equal the original everywhere but
 * at the targets. A target that cannot be edited is a problem naming its line; nothing is half-done.
 */
export function editFile(parsed: ParsedFile, targets: readonly EditTarget[]): FileOutcome {
  const problems: BumpProblem[] = [];
  const edits = new Map<string, ValueEdit>();
  for (const target of targets) {
    const result = editOf(parsed, target);
    if ('reason' in result) problems.push(result);
    else if (result.edit !== undefined) edits.set(pathKey(target.keyPath), result.edit);
  }
  if (problems.length > 0) return { problems };
  const sorted = [...edits.values()].sort((a, b) => a.start - b.start);
  let after = '';
  let at = 0;
  for (const e of sorted) {
    after += parsed.text.slice(at, e.start) + e.replacement;
    at = e.end;
  }
  after += parsed.text.slice(at);
  proveEdits(parsed, after, sorted);
  return { change: { file: parsed.file, before: parsed.text, after, edits: sorted } };
}

function editOf(parsed: ParsedFile, target: EditTarget): { edit?: ValueEdit } | BumpProblem {
  const { file, text } = parsed;
  const where = formatKeyPath(target.keyPath);
  // A name the version is read from, assigned twice: which one the backend reads is not the bump's to guess.
  const twice = parsed.format === 'python' ? twiceAssigned(file, text, target.keyPath.map(String)) : undefined;
  if (twice !== undefined) return problemOf(twice);
  const value = valueAt(parsed.doc, target.keyPath);
  const span = parsed.spans.get(pathKey(target.keyPath));
  if (typeof value !== 'string' || span === undefined) {
    return { file, reason: `has no string at ${where}, although the release plan expects one there; run \`npx projen\` to regenerate the plan.` };
  }
  const line = parsed.lines.lineOf(span.start);
  if (text.slice(span.start, span.end) !== value) {
    return { file, line, reason: `${where} is written with escapes or a line continuation; write it as a plain string so the bump can edit it exactly.` };
  }
  let newValue: string;
  try {
    newValue = target.newValue(value);
  } catch (e) {
    return { file, line, reason: `${where}: ${(e as Error).message}` };
  }
  if (newValue === value) return {};
  const unwritable = unwritableProblem(span.kind, newValue);
  if (unwritable !== undefined) return { file, line, reason: `${where}: the new value '${newValue}' cannot be written here: ${unwritable}.` };
  // The smallest span that differs, so an edit never touches more than the version itself.
  let p = 0;
  while (p < value.length && p < newValue.length && value[p] === newValue[p]) p++;
  let s = 0;
  while (s < value.length - p && s < newValue.length - p && value[value.length - 1 - s] === newValue[newValue.length - 1 - s]) s++;
  return {
    edit: {
      keyPath: target.keyPath,
      line: parsed.lines.lineOf(span.start + p),
      oldValue: value,
      newValue,
      start: span.start + p,
      end: span.end - s,
      replacement: newValue.slice(p, newValue.length - s),
    },
  };
}

/**
 * Parses the edited text again and checks that exactly the intended values changed, to exactly their new
 * values. A failure here is a bug in this library, never the user's doing, so it is a plain Error.
 */
export function proveEdits(parsed: ParsedFile, after: string, edits: readonly ValueEdit[]): void {
  let doc: unknown;
  try {
    doc = parseSiteDoc(parsed.file, parsed.format, after);
  } catch (e) {
    throw new Error(`${parsed.file}: the edited text no longer parses (${(e as Error).message}); nothing was written. Please report this.`);
  }
  const changed: KeyPath[] = [];
  changedPaths(parsed.doc, doc, [], changed);
  const intended = new Map(edits.map((e) => [pathKey(e.keyPath), e]));
  const unintended = changed.filter((k) => !intended.has(pathKey(k)));
  const wrong = edits.filter((e) => valueAt(doc, e.keyPath) !== e.newValue);
  if (unintended.length > 0 || wrong.length > 0) {
    const list = [...unintended, ...wrong.map((e) => e.keyPath)].map(formatKeyPath).join(', ');
    throw new Error(`${parsed.file}: the edited text changes more or other than intended (${list}); nothing was written. Please report this.`);
  }
}

/** Key paths at which two parsed documents differ (a key order change counts at the table). */
export function changedPaths(a: unknown, b: unknown, at: KeyPath, out: KeyPath[]): void {
  if (Object.is(a, b)) return;
  if (a instanceof Date || b instanceof Date) {
    if (!(a instanceof Date && b instanceof Date && String(a) === String(b))) out.push(at);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(at);
    else a.forEach((x, i) => changedPaths(x, b[i], [...at, i], out));
    return;
  }
  if (isTable(a) && isTable(b)) {
    const keys = Object.keys(a);
    if (keys.join('\u0000') !== Object.keys(b).join('\u0000')) out.push(at);
    else keys.forEach((k) => changedPaths(a[k], b[k], [...at, k], out));
    return;
  }
  out.push(at);
}

/** The problem a ManifestError describes (file and line kept); anything else is rethrown as a bug. */
export function problemOf(e: unknown): BumpProblem {
  if (e instanceof ManifestError) {
    const prefix = e.line === undefined ? `${e.file}: ` : `${e.file}:${e.line}: `;
    return { file: e.file, line: e.line, reason: e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message };
  }
  throw e;
}
