import compare from 'semver/functions/compare';
import major from 'semver/functions/major';
import minor from 'semver/functions/minor';
import parse from 'semver/functions/parse';
import patch from 'semver/functions/patch';
import prerelease from 'semver/functions/prerelease';
import valid from 'semver/functions/valid';
import { ownValue } from './own';
import type { ProductPlan, SiteScheme, TrackPlan } from './plan-types';
import { ProductKind, Registry } from './product';

/** The semver functions used, loaded one by one: the whole package is a fifth of the bump's start-up. */
const semver = { compare, major, minor, parse, patch, prerelease, valid };

/**
 * Release versions and how each ecosystem writes them (B4, B8), in one tested place. A release version
 * is strict semver; Python, Tauri and npm each see it through their own rules.
 */

/** Why a version string is not a release version; undefined when it is one. */
export function releaseVersionProblem(text: string): string | undefined {
  if (text === '') return 'the version is empty';
  if (text.trim() !== text) return `'${text}' has surrounding whitespace`;
  if (/^[vV=]/.test(text)) return `'${text}' starts with '${text[0]}': give the bare version, such as '${text.slice(1)}'`;
  // semver.valid with loose: false rejects leading zeros, empty identifiers and anything not semver 2.0.0.
  if (semver.valid(text, { loose: false }) !== text) return `'${text}' is not a semver 2.0.0 version (MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD])`;
  return undefined;
}

/** True when `text` is a strict semver release version. */
export function isReleaseVersion(text: string): boolean {
  return releaseVersionProblem(text) === undefined;
}

/** The prerelease identifiers of a version (`1.2.0-rc.1` → `['rc', 1]`). */
export function prereleaseOf(version: string): ReadonlyArray<string | number> {
  return semver.prerelease(version) ?? [];
}

/**
 * The npm dist-tag a version is published under: `latest` for a stable release, otherwise the first
 * prerelease identifier when it is a word (`1.2.0-rc.1` → `rc`), else `next`. npm 11 refuses to publish a
 * prerelease without an explicit `--tag`.
 */
export function npmDistTag(version: string): string {
  const pre = prereleaseOf(version);
  if (pre.length === 0) return 'latest';
  const first = pre[0];
  // Compared in lower case, as the tag is written: 2.0.0-Latest.1 must not take `latest` either.
  return typeof first === 'string' && /^[a-z][a-z0-9-]*$/i.test(first) && first.toLowerCase() !== 'latest' ? first.toLowerCase() : 'next';
}

/**
 * The dist-tag of a stable version published after a higher one (P11): `latest` must stay on the highest
 * release, so an older line's version goes under `release-<major>.<minor>` (not a semver range, which npm
 * refuses as a tag).
 */
export function npmBackfillTag(version: string): string {
  return `release-${semver.major(version)}.${semver.minor(version)}`;
}

const PEP440_PRE: Record<string, string> = { alpha: 'a', a: 'a', beta: 'b', b: 'b', rc: 'rc', c: 'rc', pre: 'rc', preview: 'rc' };

/**
 * The PEP 440 form of a release version (B8): `1.2.0-rc.1` → `1.2.0rc1`, `1.2.0-alpha.2` → `1.2.0a2`,
 * `1.2.0-dev.3` → `1.2.0.dev3`, `1.2.0-post.1` → `1.2.0.post1`. Build metadata becomes a local version
 * label, which PyPI refuses, so it is rejected. A prerelease PEP 440 cannot express is an error naming the
 * forms that work.
 */
export function toPep440(version: string): string {
  const v = semver.parse(version);
  if (v === null) throw new Error(`'${version}' is not a semver version`);
  if (v.build.length > 0) {
    throw new Error(`'${version}' has build metadata (+${v.build.join('.')}); PyPI does not accept local versions. Release without '+…'.`);
  }
  const base = `${v.major}.${v.minor}.${v.patch}`;
  if (v.prerelease.length === 0) return base;
  const [label, num, ...rest] = v.prerelease;
  const n = num ?? 0;
  if (typeof label === 'string' && typeof n === 'number' && rest.length === 0) {
    const lower = label.toLowerCase();
    const pre = ownValue(PEP440_PRE, lower);
    if (pre) return `${base}${pre}${n}`;
    if (lower === 'dev') return `${base}.dev${n}`;
    if (lower === 'post') return `${base}.post${n}`;
  }
  throw new Error(
    `'${version}' has a prerelease PEP 440 cannot express for Python; use -alpha.N, -beta.N, -rc.N, -dev.N or -post.N.`,
  );
}

// The prerelease families a Windows installer can order, and the block of build numbers each takes.
const MSI_PRERELEASE_BLOCK: Record<string, number> = { alpha: 1, a: 1, beta: 2, b: 2, rc: 3, c: 3, pre: 3, preview: 3 };
const MSI_BLOCK_SIZE = 10000;

/**
 * The Windows installer (MSI) version of a release version, as Tauri's `bundle.windows.wix.version` takes
 * it: `major.minor.patch[.build]`, major and minor at most 255, patch and build at most 65535 (B8). The
 * semver version stays everywhere else (tauri.conf.json, Cargo.toml, tags, the other installers); only the
 * MSI gets this form. A numeric prerelease is the build number, as Tauri itself maps it (`1.2.0-7` →
 * `1.2.0.7`); a word prerelease takes its family's block of 10000 build numbers (`1.2.0-alpha.3` →
 * `1.2.0.10003`, `-beta.N` → `2000N`, `-rc.N` → `3000N`), so alpha < beta < rc in the fourth field.
 * Windows Installer compares only the first three fields and Tauri's WiX template allows same-version
 * upgrades, so `1.2.0` (MSI `1.2.0`) installs over `1.2.0-rc.2`. Throws with the reason when there is no
 * such form.
 */
export function msiVersion(version: string): string {
  const mapped = msiForm(version);
  if ('problem' in mapped) throw new Error(`'${version}' cannot be a Windows installer (MSI) version: ${mapped.problem}.`);
  return mapped.msi;
}

function msiForm(version: string): { msi: string } | { problem: string } {
  const v = semver.parse(version);
  if (v === null) return { problem: 'it is not a semver version' };
  const base = `${v.major}.${v.minor}.${v.patch}`;
  if (v.major > 255 || v.minor > 255 || v.patch > 65535) return { problem: 'major and minor go up to 255 and patch up to 65535' };
  const pre = v.prerelease;
  if (pre.length === 0) return { msi: base };
  if (pre.length === 1 && typeof pre[0] === 'number') {
    return pre[0] <= 65535 ? { msi: `${base}.${pre[0]}` } : { problem: 'a numeric prerelease goes up to 65535' };
  }
  const [label, num, ...rest] = pre;
  const n = num ?? 0;
  const block = typeof label === 'string' ? ownValue(MSI_PRERELEASE_BLOCK, label.toLowerCase()) : undefined;
  if (block !== undefined && typeof n === 'number' && n < MSI_BLOCK_SIZE && rest.length === 0) return { msi: `${base}.${block * MSI_BLOCK_SIZE + n}` };
  return { problem: `only -alpha.N, -beta.N and -rc.N prereleases (N below ${MSI_BLOCK_SIZE}) or a numeric one such as '${base}-1' can be ordered` };
}

/**
 * Why a Tauri app cannot carry this version, or undefined: its Windows installer needs the MSI form of
 * `msiVersion`, which release.yml hands to Tauri as `bundle.windows.wix.version`. Refused at the release PR,
 * where it is cheap, not at the Windows build (B8).
 */
export function tauriVersionProblem(version: string): string | undefined {
  const mapped = msiForm(version);
  return 'problem' in mapped ? `'${version}' cannot be a Tauri app version: in its Windows installer (MSI) version, ${mapped.problem}.` : undefined;
}

/**
 * The configuration release.yml merges into a Tauri app's own (`tauri build --config`) for a release
 * version: the MSI version of `msiVersion` as `bundle.windows.wix.version`. Other platforms ignore it.
 */
export function tauriReleaseConfig(version: string): Record<string, unknown> {
  return { bundle: { windows: { wix: { version: msiVersion(version) } } } };
}

/** True when `text` is a semver version compareVersions can order (build metadata allowed): what a manifest may carry. */
export function isComparableVersion(text: string): boolean {
  return semver.valid(text, { loose: false }) !== null;
}

/** Compares two release versions (semver precedence; build metadata ignored). */
export function compareVersions(a: string, b: string): number {
  return semver.compare(a, b);
}

/**
 * Why `lockstep bump` refuses a version, or undefined (B4). Besides strict semver, build metadata is refused
 * on purpose: semver precedence ignores it, npm drops it on publish, PyPI would need a local version (which
 * it refuses) and Go tags cannot carry it, so `1.2.3+a` and `1.2.3+b` would be the same release on some
 * registries and different ones on others.
 */
export function bumpVersionProblem(text: string): string | undefined {
  const parsed = text.trim() === text ? semver.parse(text, { loose: false }) : null;
  const build = parsed?.build ?? [];
  if (parsed !== null && build.length > 0 && releaseVersionProblem(text.split('+')[0]) === undefined) {
    return `'${text}' has build metadata (+${build.join('.')}): npm drops it, PyPI and Go tags refuse it and version order ignores it, so it cannot name a lockstep release. Release '${text.split('+')[0]}' (or a prerelease such as '${text.split('+')[0]}-rc.1') instead.`;
  }
  return releaseVersionProblem(text);
}

/**
 * The version text a site of this scheme carries for a release version (B8): PEP 440 for Python,
 * semver for everything else. Throws with the reason when the site's ecosystem cannot carry it.
 */
export function schemeVersion(scheme: SiteScheme, version: string): string {
  switch (scheme) {
    case 'pep440':
    case 'pep508':
      return toPep440(version);
    case 'tauri': {
      const problem = tauriVersionProblem(version);
      if (problem !== undefined) throw new Error(problem);
      return version;
    }
    case 'semver':
    case 'cargo-req':
    case 'npm-range':
      return version;
  }
}

/** A site's value split around the version it carries: `prefix + version + suffix` is the value. */
export interface VersionParts {
  readonly prefix: string;
  readonly version: string;
  readonly suffix: string;
}

// A semver version, possibly partial (`1`, `1.2`): a partial pin is widened to the full version.
const SEMVER_TEXT = String.raw`\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?`;
const CARGO_REQ = new RegExp(String.raw`^(\s*(?:\^|~|=|>=)?\s*)(${SEMVER_TEXT})(\s*)$`);
const NPM_RANGE = new RegExp(String.raw`^((?:workspace:|npm:(?:@[^/@\s]+/)?[^@\s]+@)?\s*(?:\^|~|=|>=)?\s*)(${SEMVER_TEXT})(\s*)$`);
const PEP508 = /^(\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?\s*\(?\s*(?:===|==|>=|~=)\s*)([0-9][0-9A-Za-z.!+_-]*)(\s*\)?\s*(?:;.*)?)$/s;
const PEP508_SPECIFIER = /^(\s*(?:===|==|>=|~=)\s*)([0-9][0-9A-Za-z.!+_-]*)(\s*)$/;

/**
 * Splits a site's value around the version it carries (B5): a version field is all version; a pin keeps
 * its operator and form (`^`, `~`, `=`, exact, `>=`, `workspace:`, a PEP 508 name, extras and marker).
 * Throws with the reason when the value is not a requirement on one version (`*`, `1.x`, a compound range),
 * since a lockstep pin must follow the one release version.
 */
export function versionPartsOf(scheme: SiteScheme, value: string): VersionParts {
  const single = (m: RegExpExecArray | null): VersionParts | undefined => (m ? { prefix: m[1], version: m[2], suffix: m[3] } : undefined);
  switch (scheme) {
    case 'semver':
    case 'pep440':
    case 'tauri':
      if (value === '') throw new Error('the version is empty');
      return { prefix: '', version: value, suffix: '' };
    case 'cargo-req':
      return single(CARGO_REQ.exec(value)) ?? pinProblem(value, '"1.2.3", "^1.2.3", "~1.2.3", "=1.2.3" or ">=1.2.3"');
    case 'npm-range':
      return single(NPM_RANGE.exec(value)) ?? pinProblem(value, '"1.2.3", "^1.2.3", "~1.2.3", ">=1.2.3" or "workspace:^1.2.3"');
    case 'pep508':
      return single(PEP508.exec(value)) ?? pinProblem(value, '"name==1.2.3", "name>=1.2.3" or "name~=1.2.3"');
  }
}

/** Splits a bare PEP 440 specifier (`>=1.2.3`, as uv.lock records it) around its version, or undefined. */
export function pep440SpecifierParts(specifier: string): VersionParts | undefined {
  const m = PEP508_SPECIFIER.exec(specifier);
  return m ? { prefix: m[1], version: m[2], suffix: m[3] } : undefined;
}

function pinProblem(value: string, forms: string): never {
  const compound = /,|\|\||\s-\s|\s[<>=^~]/.test(value.trim());
  throw new Error(
    compound
      ? `'${value}' is a compound requirement, which cannot follow one release version; use a single requirement such as ${forms}`
      : `'${value}' is not a requirement on one version; a lockstep pin must be one of ${forms}`,
  );
}

/** The value a site carries for `version`, keeping the site's operator and form (B5, B8). */
export function siteValueFor(scheme: SiteScheme, value: string, version: string): string {
  const parts = versionPartsOf(scheme, value);
  return `${parts.prefix}${schemeVersion(scheme, version)}${parts.suffix}`;
}

/**
 * Why a product cannot carry a version, or undefined (B8): a Tauri app's Windows MSI needs a numeric
 * prerelease, a Python package needs a PEP 440 form, and a Go module at major 2 or more needs `/vN` at the
 * end of its module path.
 */
export function productVersionProblem(product: ProductPlan, version: string): string | undefined {
  if (product.kind === ProductKind.TAURI_APP) return tauriVersionProblem(version);
  if (product.kind === ProductKind.MATURIN || product.registries.includes(Registry.PYPI)) {
    try {
      toPep440(version);
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (product.kind === ProductKind.GO_MODULE) {
    const module = product.packages.find((p) => p.registry === Registry.GO)?.name;
    if (module !== undefined) return goVersionProblem(module, version);
  }
  return undefined;
}

/**
 * Why a track cannot be released at a version its products cannot all carry, or undefined (B8): checked when
 * a release is decided, before anything is tagged, for a version that did not come through the release PR
 * (set by hand, or dispatched), as the release PR and `lockstep bump` check it.
 */
export function trackVersionProblem(track: TrackPlan, version: string): string | undefined {
  for (const product of track.products) {
    const reason = productVersionProblem(product, version);
    if (reason !== undefined) return `${product.name} cannot carry ${version}: ${reason}`;
  }
  return undefined;
}

/** Why a Go module cannot be released at a version, if it cannot. */
export function goVersionProblem(module: string, version: string): string | undefined {
  const v = semver.parse(version);
  if (v === null) return `'${version}' is not a semver version`;
  if (v.build.length > 0) return `Go module versions cannot carry build metadata ('+${v.build.join('.')}')`;
  const suffix = /\/v(\d+)$/.exec(module);
  if (v.major >= 2 && suffix?.[1] !== String(v.major)) {
    return `'${version}' needs the Go module ${module} to end in /v${v.major} (Go's semantic import versioning); rename the module in go.mod first, or stay below ${v.major}.0.0.`;
  }
  if (v.major < 2 && suffix && Number(suffix[1]) >= 2) return `module ${module} ends in /v${suffix[1]} but the version is ${version}`;
  return undefined;
}

