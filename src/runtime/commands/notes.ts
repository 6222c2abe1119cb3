import { RELEASE_RUN_FILE_ENV, isReleaseVersion } from '../../model';
import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { revisionFrom } from '../git-args';
import { logValue } from '../output';
import { loadPlan } from '../plan-loader';
import { outside } from '../release/command-kit';
import { productSubject, releaseNotes, trackSubject } from '../release/notes';
import { realDeps } from '../release/real-deps';
import { readReleaseRun } from '../release/run';

const USAGE = 'usage: lockstep notes [--track NAME] [--product NAME] [--version X.Y.Z] [--commit REV] [--out FILE] [--plan FILE]';

/**
 * `lockstep notes`: the release notes of a track's umbrella release (or, with `--product`, of one product's
 * release), as the GitHub Releases carry them: the version's changelog section, else the commits since the
 * previous tag of the same track or product that changed its files. In a release job the version, track and
 * commit come from the release run; elsewhere give `--version` (the commit defaults to HEAD).
 */
export const notesCommand: Command = {
  summary: 'print the release notes of a track or product: its changelog section, or the commits since its previous tag that touched it',
  usage: USAGE,
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['track', 'product', 'version', 'commit', 'out', 'plan'] });
    if (args.positionals.length > 0) throw new CliError(`unexpected ${logValue(args.positionals[0])}; ${USAGE}`, 2);
    const plan = loadPlan(ctx.cwd, args.options.plan);
    const run = args.options.version === undefined && ctx.env[RELEASE_RUN_FILE_ENV] ? readReleaseRun(ctx) : undefined;
    const version = args.options.version ?? run?.version;
    if (version === undefined) throw new CliError(`give --version (the release's version), or run this in release.yml after the plan job; ${USAGE}`, 2);
    if (!isReleaseVersion(version)) throw new CliError(`--version: ${logValue(version)} is not a semver version such as 1.2.0`, 2);
    const trackName = args.options.track ?? run?.track;
    const track = plan.tracks.find((t) => t.name === (trackName ?? plan.tracks[0].name));
    if (track === undefined) throw new CliError(`--track: no track ${logValue(trackName ?? '')} in ${plan.planFile}; its tracks are ${plan.tracks.map((t) => t.name).join(', ')}`, 2);
    const name = args.options.product;
    const product = name === undefined ? undefined : track.products.find((p) => p.name === name);
    if (name !== undefined && product === undefined) throw new CliError(`--product: track ${track.name} has no product ${logValue(name)}; its products are ${track.products.map((p) => p.name).join(', ')}`, 2);
    const deps = realDeps(ctx);
    const commit = await outside('reading the release commit', () => deps.git.revParse(args.options.commit === undefined ? (run?.commit ?? 'HEAD') : revisionFrom(args.options.commit, '--commit')));
    const subject = product === undefined ? trackSubject(track) : productSubject(product);
    const repositoryUrl = ctx.env.GITHUB_REPOSITORY ? `${ctx.env.GITHUB_SERVER_URL || 'https://github.com'}/${ctx.env.GITHUB_REPOSITORY}` : undefined;
    const notes = await outside('writing the release notes', () => releaseNotes(plan, subject, { version, commit, tag: `${subject.tagPrefix}${version}`, repositoryUrl }, deps));
    if (args.options.out !== undefined) deps.fs.write(args.options.out, notes.text);
    else ctx.stdout(notes.text);
    return 0;
  },
};
