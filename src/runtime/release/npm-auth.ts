import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The environment variable release.yml puts another npm registry's token in (from a secret). */
export const NPM_TOKEN_ENV = 'NODE_AUTH_TOKEN';

/**
 * npm's environment for publishing to a registry other than npmjs.com with a token (release.registries):
 * a user config of its own naming the registry and reading the token from `NODE_AUTH_TOKEN` when npm
 * runs (`${NODE_AUTH_TOKEN}`: the token is never written to disk or put on a command line). Undefined
 * without a registry or a token: npm's own configuration, and trusted publishing, stay in charge.
 */
export function npmTokenEnv(registryUrl: string | undefined, env: Readonly<Record<string, string | undefined>>): Record<string, string> | undefined {
  if (registryUrl === undefined || !env[NPM_TOKEN_ENV]) return undefined;
  const url = new URL(registryUrl);
  // npm matches credentials by "//host[:port]/path/" of the registry URL.
  const key = `//${url.host}${url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`}`;
  const dir = fs.mkdtempSync(path.join(env.RUNNER_TEMP || os.tmpdir(), 'lockstep-npmrc-'));
  const file = path.join(dir, 'npmrc');
  fs.writeFileSync(file, `registry=${url.href}\n${key}:_authToken=\${${NPM_TOKEN_ENV}}\n`, { mode: 0o600 });
  return { NPM_CONFIG_USERCONFIG: file };
}
