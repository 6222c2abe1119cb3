import { describe, expect, it } from 'vitest';
import { ManifestError } from '../../../src/model/errors';
import { ParsedFile, ValueEdit, changedPaths, editFile, formatProblem, parseFile, problemOf, proveEdits } from '../../../src/runtime/bump/text-edits';

const CARGO = [
  '[package]',
  'name = "quill-engine"',
  'version = "0.3.0"',
  'released = 2026-01-02T03:04:05Z',
  'keywords = ["db", "sql"]',
  '',
  '[dependencies]',
  'quill-ask = { path = "../ask", version = "=0.3.0" }',
  '',
].join('\n');

/** The edit editFile makes for package.version 0.3.0 → 0.4.0: the one differing character. */
function versionEdit(parsed: ParsedFile, newValue = '0.4.0'): ValueEdit {
  const outcome = editFile(parsed, [{ keyPath: ['package', 'version'], newValue: () => newValue }]);
  if (outcome.problems) throw new Error(outcome.problems.map(formatProblem).join('\n'));
  return outcome.change.edits[0];
}

describe('B2 the proof that an edit changed nothing but the intended values', () => {
  const parsed = parseFile('Cargo.toml', 'toml', CARGO);
  const bumped = CARGO.replace('version = "0.3.0"', 'version = "0.4.0"');

  it('B2 GIVEN the edited text and its one intended edit WHEN proved THEN it passes', () => {
    expect(() => proveEdits(parsed, bumped, [versionEdit(parsed)])).not.toThrow();
  });

  it('B2 GIVEN an extra change the edits do not list (a neighbour value) WHEN proved THEN it refuses, naming the neighbour', () => {
    const extra = bumped.replace('name = "quill-engine"', 'name = "quill-engine2"');
    expect(() => proveEdits(parsed, extra, [versionEdit(parsed)])).toThrow(
      'Cargo.toml: the edited text changes more or other than intended (package.name); nothing was written. Please report this.',
    );
  });

  it('B2 GIVEN a third-party dependency pin changed too (the libc incident) WHEN proved THEN it refuses, naming the pin', () => {
    const extra = bumped.replace('version = "=0.3.0"', 'version = "=0.4.0"');
    expect(() => proveEdits(parsed, extra, [versionEdit(parsed)])).toThrow(/\(dependencies\.quill-ask\.version\); nothing was written/);
  });

  it('B2 GIVEN the intended value written wrong WHEN proved THEN it refuses, naming the value', () => {
    const wrong = CARGO.replace('version = "0.3.0"', 'version = "0.4.1"');
    expect(() => proveEdits(parsed, wrong, [versionEdit(parsed)])).toThrow(/changes more or other than intended \(package\.version\)/);
  });

  it('B2 GIVEN an edit that claims a change the text does not carry WHEN proved THEN it refuses', () => {
    expect(() => proveEdits(parsed, CARGO, [versionEdit(parsed)])).toThrow(/changes more or other than intended \(package\.version\)/);
  });

  it('B2 GIVEN a wrong value and an extra change at once WHEN proved THEN both are named', () => {
    const both = CARGO.replace('version = "0.3.0"', 'version = "0.4.1"').replace('"db"', '"dbs"');
    expect(() => proveEdits(parsed, both, [versionEdit(parsed)])).toThrow(/\(package\.keywords\[0\], package\.version\)/);
  });

  it('B2 GIVEN a changed date, a key added or a list grown WHEN proved THEN each is refused at its place', () => {
    const edit = versionEdit(parsed);
    expect(() => proveEdits(parsed, bumped.replace('03:04:05Z', '03:04:06Z'), [edit])).toThrow(/\(package\.released\)/);
    expect(() => proveEdits(parsed, bumped.replace('[dependencies]', '[dependencies]\nlibc = "0.2"'), [edit])).toThrow(/\(dependencies\)/);
    expect(() => proveEdits(parsed, bumped.replace('"sql"]', '"sql", "x"]'), [edit])).toThrow(/\(package\.keywords\)/);
  });

  it('B3 GIVEN edited text that no longer parses WHEN proved THEN it refuses and nothing is written', () => {
    expect(() => proveEdits(parsed, bumped.replace('version = "0.4.0"', 'version = "0.4.0'), [versionEdit(parsed)]))
      .toThrow(/^Cargo\.toml: the edited text no longer parses \(.*\); nothing was written\. Please report this\.$/s);
  });

  it('B2 GIVEN a JSON manifest whose keys were reordered WHEN proved THEN it refuses at the object', () => {
    const json = '{\n  "name": "quill-notes",\n  "version": "0.3.0",\n  "private": false\n}\n';
    const p = parseFile('package.json', 'json', json);
    const edit = editFile(p, [{ keyPath: ['version'], newValue: () => '0.4.0' }]);
    if (edit.problems) throw new Error('unexpected problems');
    expect(edit.change.after).toBe(json.replace('0.3.0', '0.4.0'));
    const reordered = '{\n  "version": "0.4.0",\n  "name": "quill-notes",\n  "private": false\n}\n';
    expect(() => proveEdits(p, reordered, edit.change.edits)).toThrow(/package\.json: the edited text changes more or other than intended \(\)/);
    expect(() => proveEdits(p, reordered.replace('false', 'true'), edit.change.edits)).toThrow(/changes more or other than intended/);
  });
});

describe('the places two parsed documents differ', () => {
  const diff = (a: unknown, b: unknown) => {
    const out: Array<Array<string | number>> = [];
    changedPaths(a, b, [], out);
    return out;
  };

  it('GIVEN equal documents, dates of the same instant and arrays with equal items WHEN compared THEN nothing differs', () => {
    expect(diff({ a: [1, { b: 'x' }], d: new Date('2026-01-02T03:04:05Z') }, { a: [1, { b: 'x' }], d: new Date('2026-01-02T03:04:05Z') })).toEqual([]);
    expect(diff(Number.NaN, Number.NaN)).toEqual([]);
  });

  it('GIVEN documents differing in one leaf, a date, a length, a key order or a type WHEN compared THEN each difference is named where it is', () => {
    expect(diff({ a: [1, { b: 'x' }] }, { a: [1, { b: 'y' }] })).toEqual([['a', 1, 'b']]);
    expect(diff({ d: new Date(0) }, { d: new Date(1000) })).toEqual([['d']]);
    expect(diff({ d: new Date(0) }, { d: '1970-01-01T00:00:00.000Z' })).toEqual([['d']]);
    expect(diff({ d: '1970-01-01T00:00:00.000Z' }, { d: new Date(0) })).toEqual([['d']]);
    expect(diff({ a: [1] }, { a: [1, 2] })).toEqual([['a']]);
    expect(diff({ a: 1, b: 2 }, { b: 2, a: 1 })).toEqual([[]]);
    expect(diff({ a: 1 }, { a: 1, b: 2 })).toEqual([[]]);
    expect(diff({ a: [1] }, { a: { 0: 1 } })).toEqual([['a']]);
    expect(diff({ a: { x: 1 } }, { a: [1] })).toEqual([['a']]);
    expect(diff({ a: 1, b: 'x' }, { a: 2, b: 'y' })).toEqual([['a'], ['b']]);
    // A string that reads like the date, and a table shaped like the list, are still other types.
    expect(diff({ d: new Date(0) }, { d: String(new Date(0)) })).toEqual([['d']]);
    expect(diff({ a: [1] }, { a: { length: 1, 0: 1 } })).toEqual([['a']]);
  });
});

describe('B2 editing a file at the exact span of each value', () => {
  it('GIVEN a version bump WHEN edited THEN only the characters that differ are replaced, at their line', () => {
    const parsed = parseFile('Cargo.toml', 'toml', CARGO);
    const edit = versionEdit(parsed, '0.31.0');
    const at = CARGO.indexOf('"0.3.0"') + 1;
    // 0.3.0 → 0.31.0: the common prefix "0.3" and suffix ".0" stay; "1" is inserted.
    expect(edit).toEqual({ keyPath: ['package', 'version'], line: 3, oldValue: '0.3.0', newValue: '0.31.0', start: at + 3, end: at + 3, replacement: '1' });
    const shorter = versionEdit(parsed, '0.0');
    // 0.3.0 → 0.0: "0." and "0" stay; "3." goes.
    expect(shorter).toMatchObject({ start: at + 2, end: at + 4, replacement: '' });
    expect(CARGO.slice(0, shorter.start) + shorter.replacement + CARGO.slice(shorter.end)).toContain('version = "0.0"');
    const whole = versionEdit(parsed, '1.0.1');
    expect(whole).toMatchObject({ start: at, end: at + 5, replacement: '1.0.1' });
  });

  it('GIVEN a repeated character at the edge WHEN edited THEN the prefix and suffix never overlap', () => {
    const text = 'v = "1.1"\n[package]\nversion = "aaa"\n';
    const parsed = parseFile('x.toml', 'toml', text);
    const outcome = editFile(parsed, [{ keyPath: ['package', 'version'], newValue: () => 'aa' }]);
    if (outcome.problems) throw new Error('unexpected problems');
    expect(outcome.change.after).toBe('v = "1.1"\n[package]\nversion = "aa"\n');
    expect(outcome.change.edits[0]).toMatchObject({ line: 3, replacement: '' });
    const longer = editFile(parsed, [{ keyPath: ['package', 'version'], newValue: () => 'aaaa' }]);
    if (longer.problems) throw new Error('unexpected problems');
    expect(longer.change.after).toBe('v = "1.1"\n[package]\nversion = "aaaa"\n');
    const at = text.indexOf('"aaa"') + 1;
    expect(longer.change.edits[0]).toMatchObject({ start: at + 3, end: at + 3, replacement: 'a' });
  });

  it('GIVEN several targets in any order WHEN edited THEN the edits come in file order and the text has all of them', () => {
    const parsed = parseFile('Cargo.toml', 'toml', CARGO);
    const outcome = editFile(parsed, [
      { keyPath: ['dependencies', 'quill-ask', 'version'], newValue: (v) => v.replace('0.3.0', '0.4.0') },
      { keyPath: ['package', 'version'], newValue: () => '0.4.0' },
    ]);
    if (outcome.problems) throw new Error('unexpected problems');
    expect(outcome.change.edits.map((e) => [e.keyPath.join('.'), e.line, e.oldValue, e.newValue])).toEqual([
      ['package.version', 3, '0.3.0', '0.4.0'], ['dependencies.quill-ask.version', 8, '=0.3.0', '=0.4.0'],
    ]);
    expect(outcome.change).toMatchObject({ file: 'Cargo.toml', before: CARGO, after: CARGO.replace(/0\.3\.0/g, '0.4.0') });
  });

  it('GIVEN a value already at its new value WHEN edited THEN the file is unchanged and lists no edit', () => {
    const parsed = parseFile('Cargo.toml', 'toml', CARGO);
    expect(editFile(parsed, [{ keyPath: ['package', 'version'], newValue: (v) => v }])).toEqual({ change: { file: 'Cargo.toml', before: CARGO, after: CARGO, edits: [] } });
  });

  it('B3 GIVEN targets that cannot be edited WHEN edited THEN every problem names the file, the line and the reason, and nothing is edited', () => {
    const text = '[package]\nname = "x"\nversion = "0.3\\u002e0"\nedition = 2021\ndesc = \'lit\'\n';
    const parsed = parseFile('crates/x/Cargo.toml', 'toml', text);
    const outcome = editFile(parsed, [
      { keyPath: ['package', 'version'], newValue: () => '0.4.0' },
      { keyPath: ['package', 'edition'], newValue: () => '2024' },
      { keyPath: ['package', 'name'], newValue: () => { throw new Error('no such product'); } },
      { keyPath: ['package', 'desc'], newValue: () => "it's" },
      { keyPath: ['package', 'missing'], newValue: () => '1' },
    ]);
    expect(outcome.problems?.map(formatProblem)).toEqual([
      'crates/x/Cargo.toml:3: package.version is written with escapes or a line continuation; write it as a plain string so the bump can edit it exactly.',
      'crates/x/Cargo.toml: has no string at package.edition, although the release plan expects one there; run `npx projen` to regenerate the plan.',
      'crates/x/Cargo.toml:2: package.name: no such product',
      'crates/x/Cargo.toml:5: package.desc: the new value \'it\'s\' cannot be written here: it contains a single quote.',
      'crates/x/Cargo.toml: has no string at package.missing, although the release plan expects one there; run `npx projen` to regenerate the plan.',
    ]);
  });
});

describe('B3 problems as messages', () => {
  it('GIVEN a ManifestError with and without a line WHEN turned into a problem THEN the file and line are kept once', () => {
    expect(problemOf(new ManifestError('a/Cargo.toml', 'invalid TOML', 4))).toEqual({ file: 'a/Cargo.toml', line: 4, reason: 'invalid TOML' });
    expect(problemOf(new ManifestError('a/Cargo.toml', 'missing'))).toEqual({ file: 'a/Cargo.toml', line: undefined, reason: 'missing' });
    expect(formatProblem({ file: 'a/Cargo.toml', line: 4, reason: 'invalid TOML' })).toBe('a/Cargo.toml:4: invalid TOML');
    expect(formatProblem({ file: 'a/Cargo.toml', reason: 'missing' })).toBe('a/Cargo.toml: missing');
  });

  it('GIVEN any other error WHEN turned into a problem THEN it is rethrown as the bug it is', () => {
    const bug = new TypeError('x is undefined');
    expect(() => problemOf(bug)).toThrow(bug);
  });
});
