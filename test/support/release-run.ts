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
 * A release decision as the plan job hands it on, for tests: a push on main releasing `version` (1.0.0
 * unless given) of `products` (none unless given) in one publish wave, with `todo` the targets of their
 * packages. Every field given wins over its default, so a test names only what it is about.
 */
export function releaseRun(fields: Partial<ReleaseRun> = {}): ReleaseRun {
  const version = fields.version ?? '1.0.0';
  const products = fields.products ?? [];
  return {
    schema: 1,
    release: true,
    reason: 'test',
    dryRun: false,
    event: 'push',
    track: 'default',
    version,
    commit: 'c'.repeat(40),
    umbrellaTag: `v${version}`,
    releaseBranch: 'main',
    products,
    publishWaves: products.length > 0 ? [products.map((p) => p.name)] : [],
    todo: [...new Set(products.flatMap((p) => p.packages.map((k) => k.target)))].sort(),
    ...fields,
  };
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
  return releaseRun({
    reason: 'a first release',
    track: track.name,
    version,
    commit: 'a'.repeat(40),
    umbrellaTag: `${track.umbrellaTagPrefix}${version}`,
    releaseBranch: plan.releaseBranch,
    products,
    publishWaves: track.publishWaves,
    others: [],
    cli: plan.generator.version,
  });
}
