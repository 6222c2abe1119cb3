import { formatKeyPath } from '../../model';
import { parseArgs } from '../args';
import { Command, RuntimeContext } from '../context';
import { jsonText } from '../output';
import { loadPlan } from '../plan-loader';
import { trackRelease } from '../release-state';

/** `lockstep plan [--json] [--track NAME] [--plan FILE]`: the release plan with the current version and tags. */
export const planCommand: Command = {
  summary: 'print the release plan with the current version, tags and publish order (--json for machines)',
  usage: 'usage: lockstep plan [--json] [--track NAME] [--plan FILE]',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['track', 'plan'], flags: ['json'] });
    const plan = loadPlan(ctx.cwd, args.options.plan);
    const release = trackRelease(plan, ctx.cwd, args.options.track);
    if (args.flags.has('json')) {
      ctx.stdout(`${jsonText({ plan, release })}\n`);
      return 0;
    }
    const track = plan.tracks.find((t) => t.name === release.track)!;
    const lines = [
      `track ${release.track}: version ${release.version}, umbrella tag ${release.umbrellaTag}`,
      '',
      'products (tag, registries):',
      ...release.products.map((p) => `  ${p.name.padEnd(24)} ${p.tag.padEnd(28)} ${p.publish ? p.registries.join(', ') || 'tag only' : 'not published (follows the version)'}`),
      '',
      'publish order:',
      ...release.publishWaves.map((w, i) => `  wave ${i + 1}: ${w.join(', ')}`),
      '',
      `version sites (${track.sites.length} in ${track.manifests.length} manifests):`,
      ...track.sites.map((s) => `  ${s.file} ${formatKeyPath(s.keyPath)}${s.role === 'pin' ? ` (pin on ${s.target})` : ''}`),
      '',
      `lockfiles: ${track.lockfiles.map((l) => `${l.file} (${l.packages.length} packages)`).join(', ') || 'none'}`,
    ];
    ctx.stdout(`${lines.join('\n')}\n`);
    return 0;
  },
};
