import { PREFLIGHT, PROVENANCE_MODES, PublishTarget, TRUSTED_TARGETS, TrustedTarget, isProvenanceMode, isTrustedTarget, secretsDocLink } from '../../model';
import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { annotate, logQuoted } from '../output';
import { loadPlan } from '../plan-loader';
import { PreflightReport } from '../preflight/ports';
import { realPreflightDeps } from '../preflight/real-deps';
import { runPreflight } from '../preflight/run';

const USAGE = `usage: lockstep ${PREFLIGHT.command} [--${PREFLIGHT.registry} ${TRUSTED_TARGETS.join('|')}] [--${PREFLIGHT.workflow} FILE] [--${PREFLIGHT.environment} NAME] [--${PREFLIGHT.secrets} A,B] [--${PREFLIGHT.provenance} ${PROVENANCE_MODES.join('|')}] [--plan FILE]`;

/**
 * `lockstep preflight`: the first step of a trusted-publishing job. It fails the job before anything is
 * uploaded when OIDC is unavailable or names another workflow or environment than the trusted publishers,
 * npm or Node is too old, an npm token or a package.json repository would break the publish, or a secret
 * is empty; each problem links to its section of docs/release-secrets.md.
 */
export const preflightCommand: Command = {
  summary: 'before publishing: OIDC, npm, package repositories and secrets are as trusted publishing needs (links to the fix)',
  usage: USAGE,
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    const args = parseArgs(argv, { options: [PREFLIGHT.registry, PREFLIGHT.workflow, PREFLIGHT.environment, PREFLIGHT.secrets, PREFLIGHT.provenance, 'plan'] });
    if (args.positionals.length > 0) throw new CliError(`unexpected argument ${logQuoted(args.positionals[0])}; ${USAGE}`, 2);
    const registry = args.options[PREFLIGHT.registry];
    if (registry !== undefined && !isTrustedTarget(registry)) throw new CliError(`--${PREFLIGHT.registry} ${logQuoted(registry)} is not a trusted-publishing registry; ${USAGE}`, 2);
    const provenance = args.options[PREFLIGHT.provenance];
    if (provenance !== undefined && (!isProvenanceMode(provenance) || registry !== PublishTarget.NPM)) {
      throw new CliError(`--${PREFLIGHT.provenance} ${logQuoted(provenance)}: give ${PROVENANCE_MODES.join(', ')}, with --${PREFLIGHT.registry} ${PublishTarget.NPM}; ${USAGE}`, 2);
    }
    const secrets = (args.options[PREFLIGHT.secrets] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (registry === undefined && secrets.length === 0) throw new CliError(`nothing to check; ${USAGE}`, 2);
    const plan = registry === PublishTarget.NPM ? loadPlan(ctx.cwd, args.options.plan) : undefined;
    const report = await runPreflight(
      {
        registry: registry as TrustedTarget | undefined,
        workflow: args.options[PREFLIGHT.workflow],
        environment: args.options[PREFLIGHT.environment],
        secrets,
        ...(provenance !== undefined ? { provenance } : {}),
      },
      realPreflightDeps(ctx, plan),
    );
    return printReport(report, registry ?? 'secrets', ctx);
  },
};

/** Prints what passed, and each problem as an `::error::` annotation linking to the doc's section; 1 when any. */
export function printReport(report: PreflightReport, what: string, ctx: RuntimeContext): number {
  for (const line of report.passed) ctx.stdout(`✓ ${line}\n`);
  const where = { server: ctx.env.GITHUB_SERVER_URL, repository: ctx.env.GITHUB_REPOSITORY, sha: ctx.env.GITHUB_SHA };
  for (const f of report.findings) {
    const link = secretsDocLink(f.problem, where);
    annotate(ctx, 'error', `${f.message} Fix: ${link}`, { title: `preflight (${what})` });
  }
  if (report.findings.length === 0) {
    ctx.stdout(`preflight (${what}): ready to publish.\n`);
    return 0;
  }
  ctx.stderr(`preflight (${what}): ${report.findings.length} problem(s); nothing was published. See ${secretsDocLink(report.findings[0].problem)}.\n`);
  return 1;
}
