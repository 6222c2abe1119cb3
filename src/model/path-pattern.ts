import { LockstepConfigError } from './errors';

/**
 * Repository path patterns, the one glob matcher of the library (CI change detection, Cargo workspace
 * members): `*` matches within one path segment, `**` any number of segments (`**\/` also none), `?` one
 * character. By default a pattern also matches every file below a directory it matches (`docs` matches
 * `docs/guide.md`, `**\/.cargo` matches `sdk/.cargo/config.toml`); `{ below: false }` matches exactly.
 * Patterns are repository-relative with `/` separators.
 */
export class PathPattern {
  /** Parses a pattern; throws a LockstepConfigError naming the pattern when it cannot be one. */
  public static parse(pattern: string, options: { below?: boolean } = {}): PathPattern {
    const p = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
    if (p === '' || p.startsWith('/') || p.split('/').includes('..') || p.includes('\\')) {
      throw new LockstepConfigError(`'${pattern}' is not a repository-relative path pattern (use forward slashes, no leading '/' and no '..').`);
    }
    return new PathPattern(pattern, toRegExp(p, options.below ?? true));
  }

  private constructor(public readonly source: string, private readonly re: RegExp) {}

  /** True when `file` (repository-relative) matches. */
  public matches(file: string): boolean {
    return this.re.test(file);
  }
}

/**
 * An ordered list of path patterns in which `!pattern` excludes again, as in GitHub's `paths` filters:
 * the last pattern that matches a file decides. `['desktop', '!desktop/vendor', 'desktop/vendor/x.h']`
 * matches everything below `desktop` except `desktop/vendor`, but `desktop/vendor/x.h` again.
 */
export class PathPatternList {
  /** Parses every pattern; throws a LockstepConfigError naming the first that cannot be one. */
  public static parse(patterns: readonly string[]): PathPatternList {
    return new PathPatternList(patterns.map((p) => (p.startsWith('!') ? { include: false, pattern: PathPattern.parse(p.slice(1)) } : { include: true, pattern: PathPattern.parse(p) })));
  }

  private constructor(private readonly rules: ReadonlyArray<{ readonly include: boolean; readonly pattern: PathPattern }>) {}

  /** The including pattern that decides `file`, or undefined when no pattern includes it. */
  public match(file: string): string | undefined {
    for (let i = this.rules.length - 1; i >= 0; i--) {
      const rule = this.rules[i];
      if (rule.pattern.matches(file)) return rule.include ? rule.pattern.source : undefined;
    }
    return undefined;
  }
}

function toRegExp(p: string, below: boolean): RegExp {
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
  // A match names a file or a directory, and (by default) a directory stands for everything below it.
  // `s`: a file name may hold a newline, and `.` must match it too.
  return new RegExp(below ? `^${re}(?:/.*)?$` : `^${re}$`, 's');
}
