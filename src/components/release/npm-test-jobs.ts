import { ARTIFACT_KINDS, LockstepConfigError, ProductKind, ProductPlan, RELEASE_JOBS, artifactName, isInsideRepo, joinRepoPath, productSlug } from '../../model';
import { lockstepStep } from '../workflow';
import { BuildJob, buildJobId } from './build-jobs';
import { ReleaseNpmTests } from './options';
import { IF, checkoutRelease, downloadStep, linuxJob, lockstepTools, runEnv } from './release-steps';

/** The npm tests as resolved: on or off, and the test folders given by option. */
export interface NpmTestSettings {
  readonly enabled: boolean;
  /** Repository paths of each product's tests, by product name ('' for none). */
  readonly testPaths: Readonly<Record<string, string>>;
}

/** Resolves `release.npmTests`. */
export function resolveNpmTests(o: ReleaseNpmTests | undefined): NpmTestSettings {
  for (const [product, tests] of Object.entries(o?.testPaths ?? {})) {
    if (tests !== '' && !isInsideRepo(tests)) throw new LockstepConfigError(`release.npmTests.testPaths.${product}: '${tests}' must be a folder inside the repository, or '' for no tests.`);
  }
  return { enabled: o?.enabled !== false, testPaths: o?.testPaths ?? {} };
}

/** The id of a product's npm test job. */
export function npmTestJobId(product: string): string {
  return `test-npm-${productSlug(product)}`;
}

/**
 * Each plain npm package with tests (a `test` script and its test folder, or `npmTests.testPaths`) gets a
 * job that runs its `npm test` against the tarball its build packed, after that build and before the
 * approval, so a failing test, or a file the package forgot to pack, stops the release before anything is
 * tagged or uploaded. The build packs on Linux only, so the tests run there.
 */
export function npmTestJobs(products: readonly ProductPlan[], s: NpmTestSettings): BuildJob[] {
  const npmProducts = products.filter((p) => p.kind === ProductKind.NPM_PACKAGE);
  const unknown = Object.keys(s.testPaths).filter((n) => !npmProducts.some((p) => p.name === n));
  if (unknown.length > 0) {
    throw new LockstepConfigError(`release.npmTests.testPaths: ${unknown.join(', ')} is no published npm package; name one of ${npmProducts.map((p) => p.name).join(', ') || '(none)'}.`);
  }
  for (const p of npmProducts) {
    const given = s.testPaths[p.name];
    if (given && !joinRepoPath(given).startsWith(p.path === '.' ? '' : `${p.path}/`)) {
      throw new LockstepConfigError(`release.npmTests.testPaths.${p.name}: '${given}' is outside ${p.path}, the package's directory; the tests are added to the unpacked package.`);
    }
  }
  if (!s.enabled) return [];
  return npmProducts.flatMap((p) => {
    const given = s.testPaths[p.name];
    const tests = given === undefined ? p.settings.npmTestPath : given === '' ? undefined : joinRepoPath(given);
    return tests === undefined ? [] : [npmTestJob(p, tests)];
  });
}

function npmTestJob(p: ProductPlan, tests: string): BuildJob {
  // The artifact holds its own folder (NPM_UPLOAD_DIR): the tarball lands in <dir>/<artifact>/.
  const artifact = artifactName(ARTIFACT_KINDS.npm, p.name);
  const dist = `dist/npm-tests/${artifact}`;
  const job = linuxJob({
    name: `test ${p.name} npm tarball`,
    needs: [RELEASE_JOBS.plan, buildJobId(p.name, p.kind)],
    if: `${IF.releasing} && ${IF.toBuild(p.name)}`,
    permissions: { contents: 'read' },
    env: runEnv({ TESTS: tests }),
    timeout: 30,
    steps: [
      checkoutRelease(),
      downloadStep('Get the packed tarball', artifact, 'dist/npm-tests'),
      ...lockstepTools(),
      lockstepStep('Unpack the tarball and run the product\'s npm test against it', ['npm-test', '--product', p.name, '--dist', dist, '--tests', { env: 'TESTS' }]),
    ],
  });
  return { id: npmTestJobId(p.name), job, products: [p.name], artifacts: [], artifactNames: [] };
}
