import * as fs from 'fs';
import * as path from 'path';
import { resolveInRepo } from '../../model/repo';
import { CliError } from '../cli-error';

/** A file's new text, repository-relative. */
export interface FileWrite {
  readonly file: string;
  readonly text: string;
}

/**
 * Writes several files as close to all-or-nothing as a file system allows (B3): every new text goes to a
 * temporary file next to its target, with the target's mode, and only when all of them are written are
 * they renamed over their targets (a rename within a directory is atomic). If writing any temporary file
 * fails, the others are removed and no target changes; if a rename fails, the targets already replaced
 * are restored from their old text. A symbolic link inside the repository is written through to the file
 * it points to; a path or link that leads outside the repository is refused before anything is written.
 */
export function writeFilesAtomically(root: string, writes: readonly FileWrite[], previous: ReadonlyMap<string, string>): void {
  const staged: Array<{ target: string; temp: string; file: string }> = [];
  let current = '';
  try {
    for (const w of writes) {
      current = w.file;
      const given = resolveInRepo(root, w.file);
      const link = fs.lstatSync(given);
      const target = link.isSymbolicLink() ? fs.realpathSync(given) : given;
      const mode = (link.isSymbolicLink() ? fs.statSync(target) : link).mode % 0o10000;
      const temp = path.join(path.dirname(target), `.${path.basename(target)}.lockstep-${process.pid}-${staged.length}.tmp`);
      const fd = fs.openSync(temp, 'wx', mode);
      staged.push({ target, temp, file: w.file });
      try {
        fs.writeFileSync(fd, w.text);
        // The umask may have narrowed the mode given to openSync.
        fs.fchmodSync(fd, mode);
      } finally {
        fs.closeSync(fd);
      }
    }
  } catch (e) {
    for (const s of staged) fs.rmSync(s.temp, { force: true });
    throw new CliError(`writing ${current} failed (${(e as Error).message}); no file was changed.`);
  }
  const done: typeof staged = [];
  try {
    for (const s of staged) {
      fs.renameSync(s.temp, s.target);
      done.push(s);
    }
  } catch (e) {
    for (const s of staged.filter((x) => !done.includes(x))) fs.rmSync(s.temp, { force: true });
    // Restore each replaced file from its old text; one that cannot be restored is named, never emptied.
    const unrestored: string[] = [];
    for (const s of done) {
      const old = previous.get(s.file);
      try {
        if (old === undefined) throw new Error('its old text is unknown');
        fs.writeFileSync(s.target, old);
      } catch (r) {
        unrestored.push(`${s.file} (${(r as Error).message})`);
      }
    }
    const restored = unrestored.length === 0
      ? `the ${done.length} file(s) already replaced were restored`
      : `these already-replaced files could NOT be restored and carry the new version: ${unrestored.join(', ')}; restore them with git`;
    throw new CliError(`replacing ${staged[done.length].file} failed (${(e as Error).message}); ${restored}.`);
  }
}
