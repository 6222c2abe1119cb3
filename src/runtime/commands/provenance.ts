import { PROVENANCE_COMMAND } from '../../model';
import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { annotate, logQuoted, setStepOutputs } from '../output';
import { provenanceOf } from '../release/provenance';

const USAGE = `usage: lockstep ${PROVENANCE_COMMAND.command} --${PROVENANCE_COMMAND.mode} auto|always|never`;

/**
 * `lockstep provenance --provenance auto|always|never`: whether the GitHub Release job attests its assets
 * (O5), decided from the repository's visibility; says why in the log and writes the step output `attest`.
 */
export const provenanceCommand: Command = {
  summary: 'decide from the repository\'s visibility whether this run signs provenance and attests assets',
  usage: USAGE,
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: [PROVENANCE_COMMAND.mode] });
    if (args.positionals.length > 0) throw new CliError(`unexpected argument ${logQuoted(args.positionals[0])}; ${USAGE}`, 2);
    const decision = provenanceOf(args.options[PROVENANCE_COMMAND.mode], ctx.env);
    annotate(ctx, 'notice', decision.why, { title: 'provenance' });
    setStepOutputs(ctx, { [PROVENANCE_COMMAND.attestOutput]: String(decision.attest) });
    return 0;
  },
};
