import { LockstepConfigError } from './errors';
import { packageNameProblem } from './identifiers';
import type { ProductPlan } from './plan-types';
import { ProductKind } from './product';
import { PUBLISH_JOB_OF, PublishTarget, productSlug } from './release-workflow';
import { RepoReader, isInsideRepo, joinRepoPath, normalizeRepoPath } from './repo';

/**
 * Issue 17: a container image product. It reads no manifest (its track's version is its version), and its
 * settings in the plan are what its publish job builds: the image name below the owner, the Dockerfile and
 * the platforms.
 */
export interface ContainerImageSettings {
  /** `settings.image`: the name below `ghcr.io/<owner>/`. */
  readonly image: string;
  /** `settings.dockerfile`: repository-relative. */
  readonly dockerfile: string;
  /** `settings.platforms`: comma-separated, as buildx takes them. */
  readonly platforms: string;
}

/** A docker platform: `os/arch` or `os/arch/variant`. */
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/;

/** The platform GitHub's `ubuntu` runners build natively; any other is emulated (QEMU). */
export const NATIVE_IMAGE_PLATFORM = 'linux/amd64';

/** Outputs of `lockstep image-probe`, which the publish job's build, push and attestation steps read. */
export const IMAGE_PROBE_OUTPUTS = {
  /** `true` when the version's tag is not in the registry yet: build, push and attest. */
  push: 'push',
  /** The image's name with its registry and namespace, without a tag (`ghcr.io/acme/server`): the attestation's subject. */
  image: 'image',
  /** The image references to push, one a line: the version's, and `latest` for the highest stable release. */
  tags: 'tags',
} as const;

/** The options of a container image, checked against the repository; `option` names the declaration in errors. */
export function containerImageSettingsOf(
  option: string,
  path: string,
  name: string,
  declared: { readonly image?: string; readonly dockerfile?: string; readonly platforms?: readonly string[] },
  repo: RepoReader,
): ContainerImageSettings {
  const image = declared.image ?? name;
  if (typeof image !== 'string' || packageNameProblem(PublishTarget.GHCR, image) !== undefined) {
    const what = declared.image === undefined ? `the product name '${name}' is not an image name, so set \`image\`` : `'${String(image)}' is not an image name`;
    throw new LockstepConfigError(`${option}.image: ${what} (lowercase letters and digits, separated by '.', '_', '-' or '/'; GHCR refuses capitals).`);
  }
  const given = declared.dockerfile ?? 'Dockerfile';
  if (typeof given !== 'string' || !isInsideRepo(joinRepoPath(path, given))) {
    throw new LockstepConfigError(`${option}.dockerfile: '${String(given)}' leaves the repository; give a path relative to the product path '${path}'.`);
  }
  const dockerfile = normalizeRepoPath(joinRepoPath(path, given));
  if (repo.read(dockerfile) === undefined) {
    throw new LockstepConfigError(`${option}.dockerfile: ${dockerfile} not found. A container-image product is built from its Dockerfile; fix \`path\` or \`dockerfile\`.`);
  }
  const platforms = declared.platforms ?? [NATIVE_IMAGE_PLATFORM];
  if (!Array.isArray(platforms) || platforms.length === 0) {
    throw new LockstepConfigError(`${option}.platforms: give at least one platform (such as '${NATIVE_IMAGE_PLATFORM}').`);
  }
  for (const p of platforms) {
    if (typeof p !== 'string' || !PLATFORM.test(p)) {
      throw new LockstepConfigError(`${option}.platforms: '${String(p)}' is not a docker platform; write it as os/arch or os/arch/variant (linux/amd64, linux/arm64, linux/arm/v7).`);
    }
  }
  return { image, dockerfile, platforms: [...new Set(platforms)].join(',') };
}

/**
 * The container images a plan's products publish: each gets a publish job of its own in release.yml, a row
 * in the secrets doc, and makes a rehearsal start a local registry. One filter, so the three agree.
 */
export function imagesToPublish(products: readonly ProductPlan[]): ProductPlan[] {
  return products.filter((p) => p.kind === ProductKind.CONTAINER_IMAGE && p.publish && p.packages.some((k) => k.registry === PublishTarget.GHCR));
}

/** The release job that builds and pushes one image: its own, so only it holds `packages: write`. */
export function imagePublishJobOf(product: string): string {
  return `${PUBLISH_JOB_OF[PublishTarget.GHCR]}-${productSlug(product)}`;
}
