import { randomUUID } from 'crypto';
import * as fs from 'fs';
import { checkOutputValueSize } from '../../model/github-limits';
import { RuntimeContext } from '../context';
import { safeLogText } from './log';
import { Markdown } from './markdown';

/**
 * Everything the CLI hands to GitHub Actions, each from one function: log lines (through the guard on
 * the command's streams), annotations, step outputs (`$GITHUB_OUTPUT`) and the job summary
 * (`$GITHUB_STEP_SUMMARY`).
 */

type Write = (text: string) => void;

/** A stream that holds back a partial line and makes every complete line safe before it goes out. */
class GuardedStream {
  private pending = '';

  constructor(public readonly raw: Write) {}

  public readonly write: Write = (text) => {
    const all = this.pending + text;
    // A CR at the very end may be the first half of a CR LF.
    const cut = all.endsWith('\r') ? all.lastIndexOf('\n', all.length - 2) : all.lastIndexOf('\n');
    this.pending = all.slice(cut + 1);
    if (cut >= 0) this.raw(safeLogText(all.slice(0, cut + 1)));
  };

  /** Ends a partial line, so that what follows starts a line of its own. */
  public endLine(): void {
    if (this.pending !== '') this.raw(`${safeLogText(this.pending)}\n`);
    this.pending = '';
  }

  public flush(): void {
    if (this.pending !== '') this.raw(safeLogText(this.pending));
    this.pending = '';
  }
}

/** The guarded streams by their write function, so an annotation can reach the stream below. */
const GUARDS = new WeakMap<Write, GuardedStream>();

/** A context whose streams are guarded, and the flush for the end of the command. */
export interface GuardedContext {
  readonly ctx: RuntimeContext;
  flush(): void;
}

/**
 * Guards a command's stdout and stderr: no line the command prints can be read by the runner as a
 * workflow command, whatever text ends up in it. Annotations (`annotate`) are the only workflow commands
 * that pass, written below the guard.
 */
export function guardStreams(ctx: RuntimeContext): GuardedContext {
  const out = new GuardedStream(ctx.stdout);
  const err = new GuardedStream(ctx.stderr);
  GUARDS.set(out.write, out);
  GUARDS.set(err.write, err);
  return {
    ctx: { ...ctx, stdout: out.write, stderr: err.write },
    flush: () => {
      out.flush();
      err.flush();
    },
  };
}

/** The kinds of annotation a command makes. */
export type AnnotationLevel = 'notice' | 'warning' | 'error';

/** Properties an annotation may carry. */
export interface AnnotationProperties {
  readonly title?: string;
  readonly file?: string;
  readonly line?: number;
}

/** GitHub's escaping of a workflow command's data: the runner decodes `%25`, `%0D` and `%0A`. */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** GitHub's escaping of a workflow command's property value: as data, plus `:` and `,`. */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The one line of an annotation: `::error title=…::message`, message and properties escaped. */
export function annotationLine(level: AnnotationLevel, message: string, properties: AnnotationProperties = {}): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${escapeCommandProperty(String(v))}`)
    .join(',');
  return `::${level}${props === '' ? '' : ` ${props}`}::${escapeCommandData(message)}\n`;
}

/**
 * Writes an annotation. Errors go to stderr, notices and warnings to stdout. On a guarded stream the
 * line goes below the guard, after ending any partial line, so it starts a line of its own.
 */
export function annotate(ctx: RuntimeContext, level: AnnotationLevel, message: string, properties?: AnnotationProperties): void {
  const write = level === 'error' ? ctx.stderr : ctx.stdout;
  const guard = GUARDS.get(write);
  guard?.endLine();
  (guard?.raw ?? write)(annotationLine(level, message, properties));
}

/** Step output names as workflows spell them. */
const OUTPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Writes step outputs to `$GITHUB_OUTPUT` (a no-op outside GitHub Actions). Each value goes in GitHub's
 * multi-line form with a random delimiter, so no value — a newline, `name=value` text, anything — can end
 * it early and set another output. A value over 64 KiB is refused, before anything is written (issue 20:
 * large data travels between jobs as a file).
 */
export function setStepOutputs(ctx: RuntimeContext, outputs: Readonly<Record<string, string>>): void {
  const file = ctx.env.GITHUB_OUTPUT;
  for (const [name, value] of Object.entries(outputs)) checkOutputValueSize(name, value);
  if (!file) return;
  const text = Object.entries(outputs).map(([name, value]) => {
    if (!OUTPUT_NAME.test(name)) throw new Error(`step output name ${JSON.stringify(name)} is not a workflow identifier`);
    const delimiter = `ghadelimiter_${randomUUID()}`;
    if (value.includes(delimiter)) throw new Error(`step output ${name} contains its delimiter`);
    return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  });
  fs.appendFileSync(file, text.join(''));
}

/** Appends Markdown built with the Markdown helpers to the job summary (a no-op outside GitHub Actions). */
export function appendStepSummary(ctx: RuntimeContext, markdown: Markdown): void {
  const file = ctx.env.GITHUB_STEP_SUMMARY;
  if (file) fs.appendFileSync(file, `${markdown.text}\n`);
}
