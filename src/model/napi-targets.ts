import minVersion from 'semver/ranges/min-version';
import { NpmManifest, isTable } from './manifests';

/**
 * Issue 17: which Rust targets a napi-rs package builds, as its own napi CLI major reads the package.json
 * `napi` config, so that the release builds one leg per platform package that CLI lays out, no more and no
 * fewer. The two majors read the legacy `triples` differently:
 *
 * 1. v3 reads `napi.targets`; only when that is empty does it read `triples`, and then takes its defaults
 *    only when `triples.defaults` is true (v3's four: both macOS, Windows x64, Linux x64 gnu).
 * 2. v2 reads only `triples`: its defaults unless `triples.defaults` is false (v2's three: macOS x64, Windows
 *    x64, Linux x64 gnu), plus `triples.additional`. A v2 package without `triples` builds those three.
 */

/** The targets napi-rs CLI v3 adds for `triples.defaults: true` (its `DEFAULT_TARGETS`). */
export const NAPI_V3_DEFAULT_TARGETS: readonly string[] = ['x86_64-apple-darwin', 'aarch64-apple-darwin', 'x86_64-pc-windows-msvc', 'x86_64-unknown-linux-gnu'];

/** The targets napi-rs CLI v2 builds unless `triples.defaults` is false (its `DefaultPlatforms`). */
export const NAPI_V2_DEFAULT_TARGETS: readonly string[] = ['x86_64-pc-windows-msvc', 'x86_64-apple-darwin', 'x86_64-unknown-linux-gnu'];

/** The napi-rs CLI a package.json declares. */
export interface DeclaredNapiCli {
  /** The package.json declaring it. */
  readonly file: string;
  /** Where in the file: `devDependencies` or `dependencies`. */
  readonly table: string;
  /** The declared range, as written. */
  readonly range: string;
  /** The major of the lowest version the range allows. */
  readonly major: number;
}

/**
 * The napi-rs CLI a napi product's package.json declares, when its range is a semver range (`^2.18.4` →
 * major 2). A range that is not one (`catalog:`, a git URL) cannot be read here: undefined, as when nothing
 * is declared (`missingWorkflowTools` names that), and the release runs the pinned major's commands.
 */
export function declaredNapiCli(npm: NpmManifest): DeclaredNapiCli | undefined {
  for (const table of ['devDependencies', 'dependencies']) {
    const dep = npm.dependencies.find((d) => d.keyPath[0] === table && d.name === '@napi-rs/cli');
    if (dep === undefined) continue;
    let lowest: string | undefined;
    try {
      lowest = minVersion(dep.range)?.version;
    } catch {
      lowest = undefined;
    }
    return lowest === undefined ? undefined : { file: npm.file, table, range: dep.range, major: Number(lowest.split('.')[0]) };
  }
  return undefined;
}

/** The napi-rs CLI major whose commands the release runs for a package.json: 2 when it declares v2, else 3 (the pinned one). */
export function napiCliMajorOf(npm: NpmManifest): 2 | 3 {
  return declaredNapiCli(npm)?.major === 2 ? 2 : 3;
}

/** The Rust targets of a package.json `napi` config, as napi-rs CLI `cliMajor` reads it (see the header). */
export function napiTargetsOf(napi: unknown, cliMajor: number): string[] {
  if (!isTable(napi)) return [];
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const triples = isTable(napi.triples) ? napi.triples : undefined;
  if (cliMajor === 2) {
    const defaults = triples?.defaults === false ? [] : NAPI_V2_DEFAULT_TARGETS;
    return [...new Set([...defaults, ...strings(triples?.additional)])];
  }
  const targets = strings(napi.targets);
  if (targets.length > 0) return [...new Set(targets)];
  return [...new Set([...(triples?.defaults === true ? NAPI_V3_DEFAULT_TARGETS : []), ...strings(triples?.additional)])];
}
