import { COLLECTED_OUTCOMES_DIR, PLAN_OUTPUTS, RELEASE_JOBS, RELEASE_NEEDS_ENV } from '../../model';
import { checkoutStep, lockstepStep } from '../workflow';
import { IF, checkoutRelease, collectOutcomesStep, linuxJob, lockstepTools, runEnv, uploadOutcomeStep } from './release-steps';
import { TagTokenUse } from './tag-token';
import { Job } from '../workflow/workflow-types';

/** The id of the plan job's deciding step. */
const DECIDE_STEP = 'decide';

/**
 * The plan job: the full history and tags (to find the release commit and the released versions), then
 * `lockstep release-plan`, which decides from the manifests and the tags (never from commit text: T1),
 * checks that every manifest carries the one version, computes the tags, asks each registry what it has,
 * and prints what the run will do — in a dry run, that is all it does (P7). Inputs reach it through env (S1).
 */
export function planJob(multiTrack: boolean, registryEnv: Record<string, string> = {}): Job {
  return linuxJob({
    name: 'plan: what this run releases',
    needs: [],
    permissions: { contents: 'read' },
    // The registries the checks ask, when release.registries points elsewhere.
    ...(Object.keys(registryEnv).length > 0 ? { env: registryEnv } : {}),
    outputs: Object.fromEntries(Object.values(PLAN_OUTPUTS).map((o) => [o, `\${{ steps.${DECIDE_STEP}.outputs.${o} }}`])),
    steps: [
      checkoutStep({ fetchDepth: 0 }),
      ...lockstepTools(),
      lockstepStep('Decide the release, check the manifests, ask the registries', [
        'release-plan', '--event', { env: 'GITHUB_EVENT_NAME' }, '--ref', { env: 'GITHUB_REF' }, '--sha', { env: 'GITHUB_SHA' },
        '--version', { env: 'INPUT_VERSION' }, '--dry-run', { env: 'INPUT_DRY_RUN' }, ...(multiTrack ? ['--track', { env: 'INPUT_TRACK' }] : []),
      ], {
        id: DECIDE_STEP,
        env: {
          INPUT_VERSION: '${{ inputs.version }}',
          INPUT_DRY_RUN: '${{ inputs.dry_run }}',
          ...(multiTrack ? { INPUT_TRACK: '${{ inputs.track }}' } : {}),
          GH_TOKEN: '${{ github.token }}',
        },
      }),
    ],
  });
}

/**
 * tag-all, the release's one approval: it is the only job in the approval environment (required
 * reviewers), and every tag and publish job needs it. It runs after every build succeeded (skipped
 * builds belong to products outside this run), never in a dry run, and is the one job that pushes, with
 * the token the options name (T9).
 */
export function tagJob(buildIds: readonly string[], approvalEnvironment: string, token: TagTokenUse): Job {
  return linuxJob({
    name: 'approve, then tag every product',
    needs: [RELEASE_JOBS.plan, ...buildIds],
    if: `!cancelled() && ${IF.releasing} && ${IF.notDryRun} && !contains(needs.*.result, 'failure') && !contains(needs.*.result, 'cancelled')`,
    environment: approvalEnvironment,
    permissions: token.permissions,
    env: runEnv(),
    steps: [
      ...token.steps,
      checkoutRelease({ full: true, push: true, token: token.checkoutToken }),
      ...lockstepTools(),
      lockstepStep('Tag every product and the umbrella at the release commit', ['tag', ...token.tagArgs]),
      uploadOutcomeStep(RELEASE_JOBS.tag),
    ],
  });
}

/**
 * The umbrella release, linking every product release. It runs once the tags exist, even when a publish
 * job failed (P6: it was never made before), and after every publish job, so it links what exists.
 */
export function umbrellaJob(publishIds: readonly string[]): Job {
  return linuxJob({
    name: 'umbrella release',
    needs: [RELEASE_JOBS.plan, RELEASE_JOBS.tag, ...publishIds],
    if: `!cancelled() && ${IF.tagged}`,
    permissions: { contents: 'write' },
    env: runEnv(),
    steps: [
      checkoutRelease(),
      ...lockstepTools(),
      collectOutcomesStep(),
      // P12: marked latest only when every product of the release is out (and it is the newest: P11).
      lockstepStep('Create the umbrella release', ['github-release', '--umbrella', '--outcomes', COLLECTED_OUTCOMES_DIR], {
        env: { GH_TOKEN: '${{ github.token }}', [RELEASE_NEEDS_ENV]: '${{ toJSON(needs) }}' },
      }),
      uploadOutcomeStep(RELEASE_JOBS.umbrella),
    ],
  });
}

/** Where the summary collects the outcome files. */
const COLLECTED = COLLECTED_OUTCOMES_DIR;

/**
 * The summary: always runs, tabulates the real outcome of every product on every target from the
 * outcome files the jobs wrote (and the plan's probes for jobs that had nothing to do), and fails the
 * run when anything failed (P6).
 */
export function summaryJob(allIds: readonly string[]): Job {
  return linuxJob({
    name: 'summary',
    needs: [...allIds],
    if: 'always()',
    permissions: { contents: 'read' },
    env: runEnv(),
    steps: [
      checkoutStep(),
      ...lockstepTools(),
      collectOutcomesStep(),
      lockstepStep('Write the outcome table; fail when anything failed', ['summary', '--outcomes', COLLECTED], {
        if: 'always()',
        env: { [RELEASE_NEEDS_ENV]: '${{ toJSON(needs) }}' },
      }),
    ],
  });
}
