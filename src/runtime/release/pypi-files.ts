import * as path from 'path';
import { Outcome } from './outcomes';
import { Fs } from './ports';
import { RunPackage, RunProduct } from './run';
import { Endpoints } from '../registry/endpoints';
import { pypiFiles } from '../registry/pypi';

/**
 * S6: the outcome of a PyPI upload is recorded per file, from the upload itself and the index around it,
 * never from the plan job's check: `pre-publish` notes which files the index already had, and after the
 * upload step each built file is "already there" (the index had it before), "published" (the upload put
 * it there), or failed.
 */

/** Where pre-publish keeps the files the index had before the upload, per product. */
export function beforeFile(product: string): string {
  return path.posix.join('.lockstep', 'pypi-before', `${product}.json`);
}

/** Where publish-pypi keeps each file's outcome of its upload, per product, for record-outcome. */
export function uploadFile(product: string): string {
  return path.posix.join('.lockstep', 'pypi-upload', `${product}.json`);
}

/**
 * The environment twine runs with, so that what it says reaches the summary whole: twine prints through rich,
 * coloured (it forces a terminal and ignores NO_COLOR) unless given `--no-color`, and wrapped at the console's
 * width: COLUMNS, except on a dumb terminal, which rich wraps at 80 columns.
 */
export function twinePlainOutput(): Record<string, string> {
  return { COLUMNS: '1000', TERM: 'xterm' };
}

/** The distributions a build produced: wheels and sdists in `dir`. */
export function distributions(fs: Fs, dir: string): string[] {
  return fs.list(dir).filter((f) => f.endsWith('.whl') || f.endsWith('.tar.gz') || f.endsWith('.zip')).sort();
}

/** Notes the files of the product's PyPI packages that the index has now (before its upload). */
export async function noteFilesBefore(product: RunProduct, fs: Fs, endpoints: Endpoints): Promise<string[]> {
  const files = (await Promise.all(pypiPackages(product).map((pkg) => pypiFiles(endpoints, pkg.name, pkg.version)))).flat().sort();
  fs.write(beforeFile(product.name), `${JSON.stringify(files)}\n`);
  return files;
}

function pypiPackages(product: RunProduct): RunPackage[] {
  return product.packages.filter((k) => k.target === 'pypi');
}

/** What is known about the index around one upload. */
export interface UploadFacts {
  /** The upload step's result: `success`, `failure`, `skipped`, `cancelled` or empty. */
  readonly stepResult: string;
  /** The built files the upload was given. */
  readonly dist: readonly string[];
  /** Files the index had before the upload; undefined when pre-publish could not ask. */
  readonly before?: readonly string[];
  /** Files the index has now; undefined with `afterError` when the index could not be asked. */
  readonly after?: readonly string[];
  readonly afterError?: string;
  /** Each file's outcome as its own upload gave it (publish-pypi); undefined when the upload never ran. */
  readonly uploaded?: readonly Outcome[];
}

/** One outcome per built file; a package with no built file is one failed row naming the package. */
export function pypiFileOutcomes(product: RunProduct, facts: UploadFacts): Outcome[] {
  const pkg = pypiPackages(product)[0];
  if (pkg === undefined) return [];
  const base = { product: product.name, target: 'pypi', version: pkg.version, package: pkg.name };
  if (facts.dist.length === 0) return [{ ...base, subject: pkg.name, outcome: 'failed', detail: 'no wheel or sdist to upload: the build artifacts were not downloaded' }];
  return facts.dist.map((file): Outcome => {
    const row = { ...base, subject: file };
    if (facts.before?.includes(file)) return { ...row, outcome: 'skipped:already-published', detail: 'the index had this file before the upload' };
    // The upload's own answer for this file (P10: "rate-limited" stays what the summary says).
    const own = facts.uploaded?.find((o) => o.subject === file);
    if (own !== undefined) return { ...row, outcome: own.outcome, detail: own.detail };
    if (facts.stepResult === 'skipped' || facts.stepResult === '') return { ...row, outcome: 'failed', detail: 'not uploaded: the pre-publish check or the artifact download failed' };
    if (facts.after?.includes(file)) return { ...row, outcome: 'published', detail: 'uploaded by this run' };
    if (facts.stepResult === 'success') {
      return { ...row, outcome: 'published', detail: `the upload succeeded; the index does not list it yet${facts.afterError ? ` (${facts.afterError})` : ''}` };
    }
    return { ...row, outcome: 'failed', detail: `not on the index after the upload step ended '${facts.stepResult}': see its log` };
  });
}
