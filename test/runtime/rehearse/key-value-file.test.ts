import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { readKeyValueFile } from '../../../src/runtime/rehearse/runner';
import { tempDir } from '../../support/fixtures';

describe('the rehearsal reads $GITHUB_OUTPUT and $GITHUB_ENV as the runner does', () => {
  const write = (text: string): string => {
    const file = path.join(tempDir('lockstep-kv-'), 'GITHUB_OUTPUT');
    fs.writeFileSync(file, text);
    return file;
  };

  it('GIVEN name=value lines and a heredoc block WHEN read THEN every value is kept, an = inside a value included', () => {
    expect(readKeyValueFile(write('a=1\nrun<<EOF_X\n{"x": 1}\nsecond line\nEOF_X\nb=c=d\n'))).toEqual({ a: '1', run: '{"x": 1}\nsecond line', b: 'c=d' });
  });

  it('GIVEN a file the step never wrote WHEN read THEN it has no values', () => {
    expect(readKeyValueFile(path.join(tempDir('lockstep-kv-'), 'GITHUB_ENV'))).toEqual({});
  });

  it('GIVEN a line the runner cannot read, or a block without its end WHEN read THEN it fails, naming the file and the line, as the runner fails the step', () => {
    expect(() => readKeyValueFile(write('a=1\njust text\n'))).toThrow('GITHUB_OUTPUT: invalid line "just text": the runner would fail the step');
    expect(() => readKeyValueFile(write('run<<EOF_X\nno end\n'))).toThrow('GITHUB_OUTPUT: no end for run: the runner would fail the step');
  });
});
