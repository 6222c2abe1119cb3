import { execFileSync } from 'child_process';
import { AFFECTED_RULES_ENV } from '../../model';
import { AffectedRules } from '../affected/affected';
import { Detection, GitRunner, detectAffected } from '../affected/detect';
import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { commitShaFrom, revisionFrom } from '../git-args';
import { Markdown, annotate, appendStepSummary, jsonText, logValue, md, mdJoin, mdLines, setStepOutputs } from '../output';
import { loadPlan } from '../plan-loader';

/** Environment variable holding the change-detection rules as JSON (`sharedPaths`, `ignorePaths`). */

/**
 * `lockstep affected [--base REF] [--json] [--plan FILE]`: which products a change affects. In GitHub
 * Actions it reads the event from the runner's environment (`BASE_SHA` is the commit to compare with) and
 * writes `products` (a JSON list), `all` and `kinds` to `$GITHUB_OUTPUT`, and the reasons to the job summary.
 */
export const affectedCommand: Command = {
  summary: 'list the products a change affects (CI change detection; writes products=, all= and kinds= to $GITHUB_OUTPUT)',
  usage: 'usage: lockstep affected [--base REF] [--json] [--plan FILE]',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['base', 'plan'], flags: ['json'] });
    const plan = loadPlan(ctx.cwd, args.options.plan);
    const event = {
      eventName: ctx.env.GITHUB_EVENT_NAME || undefined,
      ref: ctx.env.GITHUB_REF || undefined,
      headRef: ctx.env.GITHUB_HEAD_REF || undefined,
      base: baseOf(args.options.base, ctx.env.BASE_SHA),
    };
    const detection = detectAffected(plan, event, rulesFrom(ctx.env[AFFECTED_RULES_ENV]), gitIn(ctx.cwd));
    const kinds = [...new Set(plan.tracks.flatMap((t) => t.products).filter((p) => detection.products.includes(p.name)).map((p) => p.kind))].sort();
    if (detection.warning) annotate(ctx, 'warning', detection.warning);
    if (args.flags.has('json')) {
      ctx.stdout(`${jsonText({ all: detection.all, products: detection.products, kinds, changed: detection.changed, reasons: detection.reasons })}\n`);
    } else {
      ctx.stdout(`${report(detection).join('\n')}\n`);
    }
    setStepOutputs(ctx, { products: JSON.stringify(detection.products), all: String(detection.all), kinds: JSON.stringify(kinds) });
    appendStepSummary(ctx, summaryOf(detection));
    return 0;
  },
};

/**
 * The commit to compare with: `--base` (a revision given by hand), else `BASE_SHA` from the event, which
 * must be a commit SHA; a value git could read as an option never reaches it.
 */
function baseOf(option: string | undefined, env: string | undefined): string | undefined {
  if (option !== undefined) return revisionFrom(option, '--base');
  return env === undefined || env.trim() === '' ? undefined : commitShaFrom(env, 'BASE_SHA');
}

/** The log lines: names and reasons come from the repository, so each is a log value after our own words. */
function report(d: Detection): string[] {
  return [
    `affected: ${d.products.length > 0 ? d.products.map(logValue).join(', ') : 'none'}${d.all ? ' (all)' : ''}`,
    '',
    ...d.reasons.map((r) => `  - ${logValue(r)}`),
  ];
}

function summaryOf(d: Detection): Markdown {
  const products = d.products.length > 0 ? mdJoin(d.products, ', ') : Markdown.own('none');
  return mdLines([
    Markdown.own('### Affected products'),
    Markdown.own(''),
    md`affected: ${products}${Markdown.own(d.all ? ' (all)' : '')}`,
    Markdown.own(''),
    ...d.reasons.map((r) => md`- ${r}`),
  ]);
}

/** Parses the rules JSON; an invalid value is the workflow's mistake and stops the job. */
function rulesFrom(text: string | undefined): AffectedRules {
  if (text === undefined || text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new CliError(`${AFFECTED_RULES_ENV} is not valid JSON (${(e as Error).message}); regenerate ci.yml with \`npx projen\`.`, 2);
  }
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

function gitIn(cwd: string): GitRunner {
  return (args) => execFileSync('git', [...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}
