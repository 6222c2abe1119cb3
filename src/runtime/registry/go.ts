import { END_OF_OPTIONS } from '../git-args';
import { Exec, ProbeState } from '../release/ports';

/**
 * Whether a Go module version exists: Go has no registry, the tag is the release. `git ls-remote
 * --exit-code` answers 0 (there) or 2 (absent); anything else is an error, never "absent".
 */
export async function probeGoTag(exec: Exec, remote: string, tag: string): Promise<ProbeState> {
  const r = await exec.run('git', ['ls-remote', '--exit-code', '--tags', END_OF_OPTIONS, remote, `refs/tags/${tag}`]);
  if (r.code === 0) return 'published';
  if (r.code === 2) return 'missing';
  throw new Error(`git ls-remote --tags ${remote} refs/tags/${tag} failed (exit ${r.code}): ${r.stderr.trim()}`);
}
