import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { exampleRelease, synthRelease } from './release-publish-support';
import { LockstepReleaseProject, ReleasePlatform } from '../../src';
import { RUNNERS, TOOL_VERSIONS } from '../../src/model';
import { exampleProducts } from '../support/example-products';
import { copyExample } from '../support/fixtures';

/** The example monorepo with its Node SDK's napi config changed by `edit`. */
function exampleWithNapi(edit: (napi: Record<string, any>, pkg: Record<string, any>) => void): string {
  const dir = copyExample();
  const file = path.join(dir, 'sdk/nodejs/package.json');
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(pkg.napi, pkg);
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2));
  return dir;
}

const MUSL_AND_WINDOWS_ARM = ['x86_64-unknown-linux-musl', 'aarch64-unknown-linux-musl', 'aarch64-pc-windows-msvc'];

/** A step of a job by its name. */
const stepOf = (job: any, name: string) => job.steps.find((s: any) => s.name === name);

describe('release.yml builds a napi product for the targets its napi config lists', () => {
  it('GIVEN the example Node SDK listing three targets WHEN rendered THEN its build matrix has exactly those three legs, none cross-compiled', () => {
    const { wf } = exampleRelease();
    const job = wf.jobs['build-quill-node'];
    expect(job.strategy.matrix.include.map((l: { target: string }) => l.target)).toEqual(['x86_64-unknown-linux-gnu', 'aarch64-apple-darwin', 'x86_64-pc-windows-msvc']);
    // No musl leg: no `cross` key, no zig, and the smoke test runs on every leg.
    expect(job.strategy.matrix.include.every((l: object) => !('cross' in l))).toBe(true);
    expect(job.steps.filter((s: any) => /zig/.test(s.name))).toEqual([]);
    expect(stepOf(job, 'Load the package with its binary').if).toBeUndefined();
    // Other products still build on every release platform.
    expect(wf.jobs['build-quill-py'].strategy.matrix.include.length).toBe(Object.values(ReleasePlatform).length);
  });

  it('GIVEN napi.targets adding both musl targets and Windows on arm64 WHEN synthesized THEN each gets a leg: musl linked with zig on x64 Linux, Windows arm64 on its own runner', () => {
    const dir = exampleWithNapi((napi) => napi.targets.push(...MUSL_AND_WINDOWS_ARM));
    const { wf } = synthRelease(dir, { products: exampleProducts() });
    const job = wf.jobs['build-quill-node'];
    expect(job.strategy.matrix.include).toEqual([
      { platform: 'linux-x64', runner: RUNNERS.linuxX64, target: 'x86_64-unknown-linux-gnu', cross: false },
      { platform: 'macos-arm64', runner: RUNNERS.macosArm64, target: 'aarch64-apple-darwin', cross: false },
      { platform: 'windows-x64', runner: RUNNERS.windowsX64, target: 'x86_64-pc-windows-msvc', cross: false },
      { platform: 'linux-x64-musl', runner: 'ubuntu-24.04', target: 'x86_64-unknown-linux-musl', cross: true },
      { platform: 'linux-arm64-musl', runner: 'ubuntu-24.04', target: 'aarch64-unknown-linux-musl', cross: true },
      { platform: 'windows-arm64', runner: 'windows-11-arm', target: 'aarch64-pc-windows-msvc', cross: false },
    ]);
    expect(job['runs-on']).toBe('${{ matrix.runner }}');
    // zig and cargo-zigbuild, pinned, only on the musl legs; napi v3 links with --cross-compile there.
    const install = stepOf(job, 'Install zig and cargo-zigbuild');
    expect(install).toMatchObject({ if: 'matrix.cross', env: { CARGO_ZIGBUILD_VERSION: TOOL_VERSIONS.cargoZigbuild, ZIGLANG_VERSION: TOOL_VERSIONS.ziglang } });
    expect(install.run).toBe('python -m pip install "cargo-zigbuild==$CARGO_ZIGBUILD_VERSION" "ziglang==$ZIGLANG_VERSION"');
    expect(stepOf(job, 'Put zig on PATH').if).toBe('matrix.cross');
    expect(stepOf(job, 'Build the native binary with zig as the linker')).toMatchObject({
      'if': 'matrix.cross',
      'run': 'npx --no-install napi build --platform --release --target "$TARGET" --cross-compile',
      'working-directory': 'sdk/nodejs',
    });
    expect(stepOf(job, 'Build the native binary')).toMatchObject({ if: '!matrix.cross', run: 'npx --no-install napi build --platform --release --target "$TARGET"' });
    // A musl binary cannot be loaded on the glibc runner that linked it: only native legs load theirs.
    expect(stepOf(job, 'Load the package with its binary').if).toBe('!matrix.cross');
    // The publish job waits for the build and downloads each leg's binary, the new ones included.
    const downloads = wf.jobs['publish-npm'].steps.filter((s: any) => /^Get the npm build: napi\.quill-node\./.test(s.name)).map((s: any) => s.with.pattern);
    expect(downloads).toEqual(['linux-x64', 'macos-arm64', 'windows-x64', 'linux-x64-musl', 'linux-arm64-musl', 'windows-arm64'].map((p) => `napi.quill-node.${p}`));
    expect(wf.jobs['publish-npm'].needs).toContain('build-quill-node');
  });

  it('GIVEN release.platforms narrowed below the napi targets WHEN synthesized THEN the napi legs still follow napi.targets (each platform package needs its binary) while wheels follow the platforms', () => {
    const { wf } = synthRelease(copyExample(), { products: exampleProducts(), release: { platforms: [ReleasePlatform.LINUX_X64] } });
    expect(wf.jobs['build-quill-node'].strategy.matrix.include.map((l: { platform: string }) => l.platform)).toEqual(['linux-x64', 'macos-arm64', 'windows-x64']);
    expect(wf.jobs['build-quill-py'].strategy.matrix.include.map((l: { platform: string }) => l.platform)).toEqual(['linux-x64']);
  });

  it('GIVEN napi-rs CLI v2 listing musl targets under napi.triples WHEN synthesized THEN its musl legs link with v2\'s --zig', () => {
    const dir = exampleWithNapi((napi, pkg) => {
      delete napi.targets;
      napi.name = 'quill';
      napi.triples = { defaults: false, additional: ['x86_64-unknown-linux-gnu', 'x86_64-unknown-linux-musl'] };
      pkg.devDependencies = { '@napi-rs/cli': '^2.18.4' };
    });
    const { wf } = synthRelease(dir, { products: exampleProducts() });
    const job = wf.jobs['build-quill-node'];
    expect(job.strategy.matrix.include.map((l: { platform: string }) => l.platform)).toEqual(['linux-x64', 'linux-x64-musl']);
    expect(stepOf(job, 'Build the native binary with zig as the linker').run).toBe('npx --no-install napi build --platform --release --target "$TARGET" --zig');
  });

  it('GIVEN a napi target release.yml cannot build WHEN synthesized THEN it fails naming the file, the target, the field and what it builds', () => {
    const dir = exampleWithNapi((napi) => napi.targets.push('riscv64gc-unknown-linux-gnu'));
    expect(() => synthRelease(dir, { products: exampleProducts() })).toThrow(
      'sdk/nodejs/package.json: napi.targets lists riscv64gc-unknown-linux-gnu, which release.yml cannot build (it builds x86_64-unknown-linux-gnu, ' +
        'aarch64-unknown-linux-gnu, aarch64-apple-darwin, x86_64-apple-darwin, x86_64-pc-windows-msvc, x86_64-unknown-linux-musl, aarch64-unknown-linux-musl, ' +
        'aarch64-pc-windows-msvc). Remove it from napi.targets.',
    );
  });

  it('GIVEN that napi target WHEN the project is constructed THEN it fails there, before synth writes any file', () => {
    const dir = exampleWithNapi((napi) => napi.targets.push('riscv64gc-unknown-linux-gnu'));
    const plan = path.join(dir, '.lockstep/release-plan.json');
    fs.rmSync(plan);
    expect(() => new LockstepReleaseProject({ name: 'quill', outdir: dir, products: exampleProducts() })).toThrow(/napi\.targets lists riscv64gc-unknown-linux-gnu/);
    expect(fs.existsSync(plan)).toBe(false);
  });
});
