import type { KeyPath } from '../../model/manifests';
import type { TrackPlan } from '../../model/plan-types';
import { RepoReader, dirOf } from '../../model/repo';
import { bumpVersionProblem, compareVersions, npmDistTag } from '../../model/versions';
import { CliError } from '../cli-error';
import { writeFilesAtomically } from './atomic-write';
import { currentVersion } from './current-version';
import { EditPlan, planEdits } from './edit-plan';
import { problemsIntroduced } from './lock-consistency';
import { ToolCheck, ToolRunner, checkCargoLockfiles } from './lockfile-tools';
import { BumpProblem, FileChange, formatProblem } from './text-edits';

/** What the maintainer asked for. */
export interface BumpRequest {
  readonly version: string;
  readonly dryRun: boolean;
  /** Re-apply the current version (then only files that disagree change). */
  readonly allowSame: boolean;
  /** Move to a lower version. */
  readonly allowDowngrade: boolean;
}

/** What the bump touches besides the plan: the repository on disk and the real lockfile tools. */
export interface BumpDeps {
  readonly root: string;
  readonly repo: RepoReader;
  readonly runTool: ToolRunner;
}

/** The outcome of a bump, as `--json` prints it. */
export interface BumpResult {
  readonly track: string;
  /** The version before the bump (the version source's value). */
  readonly from: string;
  readonly to: string;
  /** The npm dist-tag the publish side uses for this version. */
  readonly npmDistTag: string;
  readonly dryRun: boolean;
  /** Repository-relative files the bump changed (or would change): exactly what the release commit adds (B7). */
  readonly changedFiles: string[];
  readonly edits: Array<{ readonly file: string; readonly line: number; readonly keyPath: KeyPath; readonly from: string; readonly to: string }>;
  readonly lockfileTools: ToolCheck[];
  /** Lockfiles that resolve a product from its registry at a version the new pins exclude: refresh them once it is published. */
  readonly lockfileNotes: BumpProblem[];
}

/**
 * Bumps one track (B1–B8): checks the version, computes and proves every edit in memory, and only then
 * writes the changed files atomically; a second run with the same version finds nothing to change, writes
 * nothing and succeeds (files that disagree with it need `allowSame`). Any problem is a CliError listing
 * every file, line and reason.
 */
export async function runBump(track: TrackPlan, request: BumpRequest, deps: BumpDeps): Promise<{ result: BumpResult; edits: EditPlan }> {
  const versionProblem = bumpVersionProblem(request.version);
  if (versionProblem !== undefined) throw new CliError(`${versionProblem}.`, 2);
  const { from, same } = checkDirection(track, request, deps.repo);
  const edits = planEdits(track, request.version, deps.repo);
  if (edits.problems.length > 0) {
    throw new CliError(
      `cannot bump track '${track.name}' to ${request.version}; no file was changed:\n${edits.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
    );
  }
  const changed = edits.files.filter((f) => f.after !== f.before);
  if (same && !request.allowSame && changed.length > 0) {
    // Seed 000: running the bump twice with one version is a no-op; only files that disagree need the flag.
    throw new CliError(
      `track '${track.name}' is already at ${from}, but ${changed.length} file(s) disagree (${changed.map((f) => f.file).join(', ')}); ` +
        'pass --allow-same to re-apply the version to them.',
    );
  }
  const lockfileNotes = checkLockfiles(track, request.version, changed, deps.repo);
  let lockfileTools: ToolCheck[] = [];
  if (!request.dryRun && changed.length > 0) {
    writeFilesAtomically(deps.root, changed.map((f) => ({ file: f.file, text: f.after })), new Map(changed.map((f) => [f.file, f.before])));
    const cargoLocks = track.lockfiles.filter((l) => l.tool === 'cargo' && changed.some((f) => f.file === l.file)).map((l) => l.file);
    lockfileTools = await checkCargoLockfiles(deps.root, cargoLocks, deps.runTool);
    restoreOnToolFailure(deps.root, changed, lockfileTools);
  }
  const result: BumpResult = {
    track: track.name,
    from,
    to: request.version,
    npmDistTag: npmDistTag(request.version),
    dryRun: request.dryRun,
    changedFiles: changed.map((f) => f.file),
    edits: changed.flatMap((f) => f.edits.map((e) => ({ file: f.file, line: e.line, keyPath: e.keyPath, from: e.oldValue, to: e.newValue }))),
    lockfileTools,
    lockfileNotes,
  };
  return { result, edits };
}

/**
 * Lockfiles must still satisfy their package managers after the bump (cargo --locked, npm ci), checked
 * before anything is written and without the tools: a problem the bump would cause stops it. One that only
 * publishing can settle (a product resolved from its registry at the version before) is returned as a note.
 */
function checkLockfiles(track: TrackPlan, version: string, changed: readonly FileChange[], repo: RepoReader): BumpProblem[] {
  const introduced = problemsIntroduced(track, changed, repo);
  const blocking = introduced.filter((p) => !p.awaitsPublish);
  if (blocking.length > 0) {
    throw new CliError(
      `cannot bump track '${track.name}' to ${version}: its lockfiles would no longer match their manifests, so their package managers would refuse them; no file was changed:\n` +
        blocking.map((p) => `  ${formatProblem(p)}`).join('\n'),
    );
  }
  return introduced.map(({ file, reason }) => ({ file, reason }));
}

/**
 * Versions move forward (B4, T7): a lower version needs its flag. Returns the current version, and whether
 * the request is that same version (then the bump changes nothing, or needs --allow-same to fix files).
 */
function checkDirection(track: TrackPlan, request: BumpRequest, repo: RepoReader): { from: string; same: boolean } {
  const current = currentVersion(track, repo);
  if ('reason' in current) throw new CliError(formatProblem(current));
  const at = `${current.file}${current.line === undefined ? '' : `:${current.line}`} ${current.keyPath}`;
  if (!current.valid) {
    if (request.allowDowngrade) return { from: current.value, same: false };
    throw new CliError(`the current version '${current.value}' (${at}) is not a semver version, so an upgrade cannot be told from a downgrade; fix it, or pass --allow-downgrade to bump anyway.`);
  }
  const order = compareVersions(request.version, current.value);
  if (order < 0 && !request.allowDowngrade) {
    throw new CliError(`${request.version} is lower than the current version ${current.value} (${at}); versions only move forward. Pass --allow-downgrade if you mean it.`);
  }
  return { from: current.value, same: order === 0 };
}

/**
 * When cargo refused a workspace for a reason other than being offline, the bump does not stand: every
 * file it wrote gets its old text back (cargo writes a lockfile only when it succeeds), and cargo's own
 * message is the error.
 */
function restoreOnToolFailure(root: string, changed: readonly FileChange[], checks: readonly ToolCheck[]): void {
  const failed = checks.filter((c) => c.outcome === 'failed');
  if (failed.length === 0) return;
  writeFilesAtomically(root, changed.map((f) => ({ file: f.file, text: f.before })), new Map(changed.map((f) => [f.file, f.after])));
  const messages = failed.map((c) => `cargo update --workspace --offline in ${dirOf(c.file)} failed:\n${c.detail}`).join('\n\n');
  throw new CliError(`${messages}\n\nThe bump did not stand: all ${changed.length} file(s) it wrote were restored. Fix what cargo reports, then bump again.`);
}
