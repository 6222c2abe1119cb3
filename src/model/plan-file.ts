/**
 * Reading the plan file: all a release-time command needs of the model to find its track. Kept apart from
 * the plan builder so that `lockstep bump` does not load the code that builds plans at synth.
 */
import { planProblems } from './plan-check';
import { PLAN_SCHEMA_VERSION, ReleasePlan, TrackPlan } from './plan-types';

/** Default location of the plan file in the consuming repository. */
export const DEFAULT_PLAN_FILE = '.lockstep/release-plan.json';

/** Parses and checks a plan file's text; refuses a schema this library does not know. */
export function readPlan(text: string, file = 'release plan'): ReleasePlan {
  let plan: ReleasePlan;
  try {
    plan = JSON.parse(text) as ReleasePlan;
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message}). Regenerate it with \`npx projen\`.`);
  }
  if (typeof plan !== 'object' || plan === null || plan.schemaVersion !== PLAN_SCHEMA_VERSION) {
    throw new Error(
      `${file}: plan schema version expected ${PLAN_SCHEMA_VERSION}, got ${String((plan as { schemaVersion?: unknown })?.schemaVersion)}. ` +
        'Regenerate it with `npx projen` using the same projen-lockstep-release version as the workflows.',
    );
  }
  if (!Array.isArray(plan.tracks) || plan.tracks.length === 0) throw new Error(`${file}: the plan has no tracks. Regenerate it with \`npx projen\`.`);
  // The plan file is a repository file a pull request can edit: its paths and names are checked again here.
  const problems = planProblems(plan);
  if (problems.length > 0) {
    throw new Error(`${file}: the plan names what no release may use:\n  ${problems.join('\n  ')}\nA plan names only files inside the repository and names its tools accept; regenerate it with \`npx projen\`.`);
  }
  return plan;
}

/** The one track of a plan, or the named one. */
export function trackOf(plan: ReleasePlan, name?: string): TrackPlan {
  const track = name === undefined ? plan.tracks[0] : plan.tracks.find((t) => t.name === name);
  if (track === undefined) {
    throw new Error(`no track named '${name}' in the plan; tracks: ${plan.tracks.map((t) => t.name).join(', ')}`);
  }
  return track;
}
