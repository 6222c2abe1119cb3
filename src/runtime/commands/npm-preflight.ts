import * as os from 'os';
import * as path from 'path';
import { parseArgs } from '../args';
import { CliError } from '../cli-error';
import { Command, RuntimeContext } from '../context';
import { npmPreflightProblems } from '../release/npm-preflight';
import { realDeps } from '../release/real-deps';

/** `lockstep npm-preflight`: Node, npm and the npm configuration can publish with OIDC (O1, O2). */
export const npmPreflightCommand: Command = {
  summary: 'check that Node, npm and the npm configuration can publish with trusted publishing (OIDC)',
  async run(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
    parseArgs(argv, {});
    const deps = realDeps(ctx);
    const npm = await deps.exec.run('npm', ['--version']);
    if (npm.code !== 0) throw new CliError(`npm --version exited ${npm.code}: ${npm.stderr.trim()}`);
    const userrc = ctx.env.NPM_CONFIG_USERCONFIG || path.join(ctx.env.HOME || os.homedir(), '.npmrc');
    const npmrcs: Record<string, string> = {};
    for (const file of [userrc, path.join(ctx.cwd, '.npmrc')]) {
      const text = deps.fs.read(file);
      if (text !== undefined) npmrcs[file] = text;
    }
    const problems = npmPreflightProblems({ nodeVersion: process.versions.node, npmVersion: npm.stdout.trim(), env: ctx.env, npmrcs });
    if (problems.length > 0) throw new CliError(`npm trusted publishing would fail:\n  ${problems.join('\n  ')}`);
    deps.log.info(`Node ${process.versions.node} and npm ${npm.stdout.trim()} can publish with OIDC; no npm token is configured.`);
    return 0;
  },
};
