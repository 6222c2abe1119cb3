import {
  ARTIFACT_KINDS, LockstepConfigError, ProductKind, ProductPlan, RELEASE_JOBS, TOOL_VERSIONS, artifactName, buildTargetOfPlatform, isInsideRepo,
  joinRepoPath, productSlug,
} from '../../model';
import { actionStep, lockstepStep } from '../workflow';
import { BuildJob, buildJobId } from './build-jobs';
import { ReleasePlatform, ReleaseWheelTests } from './options';
import { IF, checkoutRelease, downloadStep, lockstepTools, runEnv } from './release-steps';
import { Job } from '../workflow/workflow-types';

/** The wheel tests as resolved: where and with what, and each tested product's tests. */
export interface WheelTestSettings {
  readonly platforms: readonly ReleasePlatform[];
  readonly pythonVersions: readonly string[];
  readonly requirements: readonly string[];
  /** Repository paths of each product's tests, by product name ('' for none). */
  readonly testPaths: Readonly<Record<string, string>>;
}

/** Resolves `release.wheelTests`; the wheels are built on `platforms`. */
export function resolveWheelTests(o: ReleaseWheelTests | undefined, platforms: readonly ReleasePlatform[]): WheelTestSettings {
  const versions = o?.pythonVersions ?? [TOOL_VERSIONS.pythonMatrix[0], TOOL_VERSIONS.pythonMatrix[TOOL_VERSIONS.pythonMatrix.length - 1]];
  const bad = versions.find((v) => !/^3\.[0-9]+$/.test(v));
  if (versions.length === 0 || bad !== undefined) throw new LockstepConfigError(`release.wheelTests.pythonVersions: '${bad ?? ''}' is not a CPython line such as '3.13'; give one or more.`);
  const testPlatforms = [...new Set(o?.platforms ?? platforms)];
  const unbuilt = testPlatforms.filter((p) => !platforms.includes(p));
  if (unbuilt.length > 0) throw new LockstepConfigError(`release.wheelTests.platforms: ${unbuilt.join(', ')} builds no wheel (release.platforms: ${platforms.join(', ')}); remove it, or add it to release.platforms.`);
  for (const [product, tests] of Object.entries(o?.testPaths ?? {})) {
    if (tests !== '' && !isInsideRepo(tests)) throw new LockstepConfigError(`release.wheelTests.testPaths.${product}: '${tests}' must be a directory inside the repository, or '' for no tests.`);
  }
  const requirements = o?.requirements ?? [];
  const unsafe = requirements.find((r) => !/^[A-Za-z0-9][A-Za-z0-9._\-[\],<>=!~ ]*$/.test(r) || /\s/.test(r.trim()) );
  if (unsafe !== undefined) throw new LockstepConfigError(`release.wheelTests.requirements: '${unsafe}' is not a requirement such as 'pytest-asyncio>=1.3'.`);
  return { platforms: o?.enabled === false ? [] : testPlatforms, pythonVersions: versions, requirements, testPaths: o?.testPaths ?? {} };
}

/** The id of a product's wheel test job. */
export function wheelTestJobId(product: string): string {
  return `test-wheels-${productSlug(product)}`;
}

/**
 * Seed 001 FR4, FR8: each maturin product with tests (its `tests/` directory, or `wheelTests.testPaths`)
 * gets a job that installs the wheel each platform built and runs the product's tests against it with
 * pytest, on every Python version of the options, after its build and before the approval, so a failing
 * test stops the release before anything is tagged or uploaded.
 */
export function wheelTestJobs(products: readonly ProductPlan[], s: WheelTestSettings): BuildJob[] {
  const names = new Set(products.map((p) => p.name));
  const unknown = Object.keys(s.testPaths).filter((n) => !names.has(n) || products.find((p) => p.name === n)!.kind !== ProductKind.MATURIN);
  if (unknown.length > 0) throw new LockstepConfigError(`release.wheelTests.testPaths: ${unknown.join(', ')} is no published maturin product; name one of ${products.filter((p) => p.kind === ProductKind.MATURIN).map((p) => p.name).join(', ') || '(none)'}.`);
  if (s.platforms.length === 0) return [];
  return products.filter((p) => p.kind === ProductKind.MATURIN).flatMap((p) => {
    const given = s.testPaths[p.name];
    const tests = given === undefined ? p.settings.pytestPath : given === '' ? undefined : joinRepoPath(given);
    return tests === undefined ? [] : [wheelTestJob(p, tests, s)];
  });
}

function wheelTestJob(p: ProductPlan, tests: string, s: WheelTestSettings): BuildJob {
  const dist = `dist/wheel-tests/${p.name}`;
  const runnerOf = (platform: string): string => buildTargetOfPlatform(platform).runner;
  const include = s.platforms.flatMap((platform) => s.pythonVersions.map((python) => ({ platform, runner: runnerOf(platform), python })));
  const job: Job = {
    'name': `test ${p.name} wheels (\${{ matrix.platform }}, Python \${{ matrix.python }})`,
    'runs-on': '${{ matrix.runner }}',
    'needs': [RELEASE_JOBS.plan, buildJobId(p.name)],
    'if': `${IF.releasing} && ${IF.toBuild(p.name)}`,
    'permissions': { contents: 'read' },
    'strategy': { 'fail-fast': false, 'matrix': { include } },
    'timeout-minutes': 60,
    'env': runEnv({ TESTS: tests, REQUIREMENTS: s.requirements.join(' ') }),
    'defaults': { run: { shell: 'bash' } },
    'steps': [
      checkoutRelease(),
      actionStep('Set up Python', 'setupPython', { 'python-version': '${{ matrix.python }}' }),
      downloadStep('Get the wheels of this platform', artifactName(ARTIFACT_KINDS.wheels, p.name, '${{ matrix.platform }}'), dist),
      ...lockstepTools(),
      lockstepStep('Install the wheel and run the product\'s tests against it', [
        'wheel-test', '--product', p.name, '--dist', dist, '--tests', { env: 'TESTS' }, '--requirements', { env: 'REQUIREMENTS' }, '--platform', { env: 'PLATFORM' },
      ], { env: { PLATFORM: '${{ matrix.platform }}' } }),
    ],
  };
  return { id: wheelTestJobId(p.name), job, products: [p.name], artifacts: [], artifactNames: [] };
}
