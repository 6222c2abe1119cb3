import * as fs from 'fs';
import * as path from 'path';

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
 * are restored from their old text. A symbolic link is written through to the file it points to.
 */
export function writeFilesAtomically(root: string, writes: readonly FileWrite[], previous: ReadonlyMap<string, string>): void {
  const staged: Array<{ target: string; temp: string; file: string }> = [];
  let current = '';
  try {
    for (const w of writes) {
      current = w.file;
      const given = path.join(root, w.file);
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
    throw new Error(`writing ${current} failed (${(e as Error).message}); no file was changed.`);
  }
  const done: typeof staged = [];
  try {
    for (const s of staged) {
      fs.renameSync(s.temp, s.target);
      done.push(s);
    }
  } catch (e) {
    for (const s of staged.filter((x) => !done.includes(x))) fs.rmSync(s.temp, { force: true });
    for (const s of done) fs.writeFileSync(s.target, previous.get(s.file) ?? '');
    throw new Error(`replacing ${staged[done.length].file} failed (${(e as Error).message}); the ${done.length} file(s) already replaced were restored.`);
  }
}
