/**
 * The events that start a GitHub Actions workflow, read from its text: the keys (or names) of its top-level
 * `on:`. The library reads the repository's own workflows only to check what it relies on (that the CI
 * workflow release-pr.yml dispatches accepts `workflow_dispatch`), so this reads the three forms GitHub
 * documents — `on: push`, `on: [push, workflow_dispatch]` and a block of event keys — without a YAML
 * library in the published package. Undefined when the text has no top-level `on:`.
 */
export function workflowTriggers(text: string): string[] | undefined {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const start = lines.findIndex((l) => /^(?:on|"on"|'on')\s*:(?:\s|$)/.test(l));
  if (start < 0) return undefined;
  const inline = withoutComment(lines[start].slice(lines[start].indexOf(':') + 1)).trim();
  if (inline !== '') return flowNames(inline);
  const names: string[] = [];
  let indent: number | undefined;
  for (const line of lines.slice(start + 1)) {
    const content = withoutComment(line);
    if (content.trim() === '') continue;
    const own = content.length - content.trimStart().length;
    if (own === 0) break;
    indent ??= own;
    if (own !== indent) continue;
    const item = /^\s*-\s*(.+)$/.exec(content);
    if (item) {
      names.push(unquote(item[1].trim()));
      continue;
    }
    const key = /^\s*("[^"]*"|'[^']*'|[^\s:#][^:#]*?)\s*:(?:\s|$)/.exec(content);
    if (key) names.push(unquote(key[1]));
  }
  return names;
}

/** Names in a flow value: `push`, `[push, workflow_dispatch]` or `{ push: {…}, workflow_dispatch: }`. */
function flowNames(value: string): string[] {
  const body = /^\[(.*)\]$/.exec(value)?.[1] ?? /^\{(.*)\}$/.exec(value)?.[1];
  if (body === undefined) return [unquote(value)];
  const names: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of body) {
    if ((c === ',' && depth === 0)) {
      names.push(current);
      current = '';
      continue;
    }
    if (c === '[' || c === '{') depth++;
    if (c === ']' || c === '}') depth--;
    current += c;
  }
  names.push(current);
  return names.map((n) => unquote(n.split(':')[0].trim())).filter((n) => n !== '');
}

function withoutComment(line: string): string {
  // A `#` starts a comment at the start of the line or after whitespace, outside quotes.
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
      return line.slice(0, i);
    }
  }
  return line;
}

function unquote(s: string): string {
  return /^(["']).*\1$/.test(s) ? s.slice(1, -1) : s;
}
