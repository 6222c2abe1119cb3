import { needsPublishJob, productsToBuild } from './release-plan';
import { ReleaseRun, RunPackage, short } from './run';
import { Markdown, md, mdCode, mdJoin, mdLines, mdTable } from '../output';

/**
 * What a run will do, in Markdown, from the plan job's decision and probes: printed in the log and the
 * job summary. In a dry run this is the whole run's output (P7).
 */
export function describeRun(run: ReleaseRun): Markdown {
  if (!run.release) return md`## Release plan\n\nNo release: ${run.reason}.\n`;
  const verb = (k: RunPackage): string => {
    if (k.state === 'published') return needsPublishJob(k) ? 'already there: upload the files still missing' : 'already there: skip';
    return k.state === 'unknown' ? 'registry did not answer: ask again, then publish' : 'publish';
  };
  const rows = run.products.flatMap((p) => p.packages.map((k) => [p.name, mdCode(p.tag), k.target, `${k.name}@${k.version}${k.distTag ? ` (dist-tag ${k.distTag})` : ''}`, verb(k)]));
  return mdLines([
    md`## Release plan: ${run.version}${Markdown.own(run.dryRun ? ' (dry run: nothing will be tagged, uploaded or released)' : '')}`,
    Markdown.own(''),
    md`${run.reason}. Release commit ${short(run.commit)}, umbrella tag ${mdCode(run.umbrellaTag)}.`,
    Markdown.own(''),
    mdTable(['product', 'tag', 'target', 'package', 'would do'], rows),
    Markdown.own(''),
    md`Publish order: ${mdJoin(run.publishWaves.map((w) => mdJoin(w, ', ')), ' → ')}`,
    Markdown.own(''),
    built(run),
    Markdown.own(''),
  ]);
}

/** Which build jobs run: only the products with something still to publish from their artifacts. */
function built(run: ReleaseRun): Markdown {
  const build = productsToBuild(run);
  const skipped = run.products.map((p) => p.name).filter((n) => !build.includes(n));
  if (skipped.length === 0) return md`Build jobs run for every product that has one.`;
  return md`Build jobs run for: ${build.length > 0 ? mdJoin(build, ', ') : Markdown.own('none')}; not for ${mdJoin(skipped, ', ')} (nothing of theirs left to publish from a build).`;
}
