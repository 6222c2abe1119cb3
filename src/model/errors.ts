/**
 * An option given to the library is invalid or conflicts with another, or the repository does not match
 * what the options say. Thrown while the project is constructed (that is, during `npx projen`), before any
 * file is written. The message names the option, the value, the conflict and the fix.
 */
export class LockstepConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LockstepConfigError';
  }
}

/**
 * A manifest in the repository could not be read or does not have the shape the release plan needs.
 * The message names the file, the line when one is known, and what to do.
 */
export class ManifestError extends Error {
  /** Repository-relative path of the manifest. */
  public readonly file: string;
  /** 1-based line, when the problem is at a known line. */
  public readonly line?: number;

  constructor(file: string, reason: string, line?: number) {
    super(`${line === undefined ? file : `${file}:${line}`}: ${reason}`);
    this.name = 'ManifestError';
    this.file = file;
    this.line = line;
  }
}
