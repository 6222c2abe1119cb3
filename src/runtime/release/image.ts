import { outside } from './command-kit';
import { standingNow } from './latest';
import { Outcome } from './outcomes';
import { Git } from './ports';
import { ReleaseRun, RunProduct } from './run';
import { IMAGE_PROBE_OUTPUTS, PublishTarget, isReleaseVersion, npmDistTag } from '../../model';
import { Endpoints } from '../registry/endpoints';
import { ImageTagState, imageHost, probeImageTag } from '../registry/oci';

/** What an image job does with one image: push these tags, or nothing because the version is there. */
export interface ImagePlan {
  /** The image without a tag, with its registry and namespace (`ghcr.io/acme/server`): the attestation's subject. */
  readonly image: string;
  /** `true` when the version's tag is missing: build, push, attest. */
  readonly push: boolean;
  /** The references to push: the version's, and `:latest` for the highest stable release (P11). */
  readonly tags: string[];
  /** When the version is there: the outcome to record (the image is not built again). */
  readonly outcome?: Outcome;
  /** P11: why a stable version is pushed without `latest` (a higher version is released since the plan job ran). */
  readonly notLatest?: string;
}

/** Whether a version is stable, the only kind that may take `latest` (a prerelease never does). */
function stable(version: string): boolean {
  return isReleaseVersion(version) && npmDistTag(version) === 'latest';
}

/**
 * Whether an image product's version is already in the registry, and the tags to push when it is not. The
 * version's tag is the one asked: a re-run after a push finds it and skips the build (the digest it found is
 * in the outcome), so a release never pushes a second, different image under a version.
 *
 * P11: `latest` only ever moves forward. It goes with a stable version that no released version of the track
 * is above, by the tags as they are when the probe runs (`standingNow`), not as the plan job saw them: a
 * prerelease, or a re-run finishing an older release after a newer one, pushes the version's tag alone.
 */
export async function planImage(
  run: Pick<ReleaseRun, 'version' | 'umbrellaTag'>,
  product: Pick<RunProduct, 'name' | 'packages'>,
  endpoints: Pick<Endpoints, 'imageRegistry' | 'imageNamespace' | 'githubToken'>,
  git: Pick<Git, 'localTags'>,
): Promise<ImagePlan> {
  const pkg = product.packages.find((k) => k.target === PublishTarget.GHCR);
  if (pkg === undefined) throw new Error(`${product.name} has no container image in this run`);
  if (endpoints.imageNamespace === undefined) {
    throw new Error('neither LOCKSTEP_IMAGE_NAMESPACE nor GITHUB_REPOSITORY_OWNER is set: the image\'s namespace (its owner) is unknown');
  }
  const repository = `${endpoints.imageNamespace}/${pkg.name}`;
  const image = `${imageHost(endpoints)}/${repository}`;
  const state: ImageTagState = await probeImageTag(endpoints, repository, pkg.version);
  if (state.state === 'published') {
    return {
      image,
      push: false,
      tags: [],
      outcome: {
        product: product.name,
        target: PublishTarget.GHCR,
        subject: pkg.name,
        version: pkg.version,
        outcome: 'skipped:already-published',
        detail: `${image}:${pkg.version} is already there (${state.digest}); not built again`,
      },
    };
  }
  const version = `${image}:${pkg.version}`;
  if (!stable(pkg.version)) return { image, push: true, tags: [version] };
  // Its own words: the command wraps planImage as asking the registry, and a git failure here is not the registry's.
  const standing = await outside('reading the checkout\'s release tags (whether this version is latest)', () => standingNow(run, git));
  return standing.newest ? { image, push: true, tags: [version, `${image}:latest`] } : { image, push: true, tags: [version], notLatest: standing.why };
}

/** The step outputs of `lockstep image-probe` (IMAGE_PROBE_OUTPUTS): build-push-action takes the tags one a line. */
export function imageProbeOutputs(p: ImagePlan): Record<string, string> {
  return { [IMAGE_PROBE_OUTPUTS.push]: String(p.push), [IMAGE_PROBE_OUTPUTS.image]: p.image, [IMAGE_PROBE_OUTPUTS.tags]: p.tags.join('\n') };
}
