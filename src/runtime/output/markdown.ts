import { visibleEscapes } from './log';

/**
 * Markdown for the step summary and pull request bodies, where text from outside (file names, commit
 * subjects, manifest values) must stay text: no heading, list, table cell break, code fence, HTML, image,
 * link, mention or issue reference of its own. A `Markdown` value is built only here, so a function that
 * takes one cannot be handed raw text by mistake.
 */
export class Markdown {
  /** Markdown written by this library itself (headings, table rules): never pass outside text here. */
  public static own(text: string): Markdown {
    return new Markdown(text);
  }

  private constructor(public readonly text: string) {}

  public toString(): string {
    return this.text;
  }
}

/** Anything a Markdown template or table takes: outside text (escaped) or Markdown (kept). */
export type MarkdownPart = string | number | Markdown;

/** Line breaks and white space that would end a line or a table row; everything else unusual is dropped. */
function oneLine(text: string): string {
  return text
    .replace(/\r\n|[\r\n\t\v\f\u0085\u2028\u2029]/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '\ufffd');
}

/**
 * Outside text as inline Markdown that renders as exactly that text. Punctuation with a meaning is
 * backslash-escaped, `<`, `>`, `&` and `|` become entities (an entity never splits a table cell), and a
 * zero-width space after `@` and before an issue number keeps GitHub from pinging or linking.
 */
export function mdText(text: string): Markdown {
  return Markdown.own(
    oneLine(text)
      .replace(/[\\`*_{}[\]~$]/g, '\\$&')
      .replace(/(?<![A-Za-z0-9_])@(?=[A-Za-z0-9])/g, '@\u200b')
      .replace(/#(?=\d)/g, '#\u200b')
      // Entities last: their own `#` and digits must stay as they are.
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\|/g, '&#124;'),
  );
}

/**
 * Outside text as an inline code span: fenced with more backticks than it holds, with unusual characters
 * shown as escapes (`\n`), so a backtick or a line break in a file name cannot close the span or the block.
 */
export function mdCode(text: string): Markdown {
  const content = visibleEscapes(text);
  if (content === '') return Markdown.own('` `');
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[ `]|[ `]$/.test(content) ? ' ' : '';
  return Markdown.own(`${fence}${pad}${content}${pad}${fence}`);
}

function partText(part: MarkdownPart): string {
  if (part instanceof Markdown) return part.text;
  return mdText(String(part)).text;
}

/** Markdown from a template: the literal parts are this library's, each interpolated value is escaped. */
export function md(strings: TemplateStringsArray, ...values: readonly MarkdownPart[]): Markdown {
  return Markdown.own(strings.reduce((text, part, i) => `${text}${part}${i < values.length ? partText(values[i]) : ''}`, ''));
}

/** Markdown lines joined into one block. */
export function mdLines(lines: readonly Markdown[]): Markdown {
  return Markdown.own(lines.map((l) => l.text).join('\n'));
}

/** Parts joined by a separator of this library's own (`, `). */
export function mdJoin(parts: readonly MarkdownPart[], separator: string): Markdown {
  return Markdown.own(parts.map(partText).join(separator));
}

/**
 * A GitHub table. Every cell is one line; a `|` left in a cell (inside a code span, where entities do
 * not work) is escaped as `\|`, which GitHub reads as a pipe inside the cell, code span or not.
 */
export function mdTable(header: readonly string[], rows: ReadonlyArray<readonly MarkdownPart[]>): Markdown {
  const row = (cells: readonly MarkdownPart[]) => `| ${cells.map((c) => partText(c).replace(/\|/g, '\\|')).join(' | ')} |`;
  return Markdown.own([row(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(row)].join('\n'));
}
