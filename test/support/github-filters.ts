/**
 * GitHub's filter patterns for `on.push.branches`/`tags` (its "Filter pattern cheat sheet"), as a stand-in:
 * GitHub itself cannot run here. The whole ref name must match; `*` matches any characters but `/`, `**`
 * any characters, `?` makes the preceding character optional, `+` repeats it, `[…]` is one character of a
 * set or range; anything else is literal.
 */
export function githubFilterMatches(pattern: string, name: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') {
      re += '[^/]*';
    } else if (c === '?' || c === '+') {
      re += c;
    } else if (c === '[') {
      const end = pattern.indexOf(']', i);
      if (end < 0) throw new Error(`unclosed [ in filter pattern ${pattern}`);
      re += `[${pattern.slice(i + 1, end).replace(/[\\^\]]/g, '\\$&')}]`;
      i = end;
    } else {
      re += c.replace(/[.^${}()|\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`).test(name);
}
