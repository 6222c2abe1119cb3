import { isTable, parseJson, readNpmManifest } from './manifests';
import { DeclaredNapiCli, declaredNapiCli } from './napi-targets';
import { TOOL_VERSIONS } from './pins';
import { GENERATOR_NAME } from './plan';
import { ReleasePlan } from './plan-types';
import { ProductKind } from './product';
import { RepoReader, joinRepoPath } from './repo';

/** An npm tool the generated workflows run with `npx --no-install` that a package.json does not declare. */
export interface MissingWorkflowTool {
  /** The package.json that should declare it. */
  readonly file: string;
  /** `name@version` to install as a devDependency (the pinned version). */
  readonly install: string;
  /** Which workflow step needs it. */
  readonly why: string;
}

/** Whether `file` (a package.json) declares `name` where `npm ci` installs it: its dependencies or devDependencies. */
export function declaresNpmPackage(repo: RepoReader, file: string, name: string): boolean {
  const text = repo.read(file);
  if (text === undefined) return false;
  const doc = parseJson(file, text);
  return ['dependencies', 'devDependencies'].some((t) => isTable(doc[t]) && typeof doc[t][name] === 'string');
}

/**
 * The workflows install the repository's npm dependencies (`npm ci`) and then run tools with
 * `npx --no-install`, which never fetches a package the lockfile does not pin: the `lockstep` CLI from
 * the root package.json, the napi-rs CLI of each napi product and the Tauri CLI of each Tauri app. Lists
 * each one a package.json does not declare, so synth can say so before a release run fails on it.
 */
export function missingWorkflowTools(plan: ReleasePlan, repo: RepoReader): MissingWorkflowTool[] {
  const missing: MissingWorkflowTool[] = [];
  if (!declaresNpmPackage(repo, 'package.json', GENERATOR_NAME)) {
    missing.push({ file: 'package.json', install: GENERATOR_NAME, why: 'every workflow runs the `lockstep` CLI' });
  }
  for (const p of plan.tracks.flatMap((t) => t.products)) {
    const file = joinRepoPath(p.path, 'package.json');
    if (p.kind === ProductKind.NAPI && !declaresNpmPackage(repo, file, '@napi-rs/cli')) {
      missing.push({ file, install: `@napi-rs/cli@${TOOL_VERSIONS.napiCli}`, why: `release.yml builds ${p.name} with \`napi build\`` });
    }
    if (p.kind === ProductKind.TAURI_APP && repo.read(file) !== undefined && !declaresNpmPackage(repo, file, '@tauri-apps/cli')) {
      missing.push({ file, install: `@tauri-apps/cli@${TOOL_VERSIONS.tauriCli}`, why: `ci.yml and release.yml build ${p.name} with \`tauri build\`` });
    }
  }
  return missing;
}

/** The napi-rs CLI majors whose commands release.yml and `lockstep publish` can run (the pin's major is the default). */
export const NAPI_CLI_MAJORS: readonly number[] = [2, 3];

/**
 * napi products whose package.json declares a napi-rs CLI major the release commands cannot drive: they
 * run v3's `napi create-npm-dirs` and `napi artifacts --output-dir`, or v2's `napi create-npm-dir -t .` and
 * `napi artifacts -d` (v2 also reads `napi.name`/`napi.triples` where v3 reads `binaryName`/`targets`), so
 * any other major would fail after the tags are pushed.
 */
export function unsupportedNapiClis(plan: ReleasePlan, repo: RepoReader): DeclaredNapiCli[] {
  return plan.tracks.flatMap((t) => t.products)
    .filter((p) => p.kind === ProductKind.NAPI && p.publish)
    .map((p) => {
      const file = joinRepoPath(p.path, 'package.json');
      const text = repo.read(file);
      return text === undefined ? undefined : declaredNapiCli(readNpmManifest(file, text));
    })
    .filter((d): d is DeclaredNapiCli => d !== undefined && !NAPI_CLI_MAJORS.includes(d.major));
}
