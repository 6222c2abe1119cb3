import { isTable, parseJson } from './manifests';
import { TOOL_VERSIONS } from './pins';
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

function declares(repo: RepoReader, file: string, name: string): boolean {
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
  if (!declares(repo, 'package.json', 'projen-lockstep-release')) {
    missing.push({ file: 'package.json', install: 'projen-lockstep-release', why: 'every workflow runs the `lockstep` CLI' });
  }
  for (const p of plan.tracks.flatMap((t) => t.products)) {
    const file = joinRepoPath(p.path, 'package.json');
    if (p.kind === ProductKind.NAPI && !declares(repo, file, '@napi-rs/cli')) {
      missing.push({ file, install: `@napi-rs/cli@${TOOL_VERSIONS.napiCli}`, why: `release.yml builds ${p.name} with \`napi build\`` });
    }
    if (p.kind === ProductKind.TAURI_APP && repo.read(file) !== undefined && !declares(repo, file, '@tauri-apps/cli')) {
      missing.push({ file, install: `@tauri-apps/cli@${TOOL_VERSIONS.tauriCli}`, why: `ci.yml and release.yml build ${p.name} with \`tauri build\`` });
    }
  }
  return missing;
}
