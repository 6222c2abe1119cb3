import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { KeyPath } from '../../../src/model';
import { tomlStringSpans } from '../../../src/runtime/bump/toml-spans';

/** The raw text between the delimiters of every located string, by key path (parts joined with `|`). */
function located(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, span] of tomlStringSpans('x.toml', text)) out[(JSON.parse(key) as KeyPath).join('|')] = text.slice(span.start, span.end);
  return out;
}

describe('TOML spans at the edges of the grammar', () => {
  it('GIVEN quoted keys with every escape, and a literal key with a backslash WHEN located THEN the key paths are the parser\'s', () => {
    const text = [
      '"tab\\tbs\\bnl\\nff\\fcr\\rquote\\"backslash\\\\esc\\e" = "1"',
      '"\\u0041\\U0001F600\\x42" = "2"',
      "'lit\\t' = \"3\"",
      '',
    ].join('\n');
    const keys = Object.keys(parse(text));
    expect(keys).toEqual(['tab\tbs\bnl\nff\fcr\rquote"backslash\\esc\u001b', 'A😀B', 'lit\\t']);
    expect(located(text)).toEqual({ [keys[0]]: '1', [keys[1]]: '2', [keys[2]]: '3' });
  });

  it('GIVEN strings that end in a backslash or hold escaped and extra quotes WHEN located THEN each span ends at its own closing delimiter', () => {
    const text = [
      "p = 'C:\\dir\\'",
      "m = '''C:\\'''",
      'e = """a\\"""b"""',
      'f = """x""""',
      'g = """y"""',
      'after = "z"',
      '',
    ].join('\n');
    expect(parse(text)).toEqual({ p: 'C:\\dir\\', m: 'C:\\', e: 'a"""b', f: 'x"', g: 'y', after: 'z' });
    expect(located(text)).toEqual({ p: 'C:\\dir\\', m: 'C:\\', e: 'a\\"""b', f: 'x"', g: 'y', after: 'z' });
  });

  it('GIVEN numbers and dates in arrays without spaces, and tabs in a multi-line array WHEN located THEN each string keeps its index', () => {
    const text = 'n = [1,2,"x"]\nd = [1979-05-27,1,"y"]\nt = [\n\t"a",\t"b"\t]\n';
    expect(parse(text)).toMatchObject({ n: [1, 2, 'x'], t: ['a', 'b'] });
    expect(located(text)).toEqual({ 'n|2': 'x', 'd|2': 'y', 't|0': 'a', 't|1': 'b' });
  });

  it.each([
    ['a number', 'v = "1"\nn = 1'],
    ['a date-time with a space', 'v = "1"\nwhen = 1979-05-27 07:32:00Z'],
    ['a comment', 'v = "1"\n# the end'],
    ['blanks', 'v = "1"\n  \t'],
  ])('GIVEN a file that ends in %s without a line break WHEN located THEN its strings are found', (_, text) => {
    parse(text);
    expect(located(text)).toEqual({ v: '1' });
  });
});

describe('text the TOML span locator cannot follow', () => {
  // smol-toml judges validity first (parseFile), so the locator meets such text only through a gap of its own;
  // it then stops with the file and line rather than guessing where a value is.
  it.each([
    ['a key', 'v = "1"\n= "x"\n', 2],
    ["'='", 'v = "1"\na "x"\n', 2],
    ["'='", 'v = "1"\nkey-at-the-end', 2],
    ['a value', 'a =\nb = "1"\n', 1],
    ['a line break', 'a = "x" y\nb = "1"\n', 1],
    ["']'", '[a\nb = "1"\n', 1],
    ["']]'", '[[a]\nb = "1"\n', 1],
    ['the closing "', 'a = "x\nb = "y"\n', 1],
    ["the closing '", "a = 'x\nb = 'y'\n", 1],
    ['the closing """', 'a = """x\n', 2],
    ["the closing '''", "a = '''x\n\n", 3],
  ])('GIVEN text without %s where the grammar needs it WHEN located THEN it is refused naming the file, the line and what was expected', (what, text, line) => {
    expect(() => tomlStringSpans('crates/x/Cargo.toml', text)).toThrow(
      `crates/x/Cargo.toml:${line}: the TOML span locator expected ${what}; please report this with the file`,
    );
  });
});
