import { SpanIndex, StringKind, pathKey } from './spans';
import { KeyPath } from '../../model/manifests';

/**
 * Finds where every string value of a TOML document sits in its text (B2), keyed by the same key paths the
 * parsed document has: whatever the form (`[dependencies.x]` tables, inline tables, dotted keys, quoted
 * keys such as `[target.'cfg(unix)'.dependencies]`, arrays of tables as in Cargo.lock), the value of
 * `dependencies.x.version` is found at `["dependencies","x","version"]`.
 *
 * It only locates: the document must already have been parsed by smol-toml, which is the judge of
 * validity, and every edit made from these spans is proven by parsing again (`text-edits.ts`). Comments,
 * CRLF line breaks, a BOM, tabs and TOML 1.1 multi-line inline tables are skipped as the grammar says.
 */
export function tomlStringSpans(file: string, text: string): SpanIndex {
  return new TomlScanner(file, text).scan();
}

const BARE_KEY = /[A-Za-z0-9_-]/;
const ESCAPES: Record<string, string> = { 'b': '\b', 't': '\t', 'n': '\n', 'f': '\f', 'r': '\r', 'e': '\u001b', '"': '"', '\\': '\\' };

class TomlScanner {
  private pos = 0;
  private table: KeyPath = [];
  /** Element counts of arrays of tables, by the key of their concrete path. */
  private readonly arrays = new Map<string, number>();
  private readonly spans: SpanIndex = new Map();

  constructor(private readonly file: string, private readonly text: string) {}

  public scan(): SpanIndex {
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    while (this.pos < this.text.length) {
      this.skipBlank();
      const c = this.text[this.pos];
      if (c === undefined) break;
      if (c === '\n' || c === '\r') {this.newline();} else if (c === '#') {this.skipComment();} else if (c === '[') {this.header();} else {
        this.keyValue(this.table);
        this.endOfLine();
      }
    }
    return this.spans;
  }

  private header(): void {
    const arrayTable = this.text[this.pos + 1] === '[';
    this.pos += arrayTable ? 2 : 1;
    const keys = this.key();
    this.expect(arrayTable ? ']]' : ']');
    const path: KeyPath = [];
    keys.forEach((k, i) => {
      path.push(k);
      const id = pathKey(path);
      if (arrayTable && i === keys.length - 1) {
        const n = this.arrays.get(id) ?? 0;
        this.arrays.set(id, n + 1);
        path.push(n);
      } else if (this.arrays.has(id)) {
        // `[a.b]` after `[[a]]` is inside the last element of `a`.
        path.push(this.arrays.get(id)! - 1);
      }
    });
    this.table = path;
    this.endOfLine();
  }

  private keyValue(base: KeyPath): void {
    const keys = this.key();
    this.expect('=');
    this.skipBlank();
    this.value([...base, ...keys]);
  }

  private key(): string[] {
    const keys: string[] = [];
    for (;;) {
      this.skipBlank();
      keys.push(this.keySegment());
      this.skipBlank();
      if (this.text[this.pos] !== '.') return keys;
      this.pos++;
    }
  }

  private keySegment(): string {
    const c = this.text[this.pos];
    if (c === '"' || c === "'") {
      const start = this.pos + 1;
      const end = this.singleLineString(c);
      const raw = this.text.slice(start, end);
      return c === '"' ? decodeBasic(raw) : raw;
    }
    const start = this.pos;
    while (this.pos < this.text.length && BARE_KEY.test(this.text[this.pos])) this.pos++;
    if (this.pos === start) this.fail('a key');
    return this.text.slice(start, this.pos);
  }

  private value(path: KeyPath): void {
    const t = this.text;
    const c = t[this.pos];
    if (c === '"' || c === "'") {
      const triple = t.startsWith(c.repeat(3), this.pos);
      const kind: StringKind = c === '"' ? (triple ? 'ml-basic' : 'basic') : triple ? 'ml-literal' : 'literal';
      const start = this.pos + (triple ? 3 : 1);
      const end = triple ? this.multiLineString(c) : this.singleLineString(c);
      this.spans.set(pathKey(path), { start, end, kind });
    } else if (c === '[') {
      this.pos++;
      for (let i = 0; ; i++) {
        this.skipSpace();
        if (t[this.pos] === ']') break;
        this.value([...path, i]);
        this.skipSpace();
        if (t[this.pos] === ',') this.pos++;
      }
      this.pos++;
    } else if (c === '{') {
      this.pos++;
      for (;;) {
        this.skipSpace();
        if (t[this.pos] === '}') break;
        this.keyValue(path);
        this.skipSpace();
        if (t[this.pos] === ',') this.pos++;
      }
      this.pos++;
    } else {
      this.scalar();
    }
  }

  /** Numbers, booleans and dates; a date-time may have a space between date and time. */
  private scalar(): void {
    const start = this.pos;
    const stop = /[\s,\]}#]/;
    while (this.pos < this.text.length && !stop.test(this.text[this.pos])) this.pos++;
    if (/^\d{4}-\d{2}-\d{2}$/.test(this.text.slice(start, this.pos)) && this.text[this.pos] === ' ' && /\d/.test(this.text[this.pos + 1] ?? '')) {
      this.pos++;
      while (this.pos < this.text.length && !stop.test(this.text[this.pos])) this.pos++;
    }
    if (this.pos === start) this.fail('a value');
  }

  /** Skips a `"…"` or `'…'` string starting at the opening quote; returns the offset of the closing one. */
  private singleLineString(quote: string): number {
    this.pos++;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === quote) return this.pos++;
      if (c === '\n') break;
      this.pos += c === '\\' && quote === '"' ? 2 : 1;
    }
    return this.fail(`the closing ${quote}`);
  }

  /** Skips a `"""…"""` or `'''…'''` string; up to two extra quotes before the closing ones are content. */
  private multiLineString(quote: string): number {
    this.pos += 3;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === '\\' && quote === '"') {
        this.pos += 2;
      } else if (this.text.startsWith(quote.repeat(3), this.pos)) {
        let run = 3;
        while (run < 5 && this.text[this.pos + run] === quote) run++;
        const end = this.pos + run - 3;
        this.pos += run;
        return end;
      } else {
        this.pos++;
      }
    }
    return this.fail(`the closing ${quote.repeat(3)}`);
  }

  private skipBlank(): void {
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++;
  }

  /** Blanks, line breaks and comments, as allowed inside arrays and (TOML 1.1) inline tables. */
  private skipSpace(): void {
    for (;;) {
      const c = this.text[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else if (c === '#') this.skipComment();
      else return;
    }
  }

  private skipComment(): void {
    while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
  }

  private newline(): void {
    if (this.text[this.pos] === '\r') this.pos++;
    if (this.text[this.pos] !== '\n') this.fail('a line break');
    this.pos++;
  }

  private endOfLine(): void {
    this.skipBlank();
    if (this.text[this.pos] === '#') this.skipComment();
    if (this.pos < this.text.length) this.newline();
  }

  private expect(token: string): void {
    this.skipBlank();
    if (!this.text.startsWith(token, this.pos)) this.fail(`'${token}'`);
    this.pos += token.length;
  }

  private fail(what: string): never {
    const line = this.text.slice(0, this.pos).split('\n').length;
    // smol-toml accepted the file, so this is a gap in the locator, not the user's mistake.
    throw new Error(`${this.file}:${line}: the TOML span locator expected ${what}; please report this with the file`);
  }
}

function decodeBasic(raw: string): string {
  return raw.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|x[0-9A-Fa-f]{2}|.)/g, (_, e: string) => {
    if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    return ESCAPES[e] ?? e;
  });
}
