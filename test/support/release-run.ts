import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ReleasePlan } from '../../src/model';
import { packageRefs, runProduct } from '../../src/runtime/release/release-plan';
import { ReleaseRun } from '../../src/runtime/release/run';

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

/**
 * The decision of a first release of a plan's first track (nothing published yet): every product, every
 * package missing, as the plan job would decide it; for measuring what release.yml passes between jobs.
 */
export function firstReleaseRun(plan: ReleasePlan, version = '0.2.0'): ReleaseRun {
  const track = plan.tracks[0];
  const products = track.products.filter((p) => p.publish).map((p) => {
    const tag = `${p.tagPrefix}${version}`;
    return runProduct(p, tag, packageRefs(p, version, tag).map((r) => ({ ...r, state: 'missing' as const })));
  });
  return {
    schema: 1,
    release: true,
    reason: 'a first release',
    dryRun: false,
    event: 'push',
    track: track.name,
    version,
    commit: 'a'.repeat(40),
    umbrellaTag: `${track.umbrellaTagPrefix}${version}`,
    releaseBranch: plan.releaseBranch,
    products,
    publishWaves: track.publishWaves,
    todo: [...new Set(products.flatMap((p) => p.packages.map((k) => k.target)))].sort(),
    others: [],
    cli: plan.generator.version,
  };
}
