import * as semver from 'semver';

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
  return typeof first === 'string' && /^[a-z][a-z0-9-]*$/i.test(first) && first !== 'latest' ? first.toLowerCase() : 'next';
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
    if (PEP440_PRE[lower]) return `${base}${PEP440_PRE[lower]}${n}`;
    if (lower === 'dev') return `${base}.dev${n}`;
    if (lower === 'post') return `${base}.post${n}`;
  }
  throw new Error(
    `'${version}' has a prerelease PEP 440 cannot express for Python; use -alpha.N, -beta.N, -rc.N, -dev.N or -post.N.`,
  );
}

/**
 * Why a Tauri app cannot carry this version, or undefined. A Windows MSI (WiX) needs a numeric-only
 * prerelease (`1.2.0-3`), so `1.2.0-rc.1` fails the Windows build at release time; refusing it at the
 * release PR is cheaper (B8).
 */
export function tauriVersionProblem(version: string): string | undefined {
  const pre = prereleaseOf(version);
  if (pre.length === 0 || (pre.length === 1 && typeof pre[0] === 'number' && pre[0] <= 65535)) return undefined;
  return `'${version}' cannot be a Tauri app version: its Windows MSI accepts only a numeric prerelease up to 65535 (such as '${semver.major(version)}.${semver.minor(version)}.${semver.patch(version)}-1'). Choose such a version, or release the Tauri app on another track.`;
}

/** Compares two release versions (semver precedence; build metadata ignored). */
export function compareVersions(a: string, b: string): number {
  return semver.compare(a, b);
}
