import { needsPublishJob } from './release-plan';
import { ReleaseRun, RunPackage, short } from './run';

/**
 * What a run will do, in Markdown, from the plan job's decision and probes: printed in the log and the
 * job summary. In a dry run this is the whole run's output (P7).
 */
export function describeRun(run: ReleaseRun): string {
  if (!run.release) return `## Release plan\n\nNo release: ${run.reason}.\n`;
  const verb = (k: RunPackage): string => {
    if (k.state === 'published') return needsPublishJob(k) ? 'already there: upload the files still missing' : 'already there: skip';
    return k.state === 'unknown' ? 'registry did not answer: ask again, then publish' : 'publish';
  };
  const rows = run.products.flatMap((p) => p.packages.map((k) => `| ${p.name} | \`${p.tag}\` | ${k.target} | ${k.name}@${k.version}${k.distTag ? ` (dist-tag ${k.distTag})` : ''} | ${verb(k)} |`));
  return [
    `## Release plan: ${run.version}${run.dryRun ? ' (dry run: nothing will be tagged, uploaded or released)' : ''}`,
    '',
    `${run.reason}. Release commit ${short(run.commit)}, umbrella tag \`${run.umbrellaTag}\`.`,
    '',
    '| product | tag | target | package | would do |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `Publish order: ${run.publishWaves.map((w) => w.join(', ')).join(' → ')}`,
    '',
  ].join('\n');
}
