import { StateRow } from './registry-state';

/**
 * The registries' real state as the rehearsal prints it beside the run's summary: one row per package, each
 * column as wide as its longest cell plus two spaces, so a long name or tag (a tag row's version is the tag,
 * `flovyn-worker-core-v0.1.0`) never runs into the next column. A disagreement follows its row, marked ✗.
 */
export function stateTable(rows: readonly StateRow[]): string[] {
  const header = ['target', 'package', 'version', 'summary says', 'registry', 'uploads'];
  const cells = rows.map((r) => [r.target, r.name, r.version, r.said, r.before === r.after ? r.after : `${r.before} → ${r.after}`, String(r.uploads)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)) + 2);
  const line = (c: readonly string[]): string => c.map((cell, i) => (i === c.length - 1 ? cell : cell.padEnd(widths[i]))).join('');
  return [line(header), ...cells.map((c, i) => `${line(c)}${rows[i].disagreement ? `   ✗ ${rows[i].disagreement}` : ''}`)];
}
