import { describe, expect, it } from 'vitest';
import {
  ProductPlan,
  TrackPlan,
  bumpVersionProblem,
  compareVersions,
  goVersionProblem,
  npmBackfillTag,
  npmDistTag,
  pep440SpecifierParts,
  productVersionProblem,
  releaseVersionProblem,
  schemeVersion,
  siteValueFor,
  tauriReleaseConfig,
  tauriVersionProblem,
  msiVersion,
  toPep440,
  trackVersionProblem,
  versionPartsOf,
} from '../../src/model';

function product(kind: string, extra: Partial<ProductPlan> = {}): ProductPlan {
  return {
    name: 'p',
    kind,
    path: 'p',
    tagPrefix: 'p-v',
    registries: [],
    packages: [],
    publish: true,
    githubRelease: true,
    dependsOn: [],
    explicitDependsOn: [],
    manifests: ['p/Cargo.toml'],
    notes: [],
    settings: {},
    ...extra,
  };
}

describe('release versions (B4)', () => {
  it.each([
    ['', /empty/],
    [' 1.2.3', /whitespace/],
    ['1.2.3\n', /whitespace/],
    ['v1.2.3', /starts with 'v'.*'1\.2\.3'/],
    ['01.2.3', /not a semver/],
    ['1.02.3', /not a semver/],
    ['1.2.3-rc..1', /not a semver/],
    ['1.2.3-01', /not a semver/],
    ['1.2', /not a semver/],
    ['1.2.3.4', /not a semver/],
  ])('GIVEN %j WHEN checked THEN it is refused with the reason %s', (text, reason) => {
    expect(releaseVersionProblem(text)).toMatch(reason);
    expect(bumpVersionProblem(text)).toMatch(reason);
  });

  it.each(['0.0.0', '1.2.3', '1.2.3-rc.1', '1.2.3-0', '10.20.30-alpha.beta.7'])('GIVEN %j WHEN checked THEN it is a release version', (text) => {
    expect(releaseVersionProblem(text)).toBeUndefined();
    expect(bumpVersionProblem(text)).toBeUndefined();
  });

  it('GIVEN build metadata WHEN a bump checks it THEN it is refused on purpose, naming the version to use instead', () => {
    expect(bumpVersionProblem('1.2.3+build.5')).toMatch(/build metadata \(\+build\.5\).*Release '1\.2\.3'/);
    expect(bumpVersionProblem('1.2.3-rc.1+b')).toMatch(/build metadata \(\+b\)/);
    expect(bumpVersionProblem('01.2.3+b')).toMatch(/not a semver/);
  });

  it('GIVEN versions WHEN compared THEN semver precedence applies (prerelease before release, numeric identifiers first)', () => {
    expect(compareVersions('1.2.3-rc.1', '1.2.3')).toBeLessThan(0);
    expect(compareVersions('1.2.3-1', '1.2.3-alpha.1')).toBeLessThan(0);
    expect(compareVersions('1.10.0', '1.9.0')).toBeGreaterThan(0);
    expect(compareVersions('1.2.3+a', '1.2.3')).toBe(0);
  });
});

describe('ecosystem versions (B8)', () => {
  it.each([
    ['1.2.0', '1.2.0'],
    ['1.2.0-rc.1', '1.2.0rc1'],
    ['1.2.0-alpha.2', '1.2.0a2'],
    ['1.2.0-beta.3', '1.2.0b3'],
    ['1.2.0-dev.4', '1.2.0.dev4'],
    ['1.2.0-post.1', '1.2.0.post1'],
    ['1.2.0-rc', '1.2.0rc0'],
  ])('GIVEN %s WHEN written for Python THEN it is PEP 440 %s', (semverText, pep440) => {
    expect(toPep440(semverText)).toBe(pep440);
    expect(schemeVersion('pep440', semverText)).toBe(pep440);
    expect(schemeVersion('pep508', semverText)).toBe(pep440);
  });

  it('GIVEN a prerelease PEP 440 cannot express WHEN written for Python THEN the error names the forms that work', () => {
    expect(() => toPep440('1.2.0-nightly.1')).toThrow(/-alpha\.N, -beta\.N, -rc\.N/);
    expect(() => toPep440('1.2.0-1')).toThrow(/PEP 440 cannot express/);
  });

  it.each([
    ['1.2.0', '1.2.0'],
    ['1.2.0-7', '1.2.0.7'],
    ['1.2.0-alpha', '1.2.0.10000'],
    ['1.2.0-alpha.3', '1.2.0.10003'],
    ['1.2.0-beta.12', '1.2.0.20012'],
    ['1.2.0-rc.2', '1.2.0.30002'],
    ['1.2.0-RC.2', '1.2.0.30002'],
    ['255.255.65535-65535', '255.255.65535.65535'],
  ])('B8 GIVEN %s WHEN mapped for the Windows installer THEN its MSI version is %s', (version, msi) => {
    expect(msiVersion(version)).toBe(msi);
    expect(tauriVersionProblem(version)).toBeUndefined();
    expect(tauriReleaseConfig(version)).toEqual({ bundle: { windows: { wix: { version: msi } } } });
  });

  it('B8 GIVEN prereleases of one version WHEN mapped THEN alpha < beta < rc in the MSI build field', () => {
    const build = (v: string) => Number(msiVersion(v).split('.')[3]);
    expect(build('1.2.0-alpha.9999')).toBeLessThan(build('1.2.0-beta.0'));
    expect(build('1.2.0-beta.9999')).toBeLessThan(build('1.2.0-rc.0'));
  });

  it('B8 GIVEN a Tauri site WHEN the version has a word prerelease THEN tauri.conf.json keeps the semver version', () => {
    expect(schemeVersion('tauri', '1.2.0-alpha.3')).toBe('1.2.0-alpha.3');
    expect(schemeVersion('tauri', '1.2.0-7')).toBe('1.2.0-7');
  });

  it.each([
    ['1.2.0-nightly.1', /only -alpha\.N, -beta\.N and -rc\.N prereleases.*'1\.2\.0-1' can be ordered/],
    ['1.2.0-rc.1.2', /only -alpha/],
    ['1.2.0-alpha.10000', /N below 10000/],
    ['1.2.0-65536', /numeric prerelease goes up to 65535/],
    ['256.0.0', /major and minor go up to 255/],
    ['2026.3.1', /major and minor go up to 255/],
  ])('B8 GIVEN %s WHEN mapped for the Windows installer THEN it is refused with the reason', (version, reason) => {
    expect(tauriVersionProblem(version)).toMatch(new RegExp(`cannot be a Tauri app version: in its Windows installer \\(MSI\\) version, .*${reason.source}`));
    expect(() => msiVersion(version)).toThrow(reason);
    expect(() => schemeVersion('tauri', version)).toThrow(reason);
  });

  it('GIVEN versions WHEN a dist-tag is chosen THEN a release is latest and a prerelease names its channel', () => {
    expect(npmDistTag('1.2.0')).toBe('latest');
    expect(npmDistTag('1.2.0-rc.1')).toBe('rc');
    expect(npmDistTag('1.2.0-1')).toBe('next');
    expect(npmDistTag('1.2.0-latest.1')).toBe('next');
  });
});

describe('pins keep their form (B5)', () => {
  it.each([
    ['cargo-req', '0.3.0', '0.4.0'],
    ['cargo-req', '^0.3.0', '^0.4.0'],
    ['cargo-req', '~0.3.0', '~0.4.0'],
    ['cargo-req', '=0.3.0', '=0.4.0'],
    ['cargo-req', '= 0.3.0', '= 0.4.0'],
    ['cargo-req', '>=0.3.0', '>=0.4.0'],
    ['cargo-req', '0.3', '0.4.0'],
    ['npm-range', '^0.3.0', '^0.4.0'],
    ['npm-range', '~0.3.0', '~0.4.0'],
    ['npm-range', '0.3.0', '0.4.0'],
    ['npm-range', '>=0.3.0', '>=0.4.0'],
    ['npm-range', '=0.3.0', '=0.4.0'],
    ['npm-range', 'workspace:^0.3.0', 'workspace:^0.4.0'],
    ['npm-range', 'workspace:0.3.0', 'workspace:0.4.0'],
    ['npm-range', 'npm:@quill-db/quill@^0.3.0', 'npm:@quill-db/quill@^0.4.0'],
    ['npm-range', '^0.3.0-rc.1', '^0.4.0'],
    ['pep508', 'quill-db==0.3.0', 'quill-db==0.4.0'],
    ['pep508', 'quill-db >= 0.3.0', 'quill-db >= 0.4.0'],
    ['pep508', 'quill_db[fast]~=0.3.0; python_version >= "3.9"', 'quill_db[fast]~=0.4.0; python_version >= "3.9"'],
    ['pep508', 'quill-db (>=0.3.0)', 'quill-db (>=0.4.0)'],
    ['semver', '0.3.0', '0.4.0'],
    ['pep440', '0.3.0rc1', '0.4.0'],
  ] as const)('GIVEN a %s value %j WHEN bumped to 0.4.0 THEN it becomes %j', (scheme, value, expected) => {
    expect(siteValueFor(scheme, value, '0.4.0')).toBe(expected);
  });

  it('GIVEN pins WHEN bumped to a prerelease THEN each ecosystem writes it its way', () => {
    expect(siteValueFor('cargo-req', '=0.3.0', '0.4.0-rc.1')).toBe('=0.4.0-rc.1');
    expect(siteValueFor('npm-range', '^0.3.0', '0.4.0-rc.1')).toBe('^0.4.0-rc.1');
    expect(siteValueFor('pep508', 'quill-db>=0.3.0', '0.4.0-rc.1')).toBe('quill-db>=0.4.0rc1');
  });

  it.each([
    ['cargo-req', '*', /not a requirement on one version/],
    ['cargo-req', '0.3.*', /not a requirement on one version/],
    ['cargo-req', '>=0.3.0, <0.4', /compound requirement/],
    ['npm-range', '>=0.3.0 <0.4.0', /compound requirement/],
    ['npm-range', '^0.3.0 || ^0.2.0', /compound requirement/],
    ['npm-range', '0.3.x', /not a requirement on one version/],
    ['pep508', 'quill-db>=0.3.0,<0.4', /compound requirement/],
    ['pep508', 'quill-db==0.3.*', /not a requirement on one version/],
    ['semver', '', /empty/],
  ] as const)('GIVEN a %s value %j WHEN split THEN it is refused: %s', (scheme, value, reason) => {
    expect(() => versionPartsOf(scheme, value)).toThrow(reason);
  });

  it('GIVEN a uv.lock specifier WHEN split THEN only a single comparator carries a version', () => {
    expect(pep440SpecifierParts('>=0.3.0')).toEqual({ prefix: '>=', version: '0.3.0', suffix: '' });
    expect(pep440SpecifierParts('>=0.3.0,<0.4')).toBeUndefined();
  });
});

describe('what a release decides it can carry, before anything is tagged', () => {
  const track = (...products: ProductPlan[]) => ({ name: 'default', products }) as unknown as TrackPlan;

  it('GIVEN a track whose second product cannot carry the version WHEN decided THEN the problem names that product and its reason', () => {
    const tray = { ...product('tauri-app'), name: 'tray' };
    expect(trackVersionProblem(track(product('rust-crate'), tray), '1.0.0-nightly.1')).toMatch(/^tray cannot carry 1\.0\.0-nightly\.1: .*Windows installer \(MSI\)/);
    expect(trackVersionProblem(track(product('rust-crate'), tray), '1.0.0-rc.1')).toBeUndefined();
    expect(trackVersionProblem(track(product('rust-crate')), '1.0.0-nightly.1')).toBeUndefined();
  });
});

describe('what a product can carry (B8)', () => {
  it('GIVEN a Tauri app WHEN the version has a word prerelease THEN the product refuses it', () => {
    expect(productVersionProblem(product('tauri-app'), '1.0.0-nightly.1')).toMatch(/Windows installer \(MSI\)/);
    expect(productVersionProblem(product('tauri-app'), '1.0.0-rc.1')).toBeUndefined();
    expect(productVersionProblem(product('tauri-app'), '1.0.0-1')).toBeUndefined();
  });

  it('GIVEN a maturin product WHEN the prerelease has no PEP 440 form THEN the product refuses it', () => {
    expect(productVersionProblem(product('maturin'), '1.0.0-nightly.1')).toMatch(/PEP 440/);
    expect(productVersionProblem(product('maturin'), '1.0.0-rc.1')).toBeUndefined();
  });

  it('GIVEN a Go module without /v2 WHEN bumped to 2.0.0 THEN it is refused; with /v2 it is fine', () => {
    const go = (name: string) => product('go-module', { registries: ['go'], packages: [{ registry: 'go', name }] });
    expect(productVersionProblem(go('github.com/x/y/sdk/go'), '2.0.0')).toMatch(/end in \/v2/);
    expect(productVersionProblem(go('github.com/x/y/sdk/go/v2'), '2.0.0')).toBeUndefined();
    // One rule for the release PR and the release run: a /v2 path cannot carry a 1.x version.
    expect(productVersionProblem(go('github.com/x/y/sdk/go/v2'), '1.4.0')).toMatch(/ends in \/v2 but the version is 1\.4\.0/);
    expect(productVersionProblem(go('github.com/x/y/sdk/go'), '1.9.0')).toBeUndefined();
  });
});

describe('the edges of each ecosystem rule (mutation survivors, issue 21)', () => {
  it('B8 GIVEN the MSI bound itself WHEN mapped THEN 65535 is a valid patch and build number, 65536 is not', () => {
    expect(msiVersion('1.2.65535')).toBe('1.2.65535');
    expect(msiVersion('1.2.0-65535')).toBe('1.2.0.65535');
    expect(msiVersion('255.0.0')).toBe('255.0.0');
    expect(msiVersion('0.255.0')).toBe('0.255.0');
    expect(() => msiVersion('1.2.65536')).toThrow(/patch up to 65535/);
    expect(() => msiVersion('1.256.0')).toThrow(/major and minor go up to 255/);
    expect(() => msiVersion('1.2.0-65536')).toThrow(/numeric prerelease goes up to 65535/);
    expect(() => msiVersion('1.2.0-alpha.9999.1')).toThrow(/only -alpha/);
    expect(msiVersion('1.2.0-alpha.9999')).toBe('1.2.0.19999');
  });

  it('B8 GIVEN each MSI prerelease alias WHEN mapped THEN it takes its family\'s block', () => {
    expect(msiVersion('1.2.0-a.1')).toBe('1.2.0.10001');
    expect(msiVersion('1.2.0-b.1')).toBe('1.2.0.20001');
    expect(msiVersion('1.2.0-c.1')).toBe('1.2.0.30001');
    expect(msiVersion('1.2.0-pre.1')).toBe('1.2.0.30001');
    expect(msiVersion('1.2.0-preview.1')).toBe('1.2.0.30001');
    expect(() => msiVersion('1.2.0-alpha.beta')).toThrow(/only -alpha/);
    expect(() => msiVersion('not-a-version')).toThrow(/'not-a-version' cannot be a Windows installer \(MSI\) version: it is not a semver version\./);
  });

  it('GIVEN prereleases of longer and mixed-case words WHEN a dist-tag is chosen THEN the whole word is the tag, in lower case', () => {
    expect(npmDistTag('1.2.0-beta.2')).toBe('beta');
    expect(npmDistTag('1.2.0-alpha')).toBe('alpha');
    expect(npmDistTag('1.2.0-Beta.2')).toBe('beta');
    expect(npmDistTag('1.2.0-nightly-2.1')).toBe('nightly-2');
    expect(npmDistTag('1.2.0-2beta.1')).toBe('next');
  });

  it('B8 GIVEN 1.2.0-rc.1.2 WHEN written for Python THEN it is refused: rc1 would name it and 1.2.0-rc.1 alike', () => {
    expect(toPep440('1.2.0-rc.1')).toBe('1.2.0rc1');
    expect(() => toPep440('1.2.0-rc.1.2')).toThrow(/'1\.2\.0-rc\.1\.2' has a prerelease PEP 440 cannot express/);
    expect(() => toPep440('1.2.0-rc.x')).toThrow(/PEP 440 cannot express/);
    expect(() => toPep440('1.2.0-dev.1.2')).toThrow(/PEP 440 cannot express/);
  });

  it.each([
    ['1.2.0-a.1', '1.2.0a1'],
    ['1.2.0-b.1', '1.2.0b1'],
    ['1.2.0-c.1', '1.2.0rc1'],
    ['1.2.0-pre.1', '1.2.0rc1'],
    ['1.2.0-preview.1', '1.2.0rc1'],
    ['1.2.0-ALPHA.1', '1.2.0a1'],
    ['1.2.0-DEV.2', '1.2.0.dev2'],
    ['1.2.0-Post.3', '1.2.0.post3'],
    ['1.2.0-dev', '1.2.0.dev0'],
  ])('B8 GIVEN the PEP 440 alias %s WHEN written for Python THEN it is the normal form %s', (semverText, pep440) => {
    expect(toPep440(semverText)).toBe(pep440);
  });

  it('B8 GIVEN build metadata or no version WHEN written for Python THEN it is refused naming the reason', () => {
    expect(() => toPep440('1.2.0+build.5')).toThrow(/'1\.2\.0\+build\.5' has build metadata \(\+build\.5\); PyPI does not accept local versions/);
    expect(() => toPep440('1.2')).toThrow(/'1\.2' is not a semver version/);
  });

  it('GIVEN Go majors of two digits WHEN checked THEN /v10 carries 10.x and only 10.x', () => {
    const go = (name: string) => product('go-module', { registries: ['go'], packages: [{ registry: 'go', name }] });
    expect(productVersionProblem(go('github.com/x/y/v10'), '10.0.0')).toBeUndefined();
    expect(productVersionProblem(go('github.com/x/y/v10'), '11.0.0')).toMatch(/needs the Go module github\.com\/x\/y\/v10 to end in \/v11/);
    expect(productVersionProblem(go('github.com/x/y/v1'), '10.0.0')).toMatch(/end in \/v10/);
    expect(productVersionProblem(go('github.com/x/y/v10'), '1.0.0')).toMatch(/ends in \/v10 but the version is 1\.0\.0/);
    expect(productVersionProblem(go('github.com/x/y/v2'), '2.3.1')).toBeUndefined();
    expect(productVersionProblem(go('github.com/x/y'), '1.2.0+meta')).toMatch(/Go module versions cannot carry build metadata \('\+meta'\)/);
  });
});

describe('the rest of the version rules mutation testing left open (issue 21)', () => {
  it('B4 GIVEN a v or = inside a prerelease WHEN checked THEN only a leading one is refused', () => {
    expect(releaseVersionProblem('1.2.3-dev.v2')).toBeUndefined();
    expect(releaseVersionProblem('1.2.3-x=1')).toMatch(/not a semver/);
  });

  it('B4 GIVEN a version semver parses only with its leading v WHEN a bump checks it with build metadata THEN the leading v is named, not the metadata', () => {
    expect(bumpVersionProblem('v1.2.3+b')).toBe('\'v1.2.3+b\' starts with \'v\': give the bare version, such as \'1.2.3+b\'');
    expect(bumpVersionProblem('1.2.3+b.c')).toBe('\'1.2.3+b.c\' has build metadata (+b.c): npm drops it, PyPI and Go tags refuse it and version order ignores it, so it cannot name a lockstep release. Release \'1.2.3\' (or a prerelease such as \'1.2.3-rc.1\') instead.');
  });

  it('B8 GIVEN a prerelease of two numbers WHEN mapped for the Windows installer THEN it is refused with the reason, not a crash', () => {
    expect(tauriVersionProblem('1.2.0-7.1')).toMatch(/only -alpha\.N, -beta\.N and -rc\.N prereleases/);
    expect(() => msiVersion('1.2.0-7.1')).toThrow(/only -alpha/);
  });

  it('B8 GIVEN a Tauri site WHEN split and bumped THEN it is all version, and an empty one is refused', () => {
    expect(siteValueFor('tauri', '0.3.0', '0.4.0-rc.1')).toBe('0.4.0-rc.1');
    expect(() => versionPartsOf('tauri', '')).toThrow('the version is empty');
  });

  it('B5 GIVEN pins each ecosystem refuses WHEN split THEN the message names the forms of that ecosystem', () => {
    expect(() => versionPartsOf('cargo-req', 'workspace:^0.3.0')).toThrow('\'workspace:^0.3.0\' is not a requirement on one version; a lockstep pin must be one of "1.2.3", "^1.2.3", "~1.2.3", "=1.2.3" or ">=1.2.3"');
    expect(() => versionPartsOf('npm-range', '0.3.x')).toThrow('\'0.3.x\' is not a requirement on one version; a lockstep pin must be one of "1.2.3", "^1.2.3", "~1.2.3", ">=1.2.3" or "workspace:^1.2.3"');
    expect(() => versionPartsOf('pep508', 'quill-db')).toThrow('\'quill-db\' is not a requirement on one version; a lockstep pin must be one of "name==1.2.3", "name>=1.2.3" or "name~=1.2.3"');
    expect(() => versionPartsOf('npm-range', '1.0.0 - 2.0.0')).toThrow(/'1\.0\.0 - 2\.0\.0' is a compound requirement/);
    // Whitespace around a value is not a second comparator.
    expect(() => versionPartsOf('cargo-req', ' >=0.3.x')).toThrow(/is not a requirement on one version/);
  });

  it('P11 GIVEN an older line\'s stable version WHEN its backfill dist-tag is chosen THEN it names the line', () => {
    expect(npmBackfillTag('2.0.1')).toBe('release-2.0');
    expect(npmBackfillTag('10.12.3')).toBe('release-10.12');
  });

  it('GIVEN Go modules WHEN checked THEN the /vN suffix must end the path, an unpublished module has nothing to check, and the Go package is the one checked', () => {
    const go = (packages: Array<{ registry: string; name: string }>) => product('go-module', { registries: packages.map((p) => p.registry), packages });
    expect(productVersionProblem(go([{ registry: 'go', name: 'github.com/x/v2/sub' }]), '2.0.0')).toMatch(/end in \/v2/);
    expect(productVersionProblem(go([]), '2.0.0')).toBeUndefined();
    expect(productVersionProblem(go([{ registry: 'npm', name: 'x/v2' }, { registry: 'go', name: 'github.com/x/y' }]), '2.0.0')).toMatch(/github\.com\/x\/y to end in \/v2/);
    expect(goVersionProblem('github.com/x/y', 'nope')).toBe('\'nope\' is not a semver version');
    expect(goVersionProblem('github.com/x/y', '1.2.0+a.b')).toBe('Go module versions cannot carry build metadata (\'+a.b\')');
  });

  it('B5 GIVEN PEP 508 pins spaced out WHEN bumped THEN the spacing is kept; text before the name or operator is refused', () => {
    expect(siteValueFor('pep508', '  quill-db == 0.3.0', '0.4.0')).toBe('  quill-db == 0.4.0');
    expect(siteValueFor('pep508', 'quill_db[fast] ( >= 0.3.0 )', '0.4.0')).toBe('quill_db[fast] ( >= 0.4.0 )');
    expect(siteValueFor('pep508', 'quill_db [fast]>=0.3.0', '0.4.0')).toBe('quill_db [fast]>=0.4.0');
    expect(() => versionPartsOf('pep508', '-quill-db==0.3.0')).toThrow(/not a requirement on one version/);
    expect(pep440SpecifierParts(' >= 0.3.0')).toEqual({ prefix: ' >= ', version: '0.3.0', suffix: '' });
    expect(pep440SpecifierParts('x>=0.3.0')).toBeUndefined();
  });
});
