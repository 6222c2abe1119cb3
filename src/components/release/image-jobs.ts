import {
  IMAGE_PROBE_OUTPUTS, NATIVE_IMAGE_PLATFORM, PROVENANCE_COMMAND, ProductPlan, PublishTarget, REPOSITORY_VISIBILITY_ENV, RELEASE_JOBS,
  imagePublishJobOf, imagesToPublish,
} from '../../model';
import { actionStep, lockstepStep } from '../workflow';
import { ReleaseProvenance } from './options';
import { IF, checkoutRelease, linuxJob, lockstepTools, runEnv, uploadOutcomeStep } from './release-steps';
import { Job, Permissions, Step } from '../workflow/workflow-types';

/** Where the images go: GitHub's container registry, signed in to with the job's own token. */
export const IMAGE_REGISTRY = 'ghcr.io';

/** What the image jobs are built from. */
export interface ImageJobSettings {
  readonly products: readonly ProductPlan[];
  /** `release.provenance` (O5): the image's build provenance attestation follows it as the assets' does. */
  readonly provenance: ReleaseProvenance;
  /** The environment the publish jobs run in (restricted to the release branch). */
  readonly publishEnvironment: string;
  /** Where the registries of the products an image's `dependsOn` names are (pre-publish asks them). */
  readonly dependencyEnv: Record<string, string>;
}

const STEP = { check: 'check', probe: 'probe', provenance: 'provenance', push: 'push' } as const;

/**
 * Issue 17: one job per container image, so `packages: write` (and the attestation's `id-token: write` and
 * `attestations: write`) are held by that job alone. After tag-all (the approval), it checks the tag
 * (pre-publish), asks the registry whether the version is there (`lockstep image-probe`), and only when it
 * is not signs in to GHCR with the job token, builds for the platforms asked and pushes the tags the probe
 * named (the version, and `latest` for the highest stable release), then attests the pushed digest. A re-run
 * finds the version there and builds nothing; the outcome step records what happened either way.
 */
export function imageJobs(s: ImageJobSettings): Array<[string, Job]> {
  return imagesToPublish(s.products).map((p) => [imagePublishJobOf(p.name), imageJob(s, p)]);
}

function imageJob(s: ImageJobSettings, p: ProductPlan): Job {
  const job = imagePublishJobOf(p.name);
  const attest = s.provenance !== ReleaseProvenance.NEVER;
  const pushing = `steps.${STEP.probe}.outputs.${IMAGE_PROBE_OUTPUTS.push} == 'true'`;
  const held = p.explicitDependsOn.length > 0 ? ` && steps.${STEP.check}.outputs.held_back != 'true'` : '';
  const permissions: Permissions = attest
    ? { 'contents': 'read', 'packages': 'write', 'id-token': 'write', 'attestations': 'write' }
    : { contents: 'read', packages: 'write' };
  return linuxJob({
    name: `publish the ${p.name} image (${IMAGE_REGISTRY})`,
    needs: [RELEASE_JOBS.plan, RELEASE_JOBS.tag],
    if: `!cancelled() && ${IF.tagged} && ${IF.todo(PublishTarget.GHCR)} && ${IF.productInRun(p.name)}`,
    environment: s.publishEnvironment,
    permissions,
    env: runEnv({
      ...s.dependencyEnv,
      ...(attest && s.provenance === ReleaseProvenance.AUTO ? { [REPOSITORY_VISIBILITY_ENV]: '${{ github.event.repository.visibility }}' } : {}),
    }),
    timeout: 120,
    steps: [
      checkoutRelease({ full: true }),
      ...lockstepTools(),
      lockstepStep(`${p.name}: check the tag`, ['pre-publish', '--product', p.name, '--target', PublishTarget.GHCR], { id: STEP.check }),
      // The job token reads a private image; the probe needs nothing else.
      lockstepStep(`${p.name}: is the version in the registry? (which tags to push)`, ['image-probe', '--product', p.name], {
        id: STEP.probe,
        if: `steps.${STEP.check}.outcome == 'success'${held}`,
        env: { GITHUB_TOKEN: '${{ github.token }}' },
      }),
      actionStep(`Sign in to ${IMAGE_REGISTRY} with the job token`, 'dockerLogin', {
        registry: IMAGE_REGISTRY,
        username: '${{ github.actor }}',
        password: '${{ github.token }}',
      }, { if: pushing }),
      ...imageBuildSteps(p, { if: pushing, tags: `\${{ steps.${STEP.probe}.outputs.${IMAGE_PROBE_OUTPUTS.tags} }}` }),
      ...(attest ? attestImageSteps(s.provenance) : []),
      lockstepStep(`${p.name}: record the outcome`, ['record-outcome', '--job', job, '--product', p.name, '--target', PublishTarget.GHCR, '--result', { env: 'PUSH_RESULT' }], {
        if: `!cancelled() && ${IF.productInRun(p.name)}`,
        env: { PUSH_RESULT: `\${{ steps.${STEP.push}.outcome }}` },
      }),
      uploadOutcomeStep(job),
    ],
  });
}

/**
 * The steps that build an image for its platforms: QEMU for the platforms the runner cannot run (no Actions
 * cache in a release: S3), Buildx, then build-push-action on the product's context and Dockerfile. With `tags`
 * it pushes them (the publish job, step id `push`); without, it only builds (the check before the approval).
 */
export function imageBuildSteps(p: ProductPlan, push?: { if: string; tags: string }): Step[] {
  const platforms = p.settings.platforms.split(',');
  const emulated = platforms.filter((x) => x !== NATIVE_IMAGE_PLATFORM);
  const when = push ? { if: push.if } : {};
  return [
    ...(emulated.length > 0 ? [actionStep('Set up QEMU for the other platforms', 'dockerSetupQemu', { 'platforms': emulated.join(','), 'cache-image': false }, when)] : []),
    actionStep('Set up Buildx', 'dockerSetupBuildx', undefined, when),
    push
      ? actionStep(`${p.name}: build for ${platforms.join(', ')} and push`, 'dockerBuildPush', {
        context: p.path, file: p.settings.dockerfile, platforms: p.settings.platforms, push: true, tags: push.tags,
      }, { id: STEP.push, if: push.if })
      : actionStep(`${p.name}: build for ${platforms.join(', ')} (nothing is pushed before the approval)`, 'dockerBuildPush', {
        context: p.path, file: p.settings.dockerfile, platforms: p.settings.platforms, push: false,
      }),
  ];
}

/**
 * O5: the pushed image's build provenance, attested on its digest and pushed to the registry beside it. With
 * `auto`, `lockstep provenance` decides from the repository's visibility.
 */
function attestImageSteps(mode: ReleaseProvenance): Step[] {
  const pushed = `steps.${STEP.push}.outcome == 'success'`;
  const decide = lockstepStep('Decide on build provenance from the repository\'s visibility', [PROVENANCE_COMMAND.command, `--${PROVENANCE_COMMAND.mode}`, mode], {
    id: STEP.provenance,
    if: pushed,
  });
  return [
    ...(mode === ReleaseProvenance.AUTO ? [decide] : []),
    actionStep('Attest the build provenance of the image', 'attestBuildProvenance', {
      'subject-name': `\${{ steps.${STEP.probe}.outputs.${IMAGE_PROBE_OUTPUTS.image} }}`,
      'subject-digest': `\${{ steps.${STEP.push}.outputs.digest }}`,
      'push-to-registry': true,
    }, {
      if: mode === ReleaseProvenance.AUTO ? `${pushed} && steps.${STEP.provenance}.outputs.${PROVENANCE_COMMAND.attestOutput} == 'true'` : pushed,
    }),
  ];
}
