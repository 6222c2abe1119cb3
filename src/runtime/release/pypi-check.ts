import { Exec, Fs } from './ports';
import { twinePlainOutput } from './pypi-files';

/** What `twine check` said about one built distribution. */
export interface DistCheck {
  readonly file: string;
  readonly problems: string[];
}


/**
 * Checks the Python distributions a build leg made, before the approval: there is at least one wheel, an
 * sdist where this leg builds it (`sdist`), and `twine check` passes on every file, so PyPI will accept
 * the metadata and render the description. A failure names the file and says what twine said.
 */
export async function checkDistributions(dist: string, sdist: boolean,
  deps: { exec: Exec; fs: Fs }): Promise<{ checks: DistCheck[]; problems: string[] }> {
  const files = deps.fs.list(dist).filter((f) => f.endsWith('.whl') || f.endsWith('.tar.gz')).sort();
  const problems: string[] = [];
  if (!files.some((f) => f.endsWith('.whl'))) problems.push(`${dist} holds no wheel: did the build step run?`);
  if (sdist && !files.some((f) => f.endsWith('.tar.gz'))) problems.push(`${dist} holds no sdist: the build made none`);
  const checks: DistCheck[] = [];
  for (const f of files) {
    const file = `${dist}/${f}`;
    let r;
    try {
      r = await deps.exec.run('twine', ['--no-color', 'check', file], { env: twinePlainOutput() });
    } catch (e) {
      return { checks, problems: [...problems, `${(e as Error).message}: install twine first (pip install twine)`] };
    }
    checks.push({ file, problems: r.code === 0 ? [] : [twineMessage(`${r.stdout}\n${r.stderr}`, r.code)] });
  }
  return { checks, problems };
}

/** twine's findings, one line: its ERROR and WARNING messages with their continuation lines joined. */
function twineMessage(output: string, code: number): string {
  const lines = output.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^Checking .*: (FAILED|PASSED)/.test(l));
  return lines.length > 0 ? `twine check: ${lines.join(' ').replace(/\s+/g, ' ')}` : `twine check exited ${code} without a message`;
}
