/** A line of npm's error output (npm 7 to 9 wrote `npm ERR!`, npm 10 on `npm error`), its text after the prefix. */
const NPM_ERROR_LINE = /^npm (?:error|ERR!)(?: (.*))?$/;
const NPM_USAGE = /^npm (?:error|ERR!) Usage:\s*$/;
const NPM_USAGE_END = /^npm (?:error|ERR!) Run "npm help \S+" for more info\s*$/;
/** A line that names an error: cargo's `error:`, npm's `npm error`, a thrown `Error:`. */
const ERROR_LINE = /\berror\b|ERR!/i;
/** How many of the last error lines a tail with none of its own is given ahead of it. */
const ERROR_LINES_KEPT = 5;

/**
 * The last `n` lines of a failed step's output, shown in the rehearsal's report, with the reason kept in
 * view. npm prints a usage error (`npm ci` without a lockfile) ahead of its command's whole usage text, which
 * alone fills the last lines: that text is left out. A tail holding no error line is given the last error
 * lines that came before it, so a tool that prints its error and then more output still shows the error.
 */
export function stepTail(log: string, n = 25): string {
  const lines = withoutNpmUsage(log.trimEnd().split('\n'));
  const tail = lines.slice(-n);
  if (tail.some((l) => ERROR_LINE.test(l))) return tail.join('\n');
  const earlier = lines.slice(0, lines.length - tail.length).filter((l) => ERROR_LINE.test(l)).slice(-ERROR_LINES_KEPT);
  if (earlier.length === 0) return tail.join('\n');
  return [...earlier, '…', ...tail.slice(-Math.max(n - earlier.length - 1, 1))].join('\n');
}

/**
 * `lines` without npm's usage text: from the command's one-line summary ahead of `Usage:` (and the bare
 * `npm error` lines around it) to `Run "npm help <command>" for more info`, replaced by one line saying so.
 */
function withoutNpmUsage(lines: string[]): string[] {
  const usage = lines.findIndex((l) => NPM_USAGE.test(l));
  if (usage < 0) return lines;
  const bare = (i: number) => {
    const m = i >= 0 ? NPM_ERROR_LINE.exec(lines[i]) : null;
    return m !== null && (m[1] ?? '').trim() === '';
  };
  let start = usage;
  if (bare(start - 1)) start--;
  // The summary ("Clean install a project") is one line after a bare line.
  if (start - 2 >= 0 && NPM_ERROR_LINE.test(lines[start - 1]) && bare(start - 2)) start -= 2;
  const endAt = lines.findIndex((l, i) => i > usage && NPM_USAGE_END.test(l));
  const end = endAt < 0 ? lines.length : endAt + 1;
  return [...lines.slice(0, start), `${lines[usage].replace(/Usage:\s*$/, '')}(npm's usage text left out)`, ...lines.slice(end)];
}
