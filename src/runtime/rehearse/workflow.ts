import { parse } from 'yaml';
import { CliError } from '../cli-error';
import { logQuoted } from '../output';

/**
 * The parts of a workflow file the rehearsal runs, read from the file itself (never from the model), so
 * the rehearsal runs what GitHub would run.
 */
export interface WorkflowStep {
  readonly id?: string;
  readonly name: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
  readonly if?: string | boolean;
  readonly continueOnError: boolean;
  readonly workingDirectory?: string;
}

/** One job of the workflow. */
export interface WorkflowJob {
  readonly id: string;
  /** The `name:` template (may hold `${{ matrix.* }}`), or the id. */
  readonly name: string;
  readonly needs: readonly string[];
  readonly if?: string | boolean;
  readonly env: Readonly<Record<string, string>>;
  readonly workingDirectory?: string;
  /**
   * The matrix as the file writes it, or undefined without one. Its combinations may depend on what earlier
   * jobs computed (`${{ fromJSON(needs.plan.outputs.…) }}`): matrixCombos works them out when the job starts.
   */
  readonly matrix?: Readonly<Record<string, unknown>> | string;
  readonly outputs: Readonly<Record<string, string>>;
  readonly environment?: string;
  readonly steps: readonly WorkflowStep[];
}

/** A workflow's jobs in the order they may run: each after every job it needs, otherwise in file order. */
export interface Workflow {
  readonly name: string;
  readonly env: Readonly<Record<string, string>>;
  readonly jobs: readonly WorkflowJob[];
}

type Yaml = Record<string, unknown>;

function strings(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  return Object.fromEntries(Object.entries(value as Yaml).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** A `${{ … }}` value: the expression inside, or undefined for a literal. */
function expressionOf(value: unknown): string | undefined {
  const m = typeof value === 'string' ? /^\$\{\{([\s\S]*)\}\}$/.exec(value.trim()) : null;
  return m ? m[1].trim() : undefined;
}

/**
 * A matrix's combinations: `include` entries, or the product of the axes, then the `include` entries. A
 * computed part (the whole matrix, an axis or `include` as `${{ fromJSON(…) }}`, issue 20) is evaluated
 * with `evaluate`, as GitHub does when the job starts, after the jobs it needs.
 */
export function matrixCombos(
  matrix: Readonly<Record<string, unknown>> | string, evaluate: (expression: string) => unknown,
): Array<Record<string, string>> {
  const value = (v: unknown): unknown => {
    const expr = expressionOf(v);
    return expr === undefined ? v : evaluate(expr);
  };
  const m = value(matrix) as Yaml;
  if (m === null || typeof m !== 'object' || Array.isArray(m)) throw new CliError(`the matrix ${JSON.stringify(matrix)} is not a mapping of axes`);
  const axes = Object.entries(m).filter(([k]) => k !== 'include' && k !== 'exclude').map(([k, v]) => [k, value(v)] as const);
  let combos: Array<Record<string, string>> = [{}];
  for (const [key, values] of axes) {
    if (!Array.isArray(values)) throw new CliError(`the matrix axis ${key} is not a list`);
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: typeof v === 'string' ? v : JSON.stringify(v) })));
  }
  if (axes.length === 0) combos = [];
  const include = value(m.include ?? []);
  if (!Array.isArray(include)) throw new CliError(`the matrix's include ${JSON.stringify(m.include)} is not a list`);
  return [...combos, ...include.map((e) => strings(e))];
}

function stepOf(raw: Yaml, index: number, job: string, file: string): WorkflowStep {
  const uses = raw.uses as string | undefined;
  const run = raw.run as string | undefined;
  if ((uses === undefined) === (run === undefined)) throw new CliError(`${file}: step ${index + 1} of job ${logQuoted(job)} has neither or both of uses: and run:`);
  return {
    id: raw.id as string | undefined,
    name: (raw.name as string | undefined) ?? (uses ?? run!.split('\n')[0]),
    uses,
    run,
    with: strings(raw.with),
    env: strings(raw.env),
    if: raw.if as string | boolean | undefined,
    continueOnError: raw['continue-on-error'] === true,
    workingDirectory: raw['working-directory'] as string | undefined,
  };
}

/** Parses a workflow's text; `file` names it in messages. */
export function parseWorkflow(text: string, file: string): Workflow {
  let doc: Yaml;
  try {
    doc = parse(text) as Yaml;
  } catch (e) {
    throw new CliError(`${file}: not a YAML workflow (${(e as Error).message})`);
  }
  const rawJobs = doc?.jobs as Record<string, Yaml> | undefined;
  if (rawJobs === undefined || typeof rawJobs !== 'object') throw new CliError(`${file}: no jobs: run \`npx projen\` to generate the release workflow`);
  const jobs = Object.entries(rawJobs).map(([id, raw]): WorkflowJob => {
    const needs = raw.needs === undefined ? [] : Array.isArray(raw.needs) ? raw.needs as string[] : [raw.needs as string];
    const defaults = (raw.defaults as Yaml | undefined)?.run as Yaml | undefined;
    const environment = raw.environment;
    return {
      id,
      name: (raw.name as string | undefined) ?? id,
      needs,
      if: raw.if as string | boolean | undefined,
      env: strings(raw.env),
      workingDirectory: defaults?.['working-directory'] as string | undefined,
      matrix: (raw.strategy as Yaml | undefined)?.matrix as Yaml | string | undefined,
      outputs: strings(raw.outputs),
      environment: typeof environment === 'string' ? environment : (environment as Yaml | undefined)?.name as string | undefined,
      steps: ((raw.steps as Yaml[] | undefined) ?? []).map((s, i) => stepOf(s, i, id, file)),
    };
  });
  return { name: String(doc.name ?? file), env: strings(doc.env), jobs: inNeedsOrder(jobs, file) };
}

function inNeedsOrder(jobs: WorkflowJob[], file: string): WorkflowJob[] {
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const done = new Set<string>();
  const out: WorkflowJob[] = [];
  const visit = (job: WorkflowJob, path: string[]): void => {
    if (done.has(job.id)) return;
    if (path.includes(job.id)) throw new CliError(`${file}: the jobs ${[...path, job.id].join(' → ')} need each other in a cycle`);
    for (const need of job.needs) {
      const needed = byId.get(need);
      if (needed === undefined) throw new CliError(`${file}: job ${logQuoted(job.id)} needs ${logQuoted(need)}, which is not a job of the workflow`);
      visit(needed, [...path, job.id]);
    }
    done.add(job.id);
    out.push(job);
  };
  for (const job of jobs) visit(job, []);
  return out;
}
