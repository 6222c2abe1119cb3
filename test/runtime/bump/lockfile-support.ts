import { KeyPath, LockfilePlan } from '../../../src/model';
import { lockfileTargets } from '../../../src/runtime/bump/lockfile-edits';
import { ValueEdit, editFile, formatProblem, parseFile } from '../../../src/runtime/bump/text-edits';

export type { LockfilePlan };

/** A manifest edit as a lockfile sees it. */
export interface ValueEditLike {
  readonly file: string;
  readonly keyPath: KeyPath;
  readonly oldValue: string;
  readonly newValue: string;
}

/** Refreshes one lockfile's text as the bump would; returns its new text and the problems as messages. */
export function lockfileOutcome(
  lock: LockfilePlan,
  text: string,
  version: string,
  manifestEdits: ValueEditLike[] = [],
): { after: string; problems: string[] } {
  const parsed = parseFile(lock.file, lock.tool === 'npm' ? 'json' : 'toml', text);
  const byFile = new Map<string, ValueEdit[]>();
  for (const e of manifestEdits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), { ...e, line: 1, start: 0, end: 0, replacement: '' }]);
  const { targets, problems } = lockfileTargets(parsed.doc, { lock, version, manifestEdits: byFile });
  const outcome = editFile(parsed, targets);
  return {
    after: outcome.problems ? text : outcome.change.after,
    problems: [...problems, ...(outcome.problems ?? [])].map(formatProblem),
  };
}
