import { describe, expect, it } from 'vitest';
import {
  PreflightProblem, ReleasePlan, napiPlatformPackages, napiPlatformSuffix, packageAnchor, packagesInPublishOrder, parseGithubRepository,
  readNpmManifest, releaseTagPatterns, secretsDocLink,
} from '../../src/model';

/** The platform packages of a package.json given as an object. */
const platformPackagesOf = (pkg: object) => napiPlatformPackages(readNpmManifest('package.json', JSON.stringify(pkg)));

/** The release fields of a track that releases by release PR from main. */
const RELEASE_PR = { trigger: 'release-pr', branches: [{ name: 'main' }], testPypiPrereleases: [] };

function product(name: string, extra: Partial<ReleasePlan['tracks'][0]['products'][0]> = {}): ReleasePlan['tracks'][0]['products'][0] {
  return {
    name,
    kind: 'rust-crate',
    path: name,
    tagPrefix: `${name}-v`,
    registries: ['crates-io'],
    packages: [{ registry: 'crates-io', name }],
    publish: true,
    githubRelease: true,
    dependsOn: [],
    explicitDependsOn: [],
    manifests: [],
    notes: [],
    settings: {},
    ...extra,
  };
}

function plan(tracks: ReleasePlan['tracks']): ReleasePlan {
  return { schemaVersion: 1, generator: { name: 'x', version: '0' }, planFile: 'p.json', releaseBranch: 'main', excluded: [], tracks };
}

describe('secrets-doc facts (model)', () => {
  it('GIVEN owner/name WHEN parsed THEN owner and name come back as written (letter case kept)', () => {
    expect(parseGithubRepository('Quill-DB/quill.rs', 'o')).toEqual({ owner: 'Quill-DB', name: 'quill.rs' });
  });

  it.each([
    ['x86_64-unknown-linux-gnu', 'linux-x64-gnu'],
    ['aarch64-unknown-linux-musl', 'linux-arm64-musl'],
    ['aarch64-apple-darwin', 'darwin-arm64'],
    ['x86_64-pc-windows-msvc', 'win32-x64-msvc'],
    ['i686-pc-windows-msvc', 'win32-ia32-msvc'],
    ['armv7-unknown-linux-gnueabihf', 'linux-arm-gnueabihf'],
    ['armv7-linux-androideabi', 'android-arm-eabi'],
    ['aarch64-linux-android', 'android-arm64'],
    ['universal-apple-darwin', 'darwin-universal'],
    ['wasm32-wasip1-threads', 'wasm32-wasi'],
  ])('GIVEN the napi-rs target %s WHEN named THEN its platform package suffix is %s', (triple, suffix) => {
    expect(napiPlatformSuffix(triple)).toBe(suffix);
  });

  it('GIVEN a napi config WHEN read THEN one platform package per target, named after packageName or the package name; legacy triples too', () => {
    expect(platformPackagesOf({ name: '@a/b', napi: { targets: ['x86_64-unknown-linux-gnu', 'aarch64-apple-darwin'] } })).toEqual(['@a/b-linux-x64-gnu', '@a/b-darwin-arm64']);
    expect(platformPackagesOf({ name: '@a/b', napi: { packageName: '@a/native', targets: ['x86_64-pc-windows-msvc'] } })).toEqual(['@a/native-win32-x64-msvc']);
    expect(platformPackagesOf({ name: 'c', napi: { triples: { defaults: true, additional: ['x86_64-unknown-linux-musl'] } } })).toEqual([
      'c-darwin-x64', 'c-darwin-arm64', 'c-win32-x64-msvc', 'c-linux-x64-gnu', 'c-linux-x64-musl',
    ]);
    expect(platformPackagesOf({ name: 'c' })).toEqual([]);
  });

  it('T3 GIVEN two tracks and an unpublished crate WHEN tag patterns are computed THEN every published prefix and each umbrella prefix once, the unpublished one left out', () => {
    const p = plan([
      { name: 'a', umbrellaTagPrefix: 'v', products: [product('core'), product('internal', { publish: false })], publishWaves: [['core']], sites: [], lockfiles: [], manifests: [], ...RELEASE_PR },
      { name: 'b', umbrellaTagPrefix: 'tools-v', products: [product('tools', { tagPrefix: 'tools-v' })], publishWaves: [['tools']], sites: [], lockfiles: [], manifests: [], ...RELEASE_PR },
    ]);
    expect(releaseTagPatterns(p)).toEqual(['core-v*', 'tools-v*', 'v*']);
  });

  it('P3 GIVEN a dependency chain WHEN packages are listed THEN dependencies come first, whatever the product order', () => {
    const p = plan([{
      name: 'a', umbrellaTagPrefix: 'v', products: [product('top', { dependsOn: ['base'] }), product('base')], publishWaves: [['base'], ['top']], sites: [], lockfiles: [], manifests: [], ...RELEASE_PR,
    }]);
    expect(packagesInPublishOrder(p).map((k) => k.name)).toEqual(['base', 'top']);
  });

  it('GIVEN anchors and links WHEN built THEN they are stable ids, and a link names the commit when the run is known', () => {
    expect(packageAnchor('npm', '@quill-db/quill')).toBe('npm-quill-db-quill');
    expect(secretsDocLink(PreflightProblem.NPM_TOO_OLD)).toBe('docs/release-secrets.md#npm-too-old');
    expect(secretsDocLink('npm', { server: 'https://github.com', repository: 'o/r', sha: 'abc' })).toBe('https://github.com/o/r/blob/abc/docs/release-secrets.md#npm');
  });
});
