import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The environment of a release job after the plan job: `LOCKSTEP_RELEASE_FILE` naming a file that holds the
 * release decision, as the job has it once it downloaded the plan job's artifact. `run` is the decision, or
 * its JSON text as the plan job wrote it.
 */
export function releaseRunEnv(run: unknown): { LOCKSTEP_RELEASE_FILE: string } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-release-run-')), 'release-run.json');
  fs.writeFileSync(file, typeof run === 'string' ? run : JSON.stringify(run));
  return { LOCKSTEP_RELEASE_FILE: file };
}
