import { execFileSync } from 'child_process';
import * as fs from 'fs';
import { AFFECTED_RULES_ENV } from '../../model';
import { AffectedRules } from '../affected/affected';
import { Detection, GitRunner, detectAffected } from '../affected/detect';
import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
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
      base: args.options.base ?? (ctx.env.BASE_SHA || undefined),
    };
    const detection = detectAffected(plan, event, rulesFrom(ctx.env[AFFECTED_RULES_ENV]), gitIn(ctx.cwd));
    const kinds = [...new Set(plan.tracks.flatMap((t) => t.products).filter((p) => detection.products.includes(p.name)).map((p) => p.kind))].sort();
    if (detection.warning) ctx.stdout(`::warning::${detection.warning}\n`);
    if (args.flags.has('json')) {
      ctx.stdout(`${JSON.stringify({ all: detection.all, products: detection.products, kinds, changed: detection.changed, reasons: detection.reasons })}\n`);
    } else {
      ctx.stdout(`${report(detection).join('\n')}\n`);
    }
    const output = ctx.env.GITHUB_OUTPUT;
    if (output) fs.appendFileSync(output, `products=${JSON.stringify(detection.products)}\nall=${detection.all}\nkinds=${JSON.stringify(kinds)}\n`);
    const summary = ctx.env.GITHUB_STEP_SUMMARY;
    if (summary) fs.appendFileSync(summary, `### Affected products\n\n${report(detection).map((l) => (l === '' ? l : `    ${l}`)).join('\n')}\n`);
    return 0;
  },
};

function report(d: Detection): string[] {
  return [
    `affected: ${d.products.length > 0 ? d.products.join(', ') : 'none'}${d.all ? ' (all)' : ''}`,
    '',
    ...d.reasons,
  ];
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
