import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../../src/runtime/bump/spans';

describe('lines of a text by offset (the line a problem or an edit names)', () => {
  const text = 'ab\ncd\r\n\nlast';
  const lines = new LineIndex(text);

  it('GIVEN offsets at the start, the end and the line break of each line WHEN located THEN each is on its own line', () => {
    expect([0, 1, 2].map((o) => lines.lineOf(o))).toEqual([1, 1, 1]);
    expect([3, 4, 5, 6].map((o) => lines.lineOf(o))).toEqual([2, 2, 2, 2]);
    expect(lines.lineOf(7)).toBe(3);
    expect([8, 11, text.length].map((o) => lines.lineOf(o))).toEqual([4, 4, 4]);
  });

  it('GIVEN each line WHEN its text is taken THEN it comes without its line break, LF or CRLF, and the last one runs to the end', () => {
    expect([1, 2, 3, 4].map((n) => lines.lineText(text, n))).toEqual(['ab', 'cd', '', 'last']);
    expect(new LineIndex('x\n').lineText('x\n', 1)).toBe('x');
  });
});
