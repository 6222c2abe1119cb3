import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { exampleRelease, synthRelease } from './release-publish-support';
import { Product, ReleasePlatform } from '../../src';
import { ACTIONS, RELEASE_ASSETS_ENV, RUNNERS, TOOL_VERSIONS } from '../../src/model';
import { exampleProducts } from '../support/example-products';
import { copyExample } from '../support/fixtures';

/** The example's products with its Python SDK asking for musllinux wheels. */
const withMusllinux = () => exampleProducts().map((p) => (p.path === 'sdk/python' ? Product.maturin({ path: 'sdk/python', name: 'quill-py', musllinux: true }) : p));

const stepOf = (job: any, name: string) => job.steps.find((s: any) => s.name === name);

describe('Issue 17: musllinux wheels for a maturin product that asks for them', () => {
  it('GIVEN the example without the option WHEN rendered THEN its wheels are manylinux only: one maturin build, no musl leg', () => {
    const job = exampleRelease().wf.jobs['build-quill-py'];
    expect(job.strategy.matrix.include.map((l: any) => l.platform)).toEqual(Object.values(ReleasePlatform));
    expect(job.steps.filter((s: any) => s.uses?.startsWith(`${ACTIONS.maturin.repo}@`) && s.with.command === 'build').map((s: any) => s.with.manylinux)).toEqual(['auto']);
  });

  it('GIVEN musllinux: true WHEN rendered THEN each Linux platform gets a musl twin built by maturin-action as musllinux_1_2, checked with twine, not imported, and carried by the release', () => {
    const { wf, out } = synthRelease(copyExample(), { products: withMusllinux() });
    const job = wf.jobs['build-quill-py'];
    expect(job.strategy.matrix.include).toEqual([
      ...Object.values(ReleasePlatform).map((platform) => expect.objectContaining({ platform, cross: false })),
      { platform: 'linux-x64-musl', runner: RUNNERS.linuxX64, target: 'x86_64-unknown-linux-musl', cross: true },
      { platform: 'linux-arm64-musl', runner: RUNNERS.linuxX64, target: 'aarch64-unknown-linux-musl', cross: true },
    ]);
    expect(stepOf(job, 'maturin build')).toMatchObject({ if: '!matrix.cross', with: { manylinux: 'auto', target: '${{ matrix.target }}' } });
    expect(stepOf(job, 'maturin build (musllinux)')).toMatchObject({
      if: 'matrix.cross',
      with: { 'command': 'build', 'manylinux': 'musllinux_1_2', 'target': '${{ matrix.target }}', 'maturin-version': `v${TOOL_VERSIONS.maturin}` },
    });
    expect(stepOf(job, 'Check every distribution with twine').if).toBeUndefined();
    expect(stepOf(job, 'Install the wheel and import it').if).toBe('!matrix.cross');
    // The sdist is still built once, on Linux x64.
    expect(stepOf(job, 'maturin sdist').if).toBe("matrix.platform == 'linux-x64'");
    // The PyPI job and the GitHub Release take the musl wheels like any other leg's.
    const legs = ['linux-x64', 'linux-arm64', 'macos-arm64', 'macos-x64', 'windows-x64', 'linux-x64-musl', 'linux-arm64-musl'].map((l) => `wheels.quill-py.${l}`);
    expect(JSON.parse(wf.jobs['github-releases'].env[RELEASE_ASSETS_ENV])['quill-py']).toEqual(legs);
    const pypiDownloads = wf.jobs['publish-pypi'].steps.filter((s: any) => s.uses?.startsWith('actions/download-artifact@') && s.with.name !== 'release-run').map((s: any) => s.with.pattern);
    expect(pypiDownloads).toEqual(['wheels.quill-py.*']);
    expect(wf.jobs['publish-pypi'].needs).toContain('build-quill-py');
    // The option is recorded in the plan, so `lockstep drift` rebuilds the same plan from it.
    const plan = typeof out['.lockstep/release-plan.json'] === 'string' ? JSON.parse(out['.lockstep/release-plan.json']) : out['.lockstep/release-plan.json'];
    expect(JSON.stringify(plan.source.options)).toContain('"musllinux":true');
  });

  it('GIVEN musllinux: true and release.platforms without Linux arm64 WHEN rendered THEN only Linux x64 gets a musl twin', () => {
    const release = { platforms: [ReleasePlatform.LINUX_X64, ReleasePlatform.MACOS_ARM64] };
    const { wf } = synthRelease(copyExample(), { products: withMusllinux(), release });
    expect(wf.jobs['build-quill-py'].strategy.matrix.include.map((l: any) => l.platform)).toEqual(['linux-x64', 'macos-arm64', 'linux-x64-musl']);
  });

  it('GIVEN the example WHEN its committed plan is read THEN the option is absent (off by default, nothing recorded)', () => {
    const plan = fs.readFileSync(path.join(copyExample(), '.lockstep/release-plan.json'), 'utf8');
    expect(plan).not.toContain('musllinux');
  });
});
