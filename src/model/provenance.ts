/**
 * Build provenance (O5): npm `--provenance` and `actions/attest-build-provenance` are refused for private
 * and internal repositories on most GitHub plans (npm answers E422 for any repository that is not public;
 * attestations of a private or internal repository need GitHub Enterprise Cloud). release.yml passes the
 * repository's visibility (`github.event.repository.visibility`) to `lockstep` through an environment
 * variable, and this one function decides, for the publish job, the GitHub Release job and the preflight.
 */

/** How release.yml decides on provenance (`release.provenance`). */
export const PROVENANCE_MODES = ['auto', 'always', 'never'] as const;

/** `auto`: from the repository's visibility; `always`: sign whatever the visibility; `never`: no provenance. */
export type ProvenanceMode = (typeof PROVENANCE_MODES)[number];

/** Environment variable carrying `github.event.repository.visibility` (`public`, `private`, `internal`). */
export const REPOSITORY_VISIBILITY_ENV = 'LOCKSTEP_REPOSITORY_VISIBILITY';

/** The `lockstep` command the GitHub Release job asks, and its step output. */
export const PROVENANCE_COMMAND = { command: 'provenance', mode: 'provenance', attestOutput: 'attest' } as const;

/** What a run does about provenance, and why, in words a maintainer reads in the log. */
export interface ProvenanceDecision {
  /** `npm publish --provenance`. */
  readonly npm: boolean;
  /** `actions/attest-build-provenance` on the GitHub Release assets. */
  readonly attest: boolean;
  readonly why: string;
  /** Set when the publish would be refused (`always` on a repository that is not public): npm answers E422. */
  readonly npmRefused?: string;
}

/** Whether a value is a provenance mode. */
export function isProvenanceMode(value: string): value is ProvenanceMode {
  return (PROVENANCE_MODES as readonly string[]).includes(value);
}

/**
 * The decision for a mode and the repository's visibility. `auto` needs the visibility: undefined means
 * it could not be told, and the caller refuses rather than guessing (a wrong guess fails after the tag).
 */
export function decideProvenance(mode: ProvenanceMode, visibility: string | undefined): ProvenanceDecision | undefined {
  const seen = visibility?.trim().toLowerCase() || undefined;
  if (mode === 'never') return { npm: false, attest: false, why: 'release.provenance is \'never\': npm packages are published without provenance and the GitHub Release assets are not attested.' };
  if (mode === 'always') {
    const npmRefused = seen !== undefined && seen !== 'public'
      ? `npm refuses --provenance when the repository is ${seen} (E422); set release.provenance to 'auto' (or 'never') to publish without it.`
      : undefined;
    return { npm: true, attest: true, why: `release.provenance is 'always': npm packages are published with provenance and the GitHub Release assets are attested${seen ? ` (the repository is ${seen})` : ''}.`, ...(npmRefused ? { npmRefused } : {}) };
  }
  if (seen === 'public') return { npm: true, attest: true, why: 'the repository is public: npm packages are published with provenance and the GitHub Release assets are attested.' };
  if (seen === 'private' || seen === 'internal') {
    return {
      npm: false,
      attest: false,
      why: `the repository is ${seen}: npm refuses provenance and build attestations need GitHub Enterprise Cloud there, so npm packages are published without provenance and the GitHub Release assets are not attested ` +
        '(release.provenance \'always\' attests them on Enterprise Cloud).',
    };
  }
  return undefined;
}

/** Why `auto` could not decide: one message for every command that refuses. */
export function undecidedProvenance(visibility: string | undefined): string {
  return `release.provenance is 'auto' but the repository's visibility is ${visibility?.trim() ? `'${visibility.trim()}'` : 'unknown'} (${REPOSITORY_VISIBILITY_ENV}, which release.yml sets from github.event.repository.visibility); ` +
    'nothing was published. Regenerate release.yml with `npx projen`, or set release.provenance to \'always\' or \'never\'.';
}
