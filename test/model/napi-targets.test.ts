import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { napiPlatformPackages, napiPlatformSuffix, napiTargetsOf, readNpmManifest } from '../../src/model';
import { tempDir } from '../support/fixtures';
import { napiCliArgv } from '../support/napi-cli';

// Issue 17: the targets a napi package builds are the ones its own napi CLI major reads from package.json, so
// the release builds one leg per platform package that CLI lays out. The real CLIs (installed by `bash
// .ci/install-fixture-tools.sh`) lay out each config shape here, and the model must name the same packages:
// v2 takes its three defaults unless `triples.defaults` is false; v3 takes `targets`, or `triples` with its
// four defaults only when `defaults` is true.

/** The package names the real napi CLI of `major` lays out under npm/ for `napi`. */
function laidOutBy(major: 2 | 3, napi: object): string[] {
  const dir = tempDir(`lockstep-napi${major}-`);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: '@t/pkg', version: '1.2.3', napi }));
  execFileSync(process.execPath, napiCliArgv(major, major === 3 ? ['create-npm-dirs'] : ['create-npm-dir', '-t', '.']), { cwd: dir, stdio: 'pipe' });
  const npm = path.join(dir, 'npm');
  return fs.existsSync(npm) ? fs.readdirSync(npm).map((d) => JSON.parse(fs.readFileSync(path.join(npm, d, 'package.json'), 'utf8')).name).sort() : [];
}

/** The package names the model says the release builds and publishes for `napi` under CLI `major`. */
function modelled(major: 2 | 3, napi: object): string[] {
  const pkg = { name: '@t/pkg', version: '1.2.3', napi, devDependencies: { '@napi-rs/cli': major === 2 ? '^2.18.4' : '^3.0.0' } };
  const fromTargets = napiTargetsOf(napi, major).map((t) => `@t/pkg-${napiPlatformSuffix(t)}`).sort();
  expect(napiPlatformPackages(readNpmManifest('package.json', JSON.stringify(pkg))).sort()).toEqual(fromTargets);
  return fromTargets;
}

const MUSL_X64 = 'x86_64-unknown-linux-musl';
const MUSL_ARM64 = 'aarch64-unknown-linux-musl';
const WINDOWS_ARM64 = 'aarch64-pc-windows-msvc';

describe('the targets of a napi config, as its napi CLI major reads them', () => {
  it.each([
    ['no triples: the three defaults', { name: 'two' }],
    ['additional without `defaults`: the defaults and the additional', { name: 'two', triples: { additional: [MUSL_X64, WINDOWS_ARM64] } }],
    ['`defaults: true`: three defaults, not macOS arm64', { name: 'two', triples: { defaults: true, additional: [MUSL_ARM64] } }],
    ['`defaults: false`: only the additional', { name: 'two', triples: { defaults: false, additional: [MUSL_X64, MUSL_ARM64] } }],
  ])('GIVEN napi-rs CLI 2 and %s WHEN it lays out the platform packages THEN the model names the same ones', (_shape, napi) => {
    expect(modelled(2, napi)).toEqual(laidOutBy(2, napi));
  });

  it.each([
    ['targets with both musl targets and Windows arm64', { binaryName: 't', targets: ['x86_64-unknown-linux-gnu', MUSL_X64, MUSL_ARM64, WINDOWS_ARM64] }],
    ['legacy triples with `defaults: true`: its four defaults and the additional', { binaryName: 't', triples: { defaults: true, additional: [MUSL_X64] } }],
    ['legacy triples without `defaults`: only the additional', { binaryName: 't', triples: { additional: [MUSL_X64, WINDOWS_ARM64] } }],
  ])('GIVEN napi-rs CLI 3 and %s WHEN it lays out the platform packages THEN the model names the same ones', (_shape, napi) => {
    expect(modelled(3, napi)).toEqual(laidOutBy(3, napi));
  });

  it('GIVEN a v2 package without triples WHEN read THEN it builds v2\'s three defaults; under v3 the same config lists none', () => {
    expect(napiTargetsOf({ name: 'two' }, 2)).toEqual(['x86_64-pc-windows-msvc', 'x86_64-apple-darwin', 'x86_64-unknown-linux-gnu']);
    expect(napiTargetsOf({ name: 'two' }, 3)).toEqual([]);
  });
});
