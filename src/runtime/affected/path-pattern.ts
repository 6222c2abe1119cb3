/**
 * Repository path patterns for change detection: `*` matches within one path segment, `**` any number of
 * segments, `?` one character. A pattern matches a file, or every file below a directory it matches
 * (`docs` matches `docs/guide.md`, `**\/.cargo` matches `sdk/.cargo/config.toml`). Patterns are
 * repository-relative with `/` separators.
 */
export class PathPattern {
  /** Parses a pattern; throws naming the pattern when it cannot be one. */
  public static parse(pattern: string): PathPattern {
    const p = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
    if (p === '' || p.startsWith('/') || p.split('/').includes('..') || p.includes('\\')) {
      throw new Error(`'${pattern}' is not a repository-relative path pattern (use forward slashes, no leading '/' and no '..').`);
    }
    return new PathPattern(pattern, toRegExp(p));
  }

  private constructor(public readonly source: string, private readonly re: RegExp) {}

  /** True when `file` (repository-relative) matches. */
  public matches(file: string): boolean {
    return this.re.test(file);
  }
}

function toRegExp(p: string): RegExp {
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*' && p[i + 1] === '*') {
      const slashAfter = p[i + 2] === '/';
      // `**/` matches zero or more whole segments; a trailing `**` matches the rest of the path.
      re += slashAfter ? '(?:[^/]+/)*' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (c === '*') {
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else {
      re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  // A match names a file or a directory, and a directory stands for everything below it.
  return new RegExp(`^${re}(?:/.*)?$`);
}
