import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { KeyPath, valueAt } from '../../../src/model';
import { jsonStringSpans } from '../../../src/runtime/bump/json-spans';
import { LineIndex, SpanIndex, pathKey } from '../../../src/runtime/bump/spans';
import { tomlStringSpans } from '../../../src/runtime/bump/toml-spans';

/** The raw text of every located string, by dotted key path (for readable expectations). */
function located(text: string, spans: SpanIndex): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, span] of spans) out[(JSON.parse(key) as KeyPath).join('|')] = text.slice(span.start, span.end);
  return out;
}

/** Every string of the parsed document (none written with escapes) is located, at the same key path, with the same text. */
function expectAllStringsLocated(text: string, spans: SpanIndex, doc: unknown): void {
  const strings: Array<[KeyPath, string]> = [];
  const walk = (node: unknown, at: KeyPath): void => {
    if (typeof node === 'string') strings.push([at, node]);
    else if (Array.isArray(node)) node.forEach((x, i) => walk(x, [...at, i]));
    else if (node !== null && typeof node === 'object' && !(node instanceof Date)) Object.entries(node).forEach(([k, v]) => walk(v, [...at, k]));
  };
  walk(doc, []);
  expect(spans.size).toBe(strings.length);
  for (const [keyPath, value] of strings) {
    const span = spans.get(pathKey(keyPath))!;
    expect(span, keyPath.join('.')).toBeDefined();
    expect(text.slice(span.start, span.end)).toBe(value);
    expect(valueAt(doc, keyPath)).toBe(value);
  }
}

describe('TOML spans', () => {
  it('GIVEN every Cargo dependency form WHEN located THEN each version is found at the key path the parser gives it', () => {
    const text = [
      '[package]',
      'name = "app"',
      'version = "0.3.0"',
      '[dependencies]',
      'a = { path = "../a", version = "0.3.0" }',
      'b.path = "../b"',
      'b . version = \'0.3.0\'',
      '"quoted-c" = "0.3.0"',
      '[dependencies.d]',
      'version = "0.3.0"',
      "[target.'cfg(not(target_os = \"ios\"))'.dependencies]",
      'e = { version = "0.3.0" }',
      '[target."cfg(unix)".build-dependencies.f]',
      'version = "0.3.0"',
      '[workspace.dependencies]',
      'g = { version = "0.3.0", path = "g" }',
      '',
    ].join('\n');
    const spans = tomlStringSpans('Cargo.toml', text);
    expect(located(text, spans)).toMatchObject({
      'package|version': '0.3.0',
      'dependencies|a|version': '0.3.0',
      'dependencies|b|version': '0.3.0',
      'dependencies|quoted-c': '0.3.0',
      'dependencies|d|version': '0.3.0',
      'target|cfg(not(target_os = "ios"))|dependencies|e|version': '0.3.0',
      'target|cfg(unix)|build-dependencies|f|version': '0.3.0',
      'workspace|dependencies|g|version': '0.3.0',
    });
    expectAllStringsLocated(text, spans, parse(text));
  });

  it('GIVEN dotted keys at the root instead of a [package] table WHEN located THEN the version is at package.version', () => {
    const text = 'package.name = "x"\npackage.version = "0.3.0"\ndependencies.y = { path = "y", version = "0.3.0" }\n';
    expect(located(text, tomlStringSpans('Cargo.toml', text))).toEqual({
      'package|name': 'x',
      'package|version': '0.3.0',
      'dependencies|y|path': 'y',
      'dependencies|y|version': '0.3.0',
    });
  });

  it('GIVEN CRLF, a BOM, tabs and comments WHEN located THEN spans point at the value text', () => {
    const text = '\uFEFF# top\r\n[package]\t# table\r\n\tname\t=\t"x" # c = "1"\r\nversion = "1.0.0"\r\n\r\n[dependencies] # "y = 2"\r\n';
    const spans = tomlStringSpans('Cargo.toml', text);
    expect(located(text, spans)).toEqual({ 'package|name': 'x', 'package|version': '1.0.0' });
    expect(new LineIndex(text).lineOf(spans.get(pathKey(['package', 'version']))!.start)).toBe(4);
  });

  it('GIVEN strings of every kind WHEN located THEN the content between the delimiters is the span', () => {
    const text = [
      'a = "basic \\" quote"',
      "b = 'literal \\ backslash'",
      'c = """',
      'multi "" line"""""',
      "d = '''ml ''literal'''''",
      'e = "\\u0030.1.0"',
      '',
    ].join('\n');
    const spans = tomlStringSpans('x.toml', text);
    expect(located(text, spans)).toEqual({
      a: 'basic \\" quote',
      b: 'literal \\ backslash',
      c: '\nmulti "" line""',
      d: "ml ''literal''",
      e: '\\u0030.1.0',
    });
    expect([...spans.values()].map((s) => s.kind)).toEqual(['basic', 'literal', 'ml-basic', 'ml-literal', 'basic']);
  });

  it('GIVEN arrays of tables and their sub-tables WHEN located THEN each element gets its index', () => {
    const text = [
      'version = 3',
      '[[package]]',
      'name = "a"',
      'version = "0.1.0"',
      'dependencies = [',
      ' "b", # a comment',
      ' "c 0.1.0",',
      ']',
      '[[package]]',
      'name = "b"',
      '[package.metadata]',
      'k = "v"',
      '[[package.bin]]',
      'name = "b1"',
      '[[package]]',
      'name = "c"',
      '[[package.bin]]',
      'name = "c1"',
      '',
    ].join('\n');
    const spans = tomlStringSpans('Cargo.lock', text);
    expect(located(text, spans)).toEqual({
      'package|0|name': 'a',
      'package|0|version': '0.1.0',
      'package|0|dependencies|0': 'b',
      'package|0|dependencies|1': 'c 0.1.0',
      'package|1|name': 'b',
      'package|1|metadata|k': 'v',
      'package|1|bin|0|name': 'b1',
      'package|2|name': 'c',
      'package|2|bin|0|name': 'c1',
    });
    expectAllStringsLocated(text, spans, parse(text));
  });

  it('GIVEN dates, numbers, nested arrays and a TOML 1.1 multi-line inline table WHEN located THEN later strings are still found', () => {
    const text = [
      'when = 1979-05-27 07:32:00Z',
      'n = [1, [2, "x"], {a = "y"}]',
      'f = -1.5e3',
      'ok = true',
      'dep = {',
      '  path = "..", # the crate',
      '  version = "0.3.0",',
      '}',
      'after = "z"',
      '',
    ].join('\n');
    const spans = tomlStringSpans('x.toml', text);
    expect(located(text, spans)).toEqual({ 'n|1|1': 'x', 'n|2|a': 'y', 'dep|path': '..', 'dep|version': '0.3.0', 'after': 'z' });
    expectAllStringsLocated(text, spans, parse(text));
  });
});

describe('JSON spans', () => {
  const doc = { name: 'x', version: '0.3.0', dependencies: { '@s/a': '^0.3.0', 'b\\"c': '1' }, files: ['a', { v: '2' }], n: 1, t: null };

  it.each([
    ['2 spaces', JSON.stringify(doc, null, 2)],
    ['4 spaces', JSON.stringify(doc, null, 4)],
    ['tabs', JSON.stringify(doc, null, '\t')],
    ['minified', JSON.stringify(doc)],
    ['CRLF and a BOM', `\uFEFF${JSON.stringify(doc, null, 2).replace(/\n/g, '\r\n')}\r\n`],
  ])('GIVEN %s WHEN located THEN every string is found at its key path', (_, text) => {
    const spans = jsonStringSpans('package.json', text);
    expect(located(text, spans)).toMatchObject({ 'version': '0.3.0', 'dependencies|@s/a': '^0.3.0', 'files|1|v': '2' });
    expectAllStringsLocated(text, spans, doc);
  });

  it('GIVEN a duplicate key WHEN located THEN the last one wins, as in JSON.parse', () => {
    const text = '{"version": "1.0.0", "version": "2.0.0"}';
    const span = jsonStringSpans('package.json', text).get(pathKey(['version']))!;
    expect(text.slice(span.start, span.end)).toBe(JSON.parse(text).version);
  });

  it.each([
    ['a value without its colon', '{\n  "name": "x",\n  "version" "1"\n}', 3, "':'"],
    ['a key without quotes', '{\n  name: "x"\n}', 2, 'a key'],
    ['a key with nothing after it', '{\n  "name": }', 2, 'a value'],
    ['an unterminated string', '{\n  "name": "x\\"', 2, 'the closing "'],
  ])('GIVEN text that is not JSON (%s) WHEN located THEN it is refused naming the file, the line and what was expected', (_, text, line, what) => {
    expect(() => jsonStringSpans('app/package.json', text)).toThrow(
      `app/package.json:${line}: the JSON span locator expected ${what}; please report this with the file`,
    );
  });
});
