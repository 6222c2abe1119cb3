import { SpanIndex, pathKey } from './spans';
import { KeyPath } from '../../model/manifests';

/**
 * Finds where every string value of a JSON document sits in its text, keyed by key path, whatever the
 * indentation (B2: edits that worked only with 2-space indentation). As with `JSON.parse`, the last of
 * duplicate keys wins. The text must already have parsed; every edit is proven by parsing again.
 */
export function jsonStringSpans(file: string, text: string): SpanIndex {
  const spans: SpanIndex = new Map();
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (what: string): never => {
    const line = text.slice(0, pos).split('\n').length;
    throw new Error(`${file}:${line}: the JSON span locator expected ${what}; please report this with the file`);
  };
  const skip = (): void => {
    while (pos < text.length && ' \t\r\n'.includes(text[pos])) pos++;
  };
  /** Skips a string at its opening quote; returns the offset of the closing quote. */
  const string = (): number => {
    pos++;
    while (pos < text.length) {
      const c = text[pos];
      if (c === '"') return pos++;
      pos += c === '\\' ? 2 : 1;
    }
    return fail('the closing "');
  };
  const value = (path: KeyPath): void => {
    skip();
    const c = text[pos];
    if (c === '"') {
      const start = pos + 1;
      const end = string();
      spans.set(pathKey(path), { start, end, kind: 'json' });
    } else if (c === '{') {
      pos++;
      skip();
      while (text[pos] !== '}') {
        if (text[pos] !== '"') fail('a key');
        const start = pos;
        string();
        const key = JSON.parse(text.slice(start, pos)) as string;
        skip();
        if (text[pos++] !== ':') fail("':'");
        value([...path, key]);
        skip();
        if (text[pos] === ',') pos++;
        skip();
      }
      pos++;
    } else if (c === '[') {
      pos++;
      skip();
      for (let i = 0; text[pos] !== ']'; i++) {
        value([...path, i]);
        skip();
        if (text[pos] === ',') pos++;
        skip();
      }
      pos++;
    } else {
      const start = pos;
      while (pos < text.length && !/[\s,\]}]/.test(text[pos])) pos++;
      if (pos === start) fail('a value');
    }
  };
  value([]);
  return spans;
}
