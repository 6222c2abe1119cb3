import { LockstepConfigError, ManifestError, ReleasePlan, RepoReader, buildPlan, optionsOfRecord, planConfigOf, projenrcDigests } from '../../model';

/** Why the committed plan and generated files are out of step with `.projenrc.ts` or the manifests. */
export interface Drift {
  /** One line per difference, naming the file or the plan field. */
  readonly problems: string[];
}

/** How many differing plan fields are listed before the rest are counted. */
const SHOWN_DIFFERENCES = 8;

/**
 * Checks the committed plan against what the repository gives now, without running `.projenrc.ts`:
 * - each projenrc source must be the one the files were generated from (its digest is in the plan), or
 *   the workflows may no longer say what `.projenrc.ts` says;
 * - the plan rebuilt from its recorded options and the checkout's manifests must equal the committed one:
 *   a manifest change that moves a version site or a dependency (which decides what CI runs) shows here.
 */
export function findDrift(plan: ReleasePlan, repo: RepoReader): Drift {
  if (plan.source === undefined) return { problems: [`${plan.planFile} does not record what it was generated from`] };
  const problems = projenrcProblems(plan.source.projenrc, projenrcDigests(repo));
  let rebuilt: ReleasePlan;
  try {
    rebuilt = buildPlan(planConfigOf(optionsOfRecord(plan.source.options), repo, plan.generator.version), repo);
  } catch (e) {
    if (!(e instanceof LockstepConfigError || e instanceof ManifestError)) throw e;
    return { problems: [...problems, `the repository no longer fits the plan: ${e.message}`] };
  }
  const differences = jsonDifferences(withoutSource(plan), withoutSource(rebuilt), '');
  problems.push(...differences.slice(0, SHOWN_DIFFERENCES).map((d) => `${plan.planFile}: ${d}`));
  if (differences.length > SHOWN_DIFFERENCES) problems.push(`${plan.planFile}: and ${differences.length - SHOWN_DIFFERENCES} more difference(s)`);
  return { problems };
}

function projenrcProblems(recorded: Record<string, string>, now: Record<string, string>): string[] {
  const files = [...new Set([...Object.keys(recorded), ...Object.keys(now)])].sort();
  return files.flatMap((f) => {
    if (recorded[f] === now[f]) return [];
    if (recorded[f] === undefined) return [`${f} was added after the files were generated`];
    if (now[f] === undefined) return [`${f} was removed after the files were generated`];
    return [`${f} changed after the files were generated`];
  });
}

/** The plan without what is not rebuilt from the manifests (its source record and projen's marker). */
function withoutSource(plan: ReleasePlan): unknown {
  const { source: _source, ...rest } = plan as ReleasePlan & { '//'?: string };
  delete (rest as Record<string, unknown>)['//'];
  return rest;
}

/** Paths at which two JSON values differ, each with both values (shortened), in document order. */
function jsonDifferences(committed: unknown, rebuilt: unknown, at: string): string[] {
  if (JSON.stringify(committed) === JSON.stringify(rebuilt)) return [];
  const objects = isContainer(committed) && isContainer(rebuilt) && Array.isArray(committed) === Array.isArray(rebuilt) && !isFlatList(committed);
  if (!objects) return [`${at || '(the whole plan)'} is ${short(committed)} but the repository now gives ${short(rebuilt)}`];
  const a = committed as Record<string, unknown>;
  const b = rebuilt as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.flatMap((k) => jsonDifferences(a[k], b[k], `${at}${labelOf(a, k)}`));
}

/** `.key`, or `[i]` for an array, or `[name]` for an element that has a name (products, tracks). */
function labelOf(container: Record<string, unknown>, key: string): string {
  if (!Array.isArray(container)) return keyLabel(key);
  const item = container[Number(key)] as { name?: unknown; file?: unknown } | undefined;
  const name = typeof item?.name === 'string' ? item.name : undefined;
  return name === undefined ? `[${key}]` : `[${name}]`;
}

function keyLabel(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** A list of plain values (names, paths) reads best whole. */
function isFlatList(v: unknown): boolean {
  return Array.isArray(v) && v.every((x) => !isContainer(x));
}

function isContainer(v: unknown): v is object {
  return typeof v === 'object' && v !== null;
}

function short(v: unknown): string {
  const text = v === undefined ? 'absent' : JSON.stringify(v);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
