import { describe, expect, it } from 'vitest';
import { StateRow } from '../../../src/runtime/rehearse/registry-state';
import { stateTable } from '../../../src/runtime/rehearse/state-table';

const TAG: StateRow = { product: 'flovyn-worker-core', target: 'tag', name: 'flovyn-worker-core-v0.1.0', version: 'flovyn-worker-core-v0.1.0', said: 'no outcome', before: 'absent', after: 'absent', uploads: 0 };
const NPM: StateRow = { product: 'quill-wasm', target: 'npm', name: '@quill-db/quill-wasm', version: '0.3.0', said: 'published', before: 'absent', after: 'there', uploads: 1 };

/** Splits a printed row at its runs of two or more spaces: the cells a reader sees. */
function cellsOf(line: string): string[] {
  return line.trim().split(/ {2,}/);
}

/** Where each cell of a printed row starts. */
function startsOf(line: string): number[] {
  return [...line.matchAll(/(?:^|(?<= {2}))\S/g)].map((m) => m.index);
}

describe('the registries\' state table of the rehearsal output', () => {
  it('GIVEN a tag name longer than any fixed column WHEN printed THEN every cell stays apart from the next and every column starts where its header does', () => {
    const [header, tag, npm] = stateTable([TAG, NPM]);
    expect(cellsOf(header)).toEqual(['target', 'package', 'version', 'summary says', 'registry', 'uploads']);
    expect(cellsOf(tag)).toEqual(['tag', 'flovyn-worker-core-v0.1.0', 'flovyn-worker-core-v0.1.0', 'no outcome', 'absent', '0']);
    expect(cellsOf(npm)).toEqual(['npm', '@quill-db/quill-wasm', '0.3.0', 'published', 'absent → there', '1']);
    expect(startsOf(tag)).toEqual(startsOf(header));
    expect(startsOf(npm)).toEqual(startsOf(header));
  });

  it('GIVEN a row whose summary and registry disagree WHEN printed THEN the reason follows that row, marked', () => {
    const [, row] = stateTable([{ ...NPM, said: 'failed', disagreement: 'the summary says failed but the registry holds it' }]);
    expect(row).toMatch(/ 1 {3}✗ the summary says failed but the registry holds it$/);
  });
});
