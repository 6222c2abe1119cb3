import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { AFFECTED_RULES_ENV, CI_JOBS_OUTPUT, CI_MATRIX_JOBS, CI_SETTINGS_ENV, CiSettings, ReleasePlan, cellCount, ciMatrices, githubMatrix, matrixOutputOf } from '../../model';
import { AffectedRules } from '../affected/affected';
import { Detection, GitRunner, detectAffected, detectListed } from '../affected/detect';
import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { commitShaFrom, revisionFrom } from '../git-args';
import { Markdown, annotate, appendStepSummary, jsonText, logValue, md, mdLines, setStepOutputs } from '../output';
import { loadPlan } from '../plan-loader';

const USAGE = 'usage: lockstep affected [--base REF | --files-from FILE] [--json] [--plan FILE]';

/**
 * `lockstep affected [--base REF | --files-from FILE] [--json] [--plan FILE]`: which products a change
 * affects and, for each, the first changed file that made it run. In GitHub Actions it reads the event
 * from the runner's environment (`BASE_SHA` is the commit to compare with: the pull request's or merge
 * group's base, or the commit before a push) and writes `products` (a JSON list), `all` and `kinds` to
 * `$GITHUB_OUTPUT`, and the explanation to the job summary. `--files-from` names a file listing the
 * changed paths (one per line, or NUL-separated as `git diff -z` writes them) instead of asking git.
 */
export const affectedCommand: Command = {
  summary: 'list the products a change affects (CI change detection; writes products=, all= and kinds= to $GITHUB_OUTPUT)',
  usage: USAGE,
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['base', 'plan', 'files-from'], flags: ['json'] });
    if (args.options.base !== undefined && args.options['files-from'] !== undefined) throw new CliError(`give --base or --files-from, not both; ${USAGE}`, 2);
    const plan = loadPlan(ctx.cwd, args.options.plan);
    const rules = rulesFrom(ctx.env[AFFECTED_RULES_ENV]);
    const listed = args.options['files-from'];
    const event = {
      eventName: ctx.env.GITHUB_EVENT_NAME || undefined,
      headRef: ctx.env.GITHUB_HEAD_REF || undefined,
      base: baseOf(args.options.base, ctx.env.BASE_SHA),
    };
    const detection = listed === undefined
      ? detectAffected(plan, event, rules, gitIn(ctx.cwd))
      : detectListed(plan, readFileList(ctx.cwd, listed), rules);
    const kinds = [...new Set(plan.tracks.flatMap((t) => t.products).filter((p) => detection.products.includes(p.name)).map((p) => p.kind))].sort();
    if (detection.warning) annotate(ctx, 'warning', detection.warning);
    if (args.flags.has('json')) {
      const { all, products, causes, changed, everything } = detection;
      ctx.stdout(`${jsonText({ all, products, kinds, changed, causes, ...(everything ? { everything } : {}) })}\n`);
    }
    const matrices = matrixOutputs(plan, settingsFrom(ctx.env[CI_SETTINGS_ENV]), detection.products);
    if (!args.flags.has('json')) ctx.stdout(`${[...report(detection), ...matrices.lines].join('\n')}\n`);
    const outputs = { products: JSON.stringify(detection.products), all: String(detection.all), kinds: JSON.stringify(kinds) };
    setStepOutputs(ctx, { ...outputs, ...matrices.outputs });
    appendStepSummary(ctx, summaryOf(detection));
    return 0;
  },
};

/** The matrix outputs of `lockstep affected`, and a line per job with cells for its log. */
export interface MatrixOutputs {
  readonly outputs: Record<string, string>;
  readonly lines: string[];
}

/**
 * ci.yml's matrices for the affected products: `jobs` lists the matrix jobs that have cells, and each
 * job's `<job>-matrix` output is its GitHub matrix (empty when it has none: the job's `if:` skips it).
 */
export function matrixOutputs(plan: ReleasePlan, settings: CiSettings, products: readonly string[]): MatrixOutputs {
  const groups = ciMatrices(plan, settings, products);
  const jobs = CI_MATRIX_JOBS.filter((j) => groups[j] !== undefined);
  const outputs: Record<string, string> = { [CI_JOBS_OUTPUT]: JSON.stringify(jobs) };
  for (const job of CI_MATRIX_JOBS) outputs[matrixOutputOf(job)] = groups[job] ? JSON.stringify(githubMatrix(job, groups[job])) : '';
  const lines = jobs.map((j) => `ci.yml job ${j}: ${groups[j]!.length} group(s), ${cellCount(groups[j]!)} cell(s)`);
  return { outputs, lines };
}

/**
 * The commit to compare with: `--base` (a revision given by hand), else `BASE_SHA` from the event, which
 * must be a commit SHA; a value git could read as an option never reaches it.
 */
function baseOf(option: string | undefined, env: string | undefined): string | undefined {
  if (option !== undefined) return revisionFrom(option, '--base');
  return env === undefined || env.trim() === '' ? undefined : commitShaFrom(env, 'BASE_SHA');
}

/** Why a product runs, in our own words around the file and product names (which come from the repository). */
interface CauseText {
  readonly product: string;
  readonly file: string;
  readonly how: string;
}

function causesOf(d: Detection): CauseText[] {
  return d.products.map((product) => {
    const c = d.causes[product];
    return { product, file: c.file, how: c.rule ? c.rule : c.through ? `an input of ${c.through}, which ${product} reads` : '' };
  });
}

/** The first line: what runs, and why every product does when the change set is not looked at. */
function headline(d: Detection): string {
  if (d.everything !== undefined) return `affected: every product (${logValue(d.everything)})`;
  return `affected: ${d.products.length > 0 ? `${d.products.length} product(s) of ${d.changed.length} changed file(s)` : 'none'}${d.all ? ' (all)' : ''}`;
}

/**
 * The explanation, one line per product run: the first changed file that made it run, and the product
 * whose input it is when the product runs because it reads that product's inputs. Names and files come
 * from the repository, so each is a log value after our own words.
 */
function report(d: Detection): string[] {
  if (d.everything !== undefined) return [headline(d), ...d.products.map((p) => `  ${logValue(p)}`)];
  const lines = causesOf(d).map((c) => `  ${logValue(c.product)}: ${logValue(c.file)}${c.how ? ` (${logValue(c.how)})` : ''}`);
  return d.products.length > 0 || d.changed.length === 0 ? [headline(d), ...lines] : [headline(d), `  (no product reads any of the ${d.changed.length} changed file(s))`];
}

function summaryOf(d: Detection): Markdown {
  return mdLines([
    Markdown.own('### Affected products'),
    Markdown.own(''),
    md`${headline(d)}`,
    Markdown.own(''),
    ...(d.everything !== undefined
      ? d.products.map((p) => md`- ${p}`)
      : causesOf(d).map((c) => (c.how ? md`- ${c.product}: ${c.file} (${c.how})` : md`- ${c.product}: ${c.file}`))),
  ]);
}

/** Reads a list of changed paths: NUL-separated when it holds a NUL, else one per line. */
function readFileList(cwd: string, file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new CliError(`--files-from ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give a file listing the changed paths.`, 2);
  }
  return text.split(text.includes('\0') ? '\0' : /\r?\n/).filter((f) => f !== '');
}

/** The JSON ci.yml passes in `name` (undefined when unset or blank); invalid JSON is the workflow's mistake. */
function ciJson(name: string, text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`${name} is not valid JSON (${(e as Error).message}); regenerate ci.yml with \`npx projen\`.`, 2);
  }
}

/** Parses the rules JSON; an invalid value is the workflow's mistake and stops the job. */
function rulesFrom(text: string | undefined): AffectedRules {
  const value = ciJson(AFFECTED_RULES_ENV, text);
  if (value === undefined) return {};
  const list = (key: string): string[] | undefined => {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
      throw new CliError(`${AFFECTED_RULES_ENV}.${key} must be a list of path patterns; regenerate ci.yml with \`npx projen\`.`, 2);
    }
    return v;
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError(`${AFFECTED_RULES_ENV} must be a JSON object with sharedPaths and ignorePaths; regenerate ci.yml with \`npx projen\`.`, 2);
  }
  return { sharedPaths: list('sharedPaths'), ignorePaths: list('ignorePaths') };
}

/** Parses the per-product CI settings ci.yml passes (none: every product gets its kind's defaults). */
function settingsFrom(text: string | undefined): CiSettings {
  const value = ciJson(CI_SETTINGS_ENV, text);
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.values(value).every((v) => typeof v === 'object' && v !== null && !Array.isArray(v))) {
    throw new CliError(`${CI_SETTINGS_ENV} must be a JSON object of CI settings per product; regenerate ci.yml with \`npx projen\`.`, 2);
  }
  return value as CiSettings;
}

function gitIn(cwd: string): GitRunner {
  return (args) => execFileSync('git', [...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}
