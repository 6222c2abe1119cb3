import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ReleasePlan, resolveInRepo } from '../../model';
import { RuntimeContext } from '../context';
import { PreflightDeps } from './ports';
import { SpawnExec } from '../release/real-deps';

/** Asks the Actions OIDC provider for a token (`GET <url>&audience=<aud>` with the request token as bearer). */
export async function requestIdToken(requestUrl: string, requestToken: string, audience: string): Promise<string> {
  const url = new URL(requestUrl);
  url.searchParams.set('audience', audience);
  const response = await fetch(url, { headers: { Authorization: `Bearer ${requestToken}`, Accept: 'application/json' }, signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status} from the OIDC token endpoint`);
  const body = (await response.json()) as { value?: unknown };
  if (typeof body.value !== 'string') throw new Error('the OIDC token endpoint answered without a token');
  return body.value;
}

/** The real environment, tools, files and OIDC endpoint of a job. */
export function realPreflightDeps(ctx: RuntimeContext, plan?: ReleasePlan): PreflightDeps {
  return {
    env: ctx.env,
    cwd: ctx.cwd,
    home: ctx.env.HOME || os.homedir(),
    exec: new SpawnExec(ctx.env, ctx.cwd),
    read: (file) => {
      const full = path.isAbsolute(file) ? file : resolveInRepo(ctx.cwd, file);
      return fs.existsSync(full) && fs.statSync(full).isFile() ? fs.readFileSync(full, 'utf8') : undefined;
    },
    requestIdToken,
    plan,
  };
}
