import { PROVENANCE_MODES, ProvenanceDecision, REPOSITORY_VISIBILITY_ENV, decideProvenance, isProvenanceMode, undecidedProvenance } from '../../model';
import { CliError } from '../cli-error';
import { logQuoted } from '../output';

/**
 * O5: the provenance decision of a job, from `--provenance <mode>` and the repository's visibility in the
 * environment. A mode that is not one, or `auto` without a visibility, is refused before anything happens.
 */
export function provenanceOf(mode: string | undefined, env: Readonly<Record<string, string | undefined>>, option = '--provenance'): ProvenanceDecision {
  const m = mode ?? 'auto';
  if (!isProvenanceMode(m)) throw new CliError(`${option} ${logQuoted(m)} is not one of ${PROVENANCE_MODES.join(', ')}.`, 2);
  const decision = decideProvenance(m, env[REPOSITORY_VISIBILITY_ENV]);
  if (decision === undefined) throw new CliError(undecidedProvenance(env[REPOSITORY_VISIBILITY_ENV]), 2);
  return decision;
}
