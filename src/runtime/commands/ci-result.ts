import { CHANGES_JOB, CI_JOBS_ENV, CI_NEEDS_ENV } from '../../model';
import { NeededJob, ciVerdict } from '../affected/ci-verdict';
import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { Markdown, appendStepSummary, logValue, mdLines, mdTable } from '../output';

/**
 * `lockstep ci-result [--changes-job ID]`: the verdict of the one required check. Reads `toJSON(needs)`
 * from `NEEDS` and the job → matrix job map from `LOCKSTEP_CI_JOBS`; fails when a job failed or was
 * cancelled (a matrix job when any of its cells did), when an always-run job did not pass, or when a
 * matrix job was skipped although change detection gave it cells.
 */
export const ciResultCommand: Command = {
  summary: 'decide the required CI check from the results of every job (reads NEEDS and LOCKSTEP_CI_JOBS)',
  usage: 'usage: lockstep ci-result [--changes-job ID]',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: ['changes-job'] });
    const needs = jsonEnv(ctx, CI_NEEDS_ENV) as Record<string, NeededJob>;
    const jobs = jsonEnv(ctx, CI_JOBS_ENV) as Record<string, string>;
    if (Object.values(jobs).some((v) => typeof v !== 'string') || Object.values(needs).some((v) => typeof v?.result !== 'string')) {
      throw new CliError(`NEEDS must be toJSON(needs) and ${CI_JOBS_ENV} a map of job ids to matrix jobs; regenerate ci.yml with \`npx projen\`.`, 2);
    }
    const verdict = ciVerdict(needs, jobs, args.options['changes-job'] ?? CHANGES_JOB);
    const lines = verdict.jobs.map((j) => `${j.ok ? 'ok  ' : 'FAIL'} ${logValue(j.job)}: ${logValue(j.result)}, ${j.why}`);
    ctx.stdout(`${lines.join('\n')}\n`);
    const rows = verdict.jobs.map((j) => [Markdown.own(j.ok ? '✅' : '❌'), j.job, j.result, j.why]);
    appendStepSummary(ctx, mdLines([Markdown.own('### CI result'), Markdown.own(''), mdTable(['', 'job', 'result', ''], rows), Markdown.own('')]));
    if (verdict.ok) return 0;
    const failed = verdict.jobs.filter((j) => !j.ok).map((j) => j.job);
    throw new CliError(`CI failed: ${failed.map(logValue).join(', ')}`);
  },
};

function jsonEnv(ctx: RuntimeContext, name: string): Record<string, unknown> {
  const text = ctx.env[name];
  if (text === undefined || text.trim() === '') throw new CliError(`${name} is not set; the ci-ok job passes it through env:. Regenerate ci.yml with \`npx projen\`.`, 2);
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new CliError(`${name} is not a JSON object; regenerate ci.yml with \`npx projen\`.`, 2);
}
