import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { BUILD_TARGETS, TOOL_VERSIONS, napiPlatformPackages, napiPlatformSuffix, readNpmManifest } from '../../src/model';
import { tempDir } from '../support/fixtures';
import { napiCliArgv, napiCliDir } from '../support/napi-cli';

// Issue 17: the platform packages the release checks (npm-check stages `<binary>.<suffix>.node`), documents
// (trusted publishers) and builds a leg for must be the ones napi-rs itself lays out. The real napi CLIs,
// installed by `bash .ci/install-fixture-tools.sh`, lay them out for every target release.yml builds: musl and
// Windows arm64 included.

/** The platform packages a napi CLI made under `npm/`: directory, package name, and the binary it ships. */
function laidOut(dir: string): Array<{ dir: string; name: string; files: string[] }> {
  return fs.readdirSync(path.join(dir, 'npm')).sort().map((d) => {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'npm', d, 'package.json'), 'utf8'));
    return { dir: d, name: pkg.name, files: pkg.files };
  });
}

const TARGETS = BUILD_TARGETS.map((t) => t.target);
const expected = (binary: string) => TARGETS.map((t) => napiPlatformSuffix(t)).sort().map((s) => ({ dir: s, name: `@t/pkg-${s}`, files: [`${binary}.${s}.node`] }));

describe('napi platform package names, as the real napi CLI lays them out', () => {
  it('GIVEN every target release.yml builds in napi.targets WHEN napi-rs CLI 3 (the pinned one) runs create-npm-dirs THEN its packages are the ones the model names', () => {
    expect(JSON.parse(fs.readFileSync(path.join(napiCliDir(3), 'package.json'), 'utf8')).version).toBe(TOOL_VERSIONS.napiCli);
    const dir = tempDir('lockstep-napi3-');
    const pkg = { name: '@t/pkg', version: '1.2.3', napi: { binaryName: 't', targets: TARGETS } };
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
    execFileSync(process.execPath, napiCliArgv(3, ['create-npm-dirs']), { cwd: dir, stdio: 'pipe' });
    expect(laidOut(dir)).toEqual(expected('t'));
    expect(laidOut(dir).map((p) => p.dir)).toEqual(expect.arrayContaining(['linux-x64-musl', 'linux-arm64-musl', 'win32-arm64-msvc']));
    expect(napiPlatformPackages(readNpmManifest('package.json', JSON.stringify(pkg))).sort()).toEqual(laidOut(dir).map((p) => p.name));
  });

  it('GIVEN the same targets as napi-rs v2 triples WHEN napi-rs CLI 2 runs create-npm-dir THEN its packages are the ones the model names', () => {
    const dir = tempDir('lockstep-napi2-');
    const pkg = { name: '@t/pkg', version: '1.2.3', napi: { name: 'two', triples: { defaults: false, additional: TARGETS } }, devDependencies: { '@napi-rs/cli': '^2.18.4' } };
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
    execFileSync(process.execPath, napiCliArgv(2, ['create-npm-dir', '-t', '.']), { cwd: dir, stdio: 'pipe' });
    expect(laidOut(dir)).toEqual(expected('two'));
    expect(napiPlatformPackages(readNpmManifest('package.json', JSON.stringify(pkg))).sort()).toEqual(laidOut(dir).map((p) => p.name));
  });
});
