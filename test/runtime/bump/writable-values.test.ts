import { describe, expect, it } from 'vitest';
import { jsonStringSpans } from '../../../src/runtime/bump/json-spans';
import { StringKind, unwritableProblem } from '../../../src/runtime/bump/spans';
import { editFile, formatProblem, parseFile } from '../../../src/runtime/bump/text-edits';

const KINDS: StringKind[] = ['basic', 'json', 'ml-basic', 'literal', 'ml-literal'];

describe('which new values a string can take without escapes (B2)', () => {
  it('GIVEN a control character WHEN written into a string of any kind THEN it is refused', () => {
    for (const kind of KINDS) expect(unwritableProblem(kind, '1.0.0\t'), kind).toBe('it contains a control character');
  });

  it('GIVEN a double quote or a backslash WHEN written THEN basic, JSON and multi-line basic strings refuse it; literal strings take it', () => {
    for (const kind of ['basic', 'json', 'ml-basic'] as const) {
      expect(unwritableProblem(kind, 'a"b'), kind).toBe('it contains a quote or a backslash');
      expect(unwritableProblem(kind, 'a\\b'), kind).toBe('it contains a quote or a backslash');
      expect(unwritableProblem(kind, "it's"), kind).toBeUndefined();
    }
    for (const kind of ['literal', 'ml-literal'] as const) {
      expect(unwritableProblem(kind, 'a"b\\c'), kind).toBeUndefined();
      expect(unwritableProblem(kind, "it's"), kind).toBe('it contains a single quote');
    }
  });

  it('GIVEN a JSON manifest WHEN a value would take a quote THEN the edit is refused naming the file, line and key, not written unescaped', () => {
    const parsed = parseFile('app/package.json', 'json', '{\n  "name": "@q/app",\n  "version": "0.3.0"\n}\n');
    const outcome = editFile(parsed, [{ keyPath: ['version'], newValue: () => '0.4.0"' }]);
    expect(outcome.problems?.map(formatProblem)).toEqual([
      'app/package.json:3: version: the new value \'0.4.0"\' cannot be written here: it contains a quote or a backslash.',
    ]);
  });
});

describe('text the JSON span locator cannot follow, at its end', () => {
  it('GIVEN an object cut off after a number WHEN located THEN it is refused at that line, not scanned past the end', () => {
    expect(() => jsonStringSpans('app/package.json', '{\n  "n": 1')).toThrow(
      'app/package.json:2: the JSON span locator expected a key; please report this with the file',
    );
  });
});
