import { describe, expect, it } from 'vitest';
import { allSteps, exampleRelease } from './release-publish-support';
import { ARTIFACTS_DIR, ARTIFACT_RETENTION_DAYS, NPM_PACKAGES_BUILD_JOB, ProductKind, RELEASE_ASSETS_ENV, parseArtifactName } from '../../src/model';
import { npmPackageBuilds } from '../../src/runtime/release/release-plan';
import { releaseRun } from '../support/release-run';

/**
 * The artifact names a build job uploads, one per matrix leg (`${{ matrix.platform }}` and `${{ matrix.artifact }}`
 * filled in); a computed matrix's legs are given, as the plan job computes them.
 */
function uploadedBy(job: any, computed?: Array<Record<string, string>>): string[] {
  const include = job.strategy?.matrix?.include;
  const legs: Array<Record<string, string>> = typeof include === 'string' ? computed! : include ?? [{}];
  return job.steps.filter((s: any) => s.uses?.startsWith('actions/upload-artifact@'))
    .flatMap((s: any) => legs.map((leg) => String(s.with.name).replace('${{ matrix.platform }}', leg.platform).replace('${{ matrix.artifact }}', leg.artifact)));
}

/** The cells the plan job computes for the npm packages' job when `products` are still to publish on npm. */
function npmCells(...products: string[]): Array<Record<string, string>> {
  const run = releaseRun({
    version: '0.3.0',
    products: products.map((name) => ({
      name,
      kind: ProductKind.NPM_PACKAGE,
      path: name,
      tag: `${name}-v0.3.0`,
      githubRelease: false,
      dependsOn: [],
      settings: {},
      packages: [{ target: 'npm', name, version: '0.3.0', state: 'missing' as const }],
    })),
  });
  return npmPackageBuilds(run).map((c) => ({ ...c }));
}

describe('P14: every GitHub Release carries the assets the plan says, or is not published', () => {
  const { wf, out } = exampleRelease();
  const kindOf = new Map<string, string>(out['.lockstep/release-plan.json'].tracks.flatMap((t: any) => t.products.map((p: any) => [p.name, p.kind])));
  const releases = wf.jobs['github-releases'];
  const required: Record<string, string[]> = JSON.parse(releases.env[RELEASE_ASSETS_ENV]);

  it('P14 GIVEN the example WHEN rendered THEN each product\'s required assets are exactly the artifacts its build job uploads, leg by leg', () => {
    const npmPackages = wf.jobs[NPM_PACKAGES_BUILD_JOB];
    for (const [product, artifacts] of Object.entries(required)) {
      const job = wf.jobs[`build-${product}`];
      // A plain npm package is a cell of the npm packages' job: the cell the plan job makes for it.
      const uploaded = kindOf.get(product) === ProductKind.NPM_PACKAGE ? uploadedBy(npmPackages, npmCells(product)) : job ? uploadedBy(job) : [];
      expect(artifacts, product).toEqual(uploaded);
    }
    expect(required['quill-notes']).toEqual(['npm.quill-notes']);
    expect(required['quill-py']).toEqual(['wheels.quill-py.linux-x64', 'wheels.quill-py.linux-arm64', 'wheels.quill-py.macos-arm64', 'wheels.quill-py.macos-x64', 'wheels.quill-py.windows-x64']);
    expect(Object.keys(required).sort()).toEqual(expect.arrayContaining(['quill-desktop', 'quill-ffi', 'quill-node', 'quill-py']));
  });

  it('P14 GIVEN download-artifact extracts a single match straight into path WHEN the release job downloads THEN each artifact is its own download into its own folder, the npm tarballs (each in its own folder) with one merged download', () => {
    // The build artifacts (the outcome files the job also collects, for P12, go elsewhere).
    const downloads = releases.steps.filter((s: any) => s.uses?.startsWith('actions/download-artifact@') && s.with.path.startsWith(ARTIFACTS_DIR));
    const npm = (a: string) => parseArtifactName(a)?.kind === 'npm';
    expect(downloads.map((s: any) => s.with)).toEqual([
      ...Object.values(required).flat().filter((a) => !npm(a)).map((a) => expect.objectContaining({ 'pattern': a, 'path': `${ARTIFACTS_DIR}/${a}`, 'merge-multiple': false })),
      expect.objectContaining({ 'pattern': 'npm.*', 'path': ARTIFACTS_DIR, 'merge-multiple': true }),
    ]);
    const release = releases.steps.find((s: any) => /lockstep github-release /.test(s.run ?? ''));
    expect(release.run).toContain(`--artifacts ${ARTIFACTS_DIR}`);
  });

  it('P14 GIVEN the npm job WHEN it downloads the napi binaries and tarballs THEN each binary is its own download, and every tarball comes with one merged download', () => {
    const downloads = wf.jobs['publish-npm'].steps.filter((s: any) => s.uses?.startsWith('actions/download-artifact@') && s.with.name !== 'release-run');
    expect(downloads.map((s: any) => s.with.pattern)).toEqual([...uploadedBy(wf.jobs['build-quill-node']), 'npm.*']);
    for (const d of downloads.slice(0, -1)) expect(d.with.path).toBe(`${ARTIFACTS_DIR}/${d.with.pattern}`);
    expect(downloads.at(-1).with).toMatchObject({ 'path': ARTIFACTS_DIR, 'merge-multiple': true });
  });

  it('issue 20 GIVEN an npm tarball WHEN kept THEN its artifact holds its own folder (the hierarchy after the first wildcard), so a merged download makes one folder per artifact', () => {
    for (const job of [wf.jobs[NPM_PACKAGES_BUILD_JOB], wf.jobs['build-quill-wasm']]) {
      const pack = job.steps.find((s: any) => / lockstep pack-npm /.test(s.run ?? ''));
      const upload = job.steps.find((s: any) => s.uses?.startsWith('actions/upload-artifact@'));
      expect(upload.with.path).toBe('dist/npm-upload/*/*.tgz');
      const packedTo = pack.run.includes('"$NPM_OUT"') ? job.env.NPM_OUT : / --out (\S+)/.exec(pack.run)![1];
      expect(packedTo).toBe(`dist/npm-upload/${upload.with.name}`);
    }
  });

  it('P14 GIVEN an approval that may wait 30 days WHEN artifacts are uploaded THEN every one is kept longer than that', () => {
    const uploads = allSteps(wf).filter(({ step }) => step.uses?.startsWith('actions/upload-artifact@'));
    expect(uploads.length).toBeGreaterThan(10);
    for (const { job, step } of uploads) expect(step.with['retention-days'], `${job}: ${step.name}`).toBeGreaterThan(30);
    expect(ARTIFACT_RETENTION_DAYS).toBeGreaterThanOrEqual(35);
  });
});
