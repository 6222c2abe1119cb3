import { linuxJob, planOutput, toolStep } from './release-steps';
import { RELEASE_JOBS } from '../../model';
import { Job } from '../workflow/workflow-types';

/**
 * The release of every other track a push set (StarStats: one merge bumps the tray and the platform): one
 * dispatch of this workflow per track, with its version, started as soon as the plan job has decided, so
 * the runs start together. A dispatch is the one event the job token may start a run with. The job holds
 * only `actions: write`, checks nothing out and runs nothing from the repository.
 */
export function dispatchJob(workflowFile: string): Job {
  const others = planOutput('dispatch');
  return {
    ...linuxJob({
      name: 'start the release of ${{ matrix.track }} ${{ matrix.version }}',
      needs: [RELEASE_JOBS.plan],
      if: `${others} != '' && ${others} != '[]'`,
      permissions: { actions: 'write' },
      timeout: 10,
      steps: [
        toolStep('Dispatch the release run of the track', 'gh workflow run "$WORKFLOW" --repo "$GITHUB_REPOSITORY" --ref "$BRANCH" --raw-field "track=$TRACK" --raw-field "version=$VERSION"', {
          env: { GH_TOKEN: '${{ github.token }}', WORKFLOW: workflowFile, BRANCH: '${{ matrix.branch }}', TRACK: '${{ matrix.track }}', VERSION: '${{ matrix.version }}' },
        }),
      ],
    }),
    strategy: { 'fail-fast': false, 'matrix': { include: `\${{ fromJSON(${others}) }}` } },
  };
}
