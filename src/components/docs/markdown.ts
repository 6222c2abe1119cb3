/** Small Markdown helpers for the generated docs. */

/** An inline code span. */
export function code(text: string): string {
  return `\`${text}\``;
}

/** An explicit anchor: links to `#id` keep working whatever the heading below it says. */
export function anchor(id: string): string {
  return `<a id="${id}"></a>`;
}

/** A link to an anchor of the same document. */
export function link(text: string, id: string): string {
  return `[${text}](#${id})`;
}

/** A URL: a link when it is real, a code span when it holds a placeholder (`<OWNER>` is not a URL). */
export function url(value: string): string {
  return value.includes('<') ? code(value) : `<${value}>`;
}

/** A GitHub-flavoured Markdown table. */
export function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)];
}

/** Numbered steps; a step may continue on further lines (indented under it). */
export function steps(items: ReadonlyArray<string | readonly string[]>): string[] {
  return items.flatMap((item, i) => {
    const [first, ...rest] = typeof item === 'string' ? [item] : item;
    return [`${i + 1}. ${first}`, ...rest.map((l) => (l === '' ? '' : `   ${l}`))];
  });
}

/** A fenced code block. */
export function fence(lang: string, lines: readonly string[]): string[] {
  return [`\`\`\`${lang}`, ...lines, '```'];
}

/** A list of names as `a`, `b` and `c`. */
export function names(items: readonly string[]): string {
  const coded = items.map(code);
  if (coded.length <= 1) return coded.join('');
  return `${coded.slice(0, -1).join(', ')} and ${coded[coded.length - 1]}`;
}
