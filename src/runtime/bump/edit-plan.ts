import { lockfileTargets } from './lockfile-edits';
import { BumpProblem, EditTarget, FileChange, FileOutcome, Format, ParsedFile, ValueEdit, editFile, parseFile, problemOf } from './text-edits';
import { LockfilePlan, TrackPlan, VersionSite } from '../../model/plan-types';
import { joinRepoPath, RepoReader } from '../../model/repo';
import { productVersionProblem, siteValueFor } from '../../model/versions';

/** Every file of a track's bump, computed in memory; nothing is written yet. */
export interface EditPlan {
  /** One entry per manifest and lockfile of the track, in plan order; unchanged files have no edits. */
  readonly files: FileChange[];
  /** Everything that stops the bump, across all files (empty when the bump can go ahead). */
  readonly problems: BumpProblem[];
}

/**
 * Computes every edit of a bump to `version` before anything is written (B3): each manifest of the track
 * and each lockfile is read, parsed and edited in memory, and every problem in every file is collected, so
 * one run reports them all and a run with any problem writes nothing.
 */
export function planEdits(track: TrackPlan, version: string, repo: RepoReader): EditPlan {
  const problems: BumpProblem[] = productProblems(track, version);
  const files: FileChange[] = [];
  const byFile = new Map<string, VersionSite[]>();
  for (const site of track.sites) byFile.set(site.file, [...(byFile.get(site.file) ?? []), site]);
  const manifestEdits = new Map<string, ValueEdit[]>();
  for (const [file, sites] of byFile) {
    const outcome = editText(file, sites[0].format, repo, () => ({
      targets: sites.map((s) => ({ keyPath: s.keyPath, newValue: (current: string) => siteValueFor(s.scheme, current, version) })),
      problems: [],
    }));
    if (outcome.problems) {problems.push(...outcome.problems);} else {
      files.push(outcome.change);
      manifestEdits.set(file, outcome.change.edits);
    }
  }
  for (const lock of track.lockfiles) {
    const outcome = editText(lock.file, formatOf(lock), repo, (parsed) => lockfileTargets(parsed.doc, { lock, version, manifestEdits }));
    if (outcome.problems) problems.push(...outcome.problems);
    else files.push(outcome.change);
  }
  return { files, problems: dedupe(problems) };
}

function formatOf(lock: LockfilePlan): Format {
  return lock.tool === 'npm' ? 'json' : 'toml';
}

type TargetsOf = (parsed: ParsedFile) => { targets: EditTarget[]; problems: BumpProblem[] };

function editText(file: string, format: Format, repo: RepoReader, targetsOf: TargetsOf): FileOutcome {
  let text: string | undefined;
  try {
    text = repo.read(file);
  } catch (e) {
    return { problems: [problemOf(e)] };
  }
  if (text === undefined) return { problems: [{ file, reason: 'is in the release plan but does not exist; run `npx projen` to regenerate the plan.' }] };
  let parsed: ParsedFile;
  try {
    parsed = parseFile(file, format, text);
  } catch (e) {
    return { problems: [problemOf(e)] };
  }
  const { targets, problems } = targetsOf(parsed);
  const outcome = editFile(parsed, targets);
  if (outcome.problems || problems.length > 0) return { problems: [...problems, ...(outcome.problems ?? [])] };
  return outcome;
}

/**
 * Versions a product cannot carry (B8), reported against its first manifest; a product whose own version
 * site already enforces the rule (a tauri.conf.json version, a pyproject version) is reported at that line.
 */
function productProblems(track: TrackPlan, version: string): BumpProblem[] {
  const enforced = new Set(track.sites.filter((s) => s.scheme === 'tauri' || s.scheme === 'pep440').flatMap((s) => s.products));
  return track.products.flatMap((p) => {
    const reason = enforced.has(p.name) ? undefined : productVersionProblem(p, version);
    const file = p.manifests[0] ?? (p.kind === 'go-module' ? joinRepoPath(p.path, 'go.mod') : p.path);
    return reason === undefined ? [] : [{ file, reason: `${p.name} (${p.kind}): ${reason}` }];
  });
}

function dedupe(problems: BumpProblem[]): BumpProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = JSON.stringify([p.file, p.line, p.reason]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
