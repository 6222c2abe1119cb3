import { KeyPath } from '../../model/manifests';

/** How a string value is written in its file; it decides which characters a new value may contain. */
export type StringKind = 'basic' | 'literal' | 'ml-basic' | 'ml-literal' | 'json';

/** Where a string value sits in a file's text: the characters between its delimiters. */
export interface StringSpan {
  /** Offset of the first character after the opening delimiter. */
  readonly start: number;
  /** Offset of the closing delimiter. */
  readonly end: number;
  readonly kind: StringKind;
}

/** String values of one file by key path (see `pathKey`). */
export type SpanIndex = Map<string, StringSpan>;

/** The map key of a key path (JSON, so `["a.b"]` and `["a","b"]` never collide). */
export function pathKey(keyPath: KeyPath): string {
  return JSON.stringify(keyPath);
}

/** Why `value` cannot be written into a string of this kind without escapes, or undefined. */
export function unwritableProblem(kind: StringKind, value: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'it contains a control character';
  if ((kind === 'basic' || kind === 'json' || kind === 'ml-basic') && /["\\]/.test(value)) return 'it contains a quote or a backslash';
  if ((kind === 'literal' || kind === 'ml-literal') && value.includes("'")) return 'it contains a single quote';
  return undefined;
}

/** 1-based line of an offset, with the line starts of a text computed once. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  public lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi + 1) / 2);
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** The text of a 1-based line, without its line break. */
  public lineText(text: string, line: number): string {
    // The last line has no next start: `starts[line]` is undefined, and the slice runs to the end of the text.
    return text.slice(this.starts[line - 1], this.starts[line]).replace(/\r?\n$/, '');
  }
}
