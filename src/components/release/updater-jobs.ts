import { ARTIFACTS_DIR, ARTIFACT_KINDS, ProductKind, ProductPlan, RELEASE_JOBS, UPDATER_MANIFEST_ASSET, UPDATER_WORK_DIR, artifactName, productSlug } from '../../model';
import { lockstepStep } from '../workflow';
import type { BuildJob } from './build-jobs';
import { IF, checkoutRelease, downloadEachSteps, linuxJob, lockstepTools, runEnv, uploadStep } from './release-steps';

/** The id of a Tauri app's manifest job. */
export function updaterManifestJobId(product: string): string {
  return `updater-manifest-${productSlug(product)}`;
}

/**
 * Issue 17: the updater manifest (latest.json) of a Tauri app that signs its updates, written from the
 * installers its desktop legs kept, before the approval: a bundle without its signature stops the release
 * before anything is tagged, not when installed apps refuse the update. It holds no secret and only reads;
 * the artifact it keeps is one of the app's release assets (P14: the release is not published without it),
 * and the umbrella release carries a copy of it (lockstep github-release --umbrella --updater-manifest).
 */
export function updaterManifestJob(p: ProductPlan, desktop: BuildJob): BuildJob {
  const artifact = artifactName(ARTIFACT_KINDS.updater, p.name);
  const out = `${UPDATER_WORK_DIR}/${UPDATER_MANIFEST_ASSET}`;
  const job = linuxJob({
    name: `updater manifest of ${p.name}`,
    needs: [RELEASE_JOBS.plan, desktop.id],
    // Runs when the desktop build did (a failed one skips it: GitHub's implicit success()).
    if: `${IF.releasing} && ${IF.toBuild(p.name)}`,
    permissions: { contents: 'read' },
    env: runEnv(),
    timeout: 10,
    steps: [
      checkoutRelease(),
      ...lockstepTools(),
      ...downloadEachSteps('the installers', desktop.artifactNames, ARTIFACTS_DIR),
      lockstepStep('Write the updater manifest from the signed updater bundles', ['updater-manifest', '--product', p.name, '--artifacts', ARTIFACTS_DIR, '--out', out]),
      uploadStep('Keep the updater manifest', artifact, [out]),
    ],
  });
  const id = updaterManifestJobId(p.name);
  return { id, job, products: [p.name], artifacts: [ARTIFACT_KINDS.updater], artifactNames: [artifact], withoutSetup: true };
}

/** The Tauri app whose manifest the umbrella release carries, if any (one per repository: see checkUpdaterEndpoints). */
export function updaterApp(products: readonly ProductPlan[]): ProductPlan | undefined {
  return products.find((p) => p.kind === ProductKind.TAURI_APP && p.signing?.updater === true);
}
