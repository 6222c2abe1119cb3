/** The last lines of a tool's output, where cargo, npm and twine put the reason. */
export function lastLines(text: string, n = 3): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/complete log of this run|^npm (error|ERR!) *$/.test(l));
  return lines.slice(-n).join(' | ').slice(0, 500);
}
