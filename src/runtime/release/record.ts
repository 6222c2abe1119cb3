import { Outcome } from './outcomes';
import { RunProduct } from './run';
import { PublishTarget, imageAccessHint } from '../../model';

/**
 * The outcome of a publish an action did (PyPI's upload, a product's own publish command), from the
 * step's result. A success on a version the plan's probe already found is "already there"; a skipped
 * step never ran, which is a failure of this run, not a success.
 */
export function outcomeOfStep(product: RunProduct, target: string, stepResult: string): Outcome[] {
  const packages = product.packages.filter((k) => k.target === target);
  return packages.map((pkg): Outcome => {
    const base = { product: product.name, target, subject: pkg.name, version: pkg.version };
    switch (stepResult) {
      case 'success':
        // An image's push follows its job's own probe (image-probe), which records "already there" itself:
        // a push that ran put the image there, whatever the plan job saw before.
        return pkg.state === 'published' && target !== PublishTarget.GHCR
          ? { ...base, outcome: 'skipped:already-published', detail: 'the registry already had this version; files already there were skipped, any missing were uploaded' }
          : { ...base, outcome: 'published', detail: target === PublishTarget.GHCR ? 'pushed' : 'uploaded' };
      case 'failure':
        // The step builds and pushes, so either may have failed; GHCR refuses a push to an image this repository was
        // not given access to: the log shows a 403 (denied).
        return target === PublishTarget.GHCR
          ? { ...base, outcome: 'failed', detail: `the build or push failed: see its log; ${imageAccessHint(`the image ${pkg.name}`)}` }
          : { ...base, outcome: 'failed', detail: 'the publish step failed: see its log' };
      case 'skipped':
        return {
          ...base,
          outcome: 'failed',
          detail: target === PublishTarget.GHCR
            ? 'not pushed: the tag check or the registry probe failed'
            : 'not published: the pre-publish check or the artifact download failed',
        };
      default:
        return { ...base, outcome: 'failed', detail: `the publish step ended '${stepResult || 'without a result'}'` };
    }
  });
}
