import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { snapshot } from './helpers';
import { writeFilesAtomically } from '../../../src/runtime/bump/atomic-write';
import { parseFile, proveEdits } from '../../../src/runtime/bump/text-edits';
import { writeRepo } from '../../support/fixtures';

describe('atomic writes (B3)', () => {
  it('GIVEN several files WHEN written THEN each has its new text and its old mode, with no temporary file left', () => {
    const dir = writeRepo({ 'a.toml': 'a = "1"\n', 'sub/b.json': '{"b": "1"}\n' });
    fs.chmodSync(path.join(dir, 'a.toml'), 0o640);
    fs.chmodSync(path.join(dir, 'sub/b.json'), 0o755);
    writeFilesAtomically(dir, [{ file: 'a.toml', text: 'a = "2"\n' }, { file: 'sub/b.json', text: '{"b": "2"}\n' }], new Map());
    expect(snapshot(dir)).toEqual({ 'a.toml': '640 a = "2"\n', 'sub/b.json': '755 {"b": "2"}\n' });
  });

  it('GIVEN the second temporary file cannot be created WHEN written THEN no target changes and the first temporary file is removed', () => {
    const dir = writeRepo({ 'a.toml': 'a = "1"\n', 'b.toml': 'b = "1"\n' });
    // A file already at the second temporary path makes its exclusive create fail.
    fs.writeFileSync(path.join(dir, `.b.toml.lockstep-${process.pid}-1.tmp`), 'in the way');
    const before = snapshot(dir);
    expect(() => writeFilesAtomically(dir, [{ file: 'a.toml', text: 'a = "2"\n' }, { file: 'b.toml', text: 'b = "2"\n' }], new Map())).toThrow(
      /writing b\.toml failed .*no file was changed/,
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it('B3 GIVEN the second rename fails WHEN written THEN the file already replaced gets its old text back, and the error says so', () => {
    const dir = writeRepo({ 'a.toml': 'a = "1"\n', 'b.toml/keep': 'a directory where a file is expected\n' });
    expect(() => writeFilesAtomically(dir, [{ file: 'a.toml', text: 'a = "2"\n' }, { file: 'b.toml', text: 'b = "2"\n' }], new Map([['a.toml', 'a = "1"\n']])))
      .toThrow(/replacing b\.toml failed .*; the 1 file\(s\) already replaced were restored\./);
    expect(fs.readFileSync(path.join(dir, 'a.toml'), 'utf8')).toBe('a = "1"\n');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('B3 GIVEN a replaced file whose old text is unknown WHEN a later rename fails THEN it is named as not restored, never emptied', () => {
    const dir = writeRepo({ 'a.toml': 'a = "1"\n', 'b.toml/keep': 'x\n' });
    expect(() => writeFilesAtomically(dir, [{ file: 'a.toml', text: 'a = "2"\n' }, { file: 'b.toml', text: 'b = "2"\n' }], new Map()))
      .toThrow(/could NOT be restored and carry the new version: a\.toml \(its old text is unknown\); restore them with git/);
    expect(fs.readFileSync(path.join(dir, 'a.toml'), 'utf8')).toBe('a = "2"\n');
  });

  it('B3 GIVEN two replaced files whose old text is unknown WHEN a later rename fails THEN both are named as not restored', () => {
    const dir = writeRepo({ 'a.toml': 'a = "1"\n', 'b.toml': 'b = "1"\n', 'c.toml/keep': 'x\n' });
    const writes = ['a', 'b', 'c'].map((n) => ({ file: `${n}.toml`, text: `${n} = "2"\n` }));
    expect(() => writeFilesAtomically(dir, writes, new Map())).toThrow(
      /^replacing c\.toml failed \(.*\); these already-replaced files could NOT be restored and carry the new version: a\.toml \(its old text is unknown\), b\.toml \(its old text is unknown\); restore them with git\.$/,
    );
  });

  it('GIVEN a symbolic link to a manifest WHEN written THEN the file it points to changes and the link stays a link', () => {
    const dir = writeRepo({ 'real/Cargo.toml': 'a = "1"\n' });
    fs.symlinkSync('real/Cargo.toml', path.join(dir, 'Cargo.toml'));
    writeFilesAtomically(dir, [{ file: 'Cargo.toml', text: 'a = "2"\n' }], new Map());
    expect(fs.lstatSync(path.join(dir, 'Cargo.toml')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'real/Cargo.toml'), 'utf8')).toBe('a = "2"\n');
  });

  it('GIVEN a symbolic link to a manifest WHEN written THEN the file keeps its own mode, not the link\'s', () => {
    const dir = writeRepo({ 'real/Cargo.toml': 'a = "1"\n' });
    fs.chmodSync(path.join(dir, 'real/Cargo.toml'), 0o640);
    fs.symlinkSync('real/Cargo.toml', path.join(dir, 'Cargo.toml'));
    writeFilesAtomically(dir, [{ file: 'Cargo.toml', text: 'a = "2"\n' }], new Map());
    expect(snapshot(dir)).toMatchObject({ 'real/Cargo.toml': '640 a = "2"\n' });
  });

  it('GIVEN a mode wider than the usual umask (022) allows WHEN written THEN the file keeps that mode', () => {
    // The temporary file is created under the process umask (it cannot be set in a worker thread), which
    // takes the group and other write bits away; the target must still get its own mode back.
    const dir = writeRepo({ 'a.toml': 'a = "1"\n' });
    fs.chmodSync(path.join(dir, 'a.toml'), 0o666);
    writeFilesAtomically(dir, [{ file: 'a.toml', text: 'a = "2"\n' }], new Map());
    expect(snapshot(dir)).toEqual({ 'a.toml': '666 a = "2"\n' });
  });

  it('GIVEN many files written, and writes that fail WHEN done THEN no file descriptor is left open', () => {
    // Counted over 100 writes, so that files other tests open meanwhile cannot pass for a leak.
    const openFds = () => fs.readdirSync('/proc/self/fd').length;
    const dir = writeRepo({ 'a.toml': 'a = "1"\n', 'b.toml': 'b = "1"\n' });
    const before = openFds();
    for (let i = 0; i < 50; i++) {
      writeFilesAtomically(dir, [{ file: 'a.toml', text: `a = "${i}"\n` }, { file: 'b.toml', text: `b = "${i}"\n` }], new Map());
      expect(() => writeFilesAtomically(dir, [{ file: 'a.toml', text: 'a = "x"\n' }, { file: '../b.toml', text: 'b = "x"\n' }], new Map())).toThrow(
        /writing \.\.\/b\.toml failed \(\.\.\/b\.toml: is not a path inside the repository.*\); no file was changed\./,
      );
    }
    expect(openFds() - before).toBeLessThan(20);
    expect(fs.readdirSync(dir).sort()).toEqual(['a.toml', 'b.toml']);
  });
});

describe('the re-parse proof (B2)', () => {
  const parsed = parseFile('Cargo.toml', 'toml', '[package]\nversion = "0.3.0"\n[dependencies]\nlibc = "0.3.0"\n');
  const edit = { keyPath: ['package', 'version'], line: 2, oldValue: '0.3.0', newValue: '0.4.0', start: 0, end: 0, replacement: '' };

  it('GIVEN an edited text that changes only the intended value WHEN proven THEN it passes', () => {
    expect(() => proveEdits(parsed, '[package]\nversion = "0.4.0"\n[dependencies]\nlibc = "0.3.0"\n', [edit])).not.toThrow();
  });

  it('GIVEN an edited text that also changes another value WHEN proven THEN it fails naming the value, and nothing is written', () => {
    expect(() => proveEdits(parsed, '[package]\nversion = "0.4.0"\n[dependencies]\nlibc = "0.4.0"\n', [edit])).toThrow(/Cargo\.toml: .*\(dependencies\.libc\); nothing was written/);
  });

  it('GIVEN an edited text that no longer parses WHEN proven THEN it fails', () => {
    expect(() => proveEdits(parsed, '[package]\nversion = "0.4.0\n', [edit])).toThrow(/no longer parses/);
  });

  it('GIVEN an edited text whose value differs from the intended one WHEN proven THEN it fails', () => {
    expect(() => proveEdits(parsed, '[package]\nversion = "0.5.0"\n[dependencies]\nlibc = "0.3.0"\n', [edit])).toThrow(/package\.version/);
  });
});
