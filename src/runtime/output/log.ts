/**
 * The job log, as the GitHub runner reads it: it splits output at CR LF, CR and LF, and reads a line as a
 * workflow command when, after leading white space, it starts with `::` (`::error::…`, `::add-mask::…`,
 * `::stop-commands::…`), or when it holds `##[` anywhere (the older form). Text from outside — file and
 * branch names, manifest values, tool output, commit subjects — must never form such a line.
 */

/** Characters that break a line or hide text: C0 and C1 controls, line and paragraph separators, bidi controls, BOM. */
const UNUSUAL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;
const UNUSUAL_ALL = new RegExp(UNUSUAL.source, 'g');
/** What the runner trims before looking for `::` (.NET white space, which includes NEL). */
const LEADING_SPACE = /^[\s\u0085]*/;
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function unicodeEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Every unusual character as a visible escape (`\n`, `\r`, `\t`, `\u202e`). */
export function visibleEscapes(value: string): string {
  return value.replace(UNUSUAL_ALL, (c) => (Object.hasOwn(SHORT_ESCAPES, c) ? SHORT_ESCAPES[c] : unicodeEscape(c)));
}

/**
 * A value as it may appear in a log line: unchanged when it is plain, else as a JSON string literal whose
 * unusual characters are escaped (`"a\n::error::x"`). Either way it has no line break, no `##[`, and does
 * not start with `::`, so even at the start of a line it cannot become a workflow command.
 */
export function logValue(value: string): string {
  const plain = value !== '' && value.trim() === value && !UNUSUAL.test(value) && !value.includes('##[') && !value.startsWith(':');
  return plain ? value : jsonText(value);
}

/** A value quoted for a message: `'plain'`, or the JSON form when it is not plain. */
export function logQuoted(value: string): string {
  const shown = logValue(value);
  return shown === value ? `'${value}'` : shown;
}

/**
 * A log line with each interpolated value passed through `logValue`: the literal parts are the command's
 * own words. Start a line with them, never with a value.
 */
export function logLine(strings: TemplateStringsArray, ...values: ReadonlyArray<string | number>): string {
  return strings.reduce((line, part, i) => `${line}${part}${i < values.length ? logValue(String(values[i])) : ''}`, '');
}

/**
 * JSON that is safe to print as one log line: `JSON.stringify`, with the characters it leaves alone that
 * matter to the runner or a terminal escaped too. `#` and those characters occur only inside strings in
 * JSON, so the escapes keep it valid JSON with the same value.
 */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, undefined, indent)
    .replace(UNUSUAL_ALL, unicodeEscape)
    .replace(/##\[/g, '#\\u0023[');
}

/** The lines of some output as the runner sees them. */
export function runnerLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/**
 * The workflow command the runner would read in one line (`error`, `add-mask`, …), or undefined. Any line
 * that starts with `::` after white space counts, even one the runner would then reject, so that a check
 * built on this errs on the side of caution.
 */
export function workflowCommandIn(line: string): string | undefined {
  const trimmed = line.slice(LEADING_SPACE.exec(line)![0].length);
  if (trimmed.startsWith('::')) return trimmed.slice(2).split(/::| /)[0];
  const legacy = line.indexOf('##[');
  if (legacy >= 0) return line.slice(legacy + 3).split(/[\] ]/)[0];
  return undefined;
}

/** One line (no line break in it) that cannot be a workflow command: a leading `::` and any `##[` are escaped. */
function defangLine(line: string): string {
  const out = line.replace(/##\[/g, '#\\u0023[');
  const lead = LEADING_SPACE.exec(out)![0].length;
  return out.startsWith('::', lead) ? `${out.slice(0, lead)}\\u003a${out.slice(lead + 1)}` : out;
}

/**
 * Any text made safe to print: a lone CR (a line break to the runner) becomes a visible `\r`, and no line
 * of the result is a workflow command. Text that is already safe passes unchanged.
 */
export function safeLogText(text: string): string {
  return text.replace(/\r(?!\n)/g, '\\r').split(/\r?\n/).map(defangLine).join('\n');
}
