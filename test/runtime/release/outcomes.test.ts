import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { Outcome, OutcomeKind, anyFailed, failed, outcomeFile, readOutcomeDir, readOutcomeFile, writeOutcomes } from '../../../src/runtime/release/outcomes';
import { NodeFs } from '../../../src/runtime/release/real-deps';
import { tempDir } from '../../support/fixtures';

// The outcome files the publish jobs write and the summary job reads back, on a real directory.

const row = (product: string, target: string, subject: string, outcome: OutcomeKind = 'published', detail = ''): Outcome =>
  ({ product, target, subject, version: '1.0.0', outcome, detail });

describe('outcome files: what each publish job recorded, for the summary', () => {
  it('GIVEN a job WHEN its outcomes are written THEN they are in .lockstep/outcomes/<job>.json and read back as they were', () => {
    const ws = tempDir();
    const fsys = new NodeFs(ws);
    const rows = [row('core', 'crates-io', 'core'), { ...row('py', 'pypi', 'py-1.0.0.tar.gz', 'failed', 'twine upload exited 1'), package: 'py' }];
    expect(outcomeFile('publish-crates')).toBe('.lockstep/outcomes/publish-crates.json');
    expect(writeOutcomes(fsys, 'publish-crates', rows)).toBe('.lockstep/outcomes/publish-crates.json');
    expect(JSON.parse(fs.readFileSync(path.join(ws, '.lockstep/outcomes/publish-crates.json'), 'utf8'))).toEqual(rows);
    expect(readOutcomeFile(fsys, '.lockstep/outcomes/publish-crates.json')).toEqual(rows);
  });

  it('GIVEN a job that records in two steps WHEN the second writes THEN its rows replace the first\'s for the same product, target and subject, and the others stay', () => {
    const fsys = new NodeFs(tempDir());
    writeOutcomes(fsys, 'publish-pypi', [row('py', 'pypi', 'a.whl', 'published'), row('py', 'pypi', 'a.tar.gz', 'held-back')]);
    writeOutcomes(fsys, 'publish-pypi', [row('py', 'pypi', 'a.tar.gz', 'failed', 'upload failed'), row('py2', 'pypi', 'b.whl')]);
    expect(readOutcomeFile(fsys, outcomeFile('publish-pypi')).map((o) => [o.product, o.subject, o.outcome])).toEqual([
      ['py', 'a.whl', 'published'], ['py', 'a.tar.gz', 'failed'], ['py2', 'b.whl', 'published'],
    ]);
  });

  it('GIVEN rows whose product, target and subject differ but read the same run together WHEN written THEN neither replaces the other', () => {
    const fsys = new NodeFs(tempDir());
    writeOutcomes(fsys, 'custom', [row('ab', 'c', 'd'), row('a', 'bc', 'd'), row('a', 'b', 'cd')]);
    expect(readOutcomeFile(fsys, outcomeFile('custom')).map((o) => `${o.product}|${o.target}|${o.subject}`)).toEqual(['ab|c|d', 'a|bc|d', 'a|b|cd']);
  });

  it('GIVEN every kind of outcome WHEN written and read back THEN each is accepted', () => {
    const fsys = new NodeFs(tempDir());
    const kinds: OutcomeKind[] = ['published', 'skipped:already-published', 'failed', 'held-back', 'dry-run'];
    writeOutcomes(fsys, 'all', kinds.map((k) => row(k, 'npm', 'x', k)));
    expect(readOutcomeFile(fsys, outcomeFile('all')).map((o) => o.outcome)).toEqual(kinds);
  });

  it('GIVEN no outcome file WHEN read THEN there are no outcomes', () => {
    expect(readOutcomeFile(new NodeFs(tempDir()), '.lockstep/outcomes/publish-npm.json')).toEqual([]);
  });

  it('GIVEN a corrupt outcome file WHEN read THEN the error names the file and what is wrong with it', () => {
    const ws = tempDir();
    const fsys = new NodeFs(ws);
    const file = 'collected/publish-npm.json';
    const refused = (text: string) => {
      fsys.write(file, text);
      return () => readOutcomeFile(fsys, file);
    };
    expect(refused('{ not json')).toThrow(/^collected\/publish-npm\.json: not an outcome file \(.*JSON.*\)$/);
    expect(refused('{}')).toThrow('collected/publish-npm.json: not an outcome file (expected an array of outcomes)');
    expect(refused('[null]')).toThrow('collected/publish-npm.json: not an outcome file (expected an array of outcomes)');
    expect(refused('["published"]')).toThrow('collected/publish-npm.json: not an outcome file (expected an array of outcomes)');
    const good = row('core', 'npm', 'core');
    for (const field of ['product', 'target', 'subject', 'version', 'detail'] as const) {
      expect(refused(JSON.stringify([good, { ...good, [field]: 1 }]))).toThrow('collected/publish-npm.json: not an outcome file (expected an array of outcomes)');
    }
    expect(refused(JSON.stringify([{ ...good, outcome: 'uploaded' }]))).toThrow('collected/publish-npm.json: not an outcome file (expected an array of outcomes)');
    expect(refused(JSON.stringify([good]))()).toEqual([good]);
  });

  it('GIVEN the summary\'s downloaded artifacts WHEN read THEN every outcome file below the directory is read, in name order, and other files are ignored', () => {
    const ws = tempDir();
    const fsys = new NodeFs(ws);
    // actions/download-artifact puts each artifact in a folder of its name.
    fsys.write('collected/outcomes-tag/tag-all.json', JSON.stringify([row('core', 'tag', 'core-v1.0.0')]));
    fsys.write('collected/outcomes-npm/deep/publish-npm.json', JSON.stringify([row('web', 'npm', '@q/web')]));
    fsys.write('collected/outcomes-crates/publish-crates.json', JSON.stringify([row('core', 'crates-io', 'core')]));
    fsys.write('collected/outcomes-crates/notes.txt', 'not an outcome file');
    fsys.write('collected/a-umbrella.json', JSON.stringify([row('(umbrella)', 'umbrella', 'v1.0.0')]));
    fs.mkdirSync(path.join(ws, 'collected/empty'));
    expect(readOutcomeDir(fsys, 'collected').map((o) => o.subject)).toEqual(['v1.0.0', 'core', '@q/web', 'core-v1.0.0']);
    expect(readOutcomeDir(fsys, 'missing')).toEqual([]);
  });

  it('GIVEN an error while publishing WHEN it becomes an outcome THEN it failed, saying what was being done and the error; a run with one failed outcome failed', () => {
    const base = { product: 'core', target: 'crates-io', subject: 'core', version: '1.0.0' };
    expect(failed(base, 'cargo publish', new Error('exited 101'))).toEqual({ ...base, outcome: 'failed', detail: 'cargo publish: exited 101' });
    expect(failed(base, 'probing crates.io', 'timeout')).toMatchObject({ outcome: 'failed', detail: 'probing crates.io: timeout' });
    expect(anyFailed([row('a', 'npm', 'a'), row('b', 'npm', 'b', 'held-back')])).toBe(false);
    expect(anyFailed([row('a', 'npm', 'a'), row('b', 'npm', 'b', 'failed')])).toBe(true);
    expect(anyFailed([])).toBe(false);
  });
});
