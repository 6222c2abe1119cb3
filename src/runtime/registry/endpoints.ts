/**
 * Where the registries are. Each base URL can be overridden through the environment, so tests (and a
 * mirror) can point the probes at a server on 127.0.0.1.
 */
export interface Endpoints {
  /** crates.io sparse index, `https://index.crates.io`. */
  readonly cratesIndex: string;
  /** crates.io web API, `https://crates.io`. */
  readonly cratesApi: string;
  /** PyPI JSON API root, `https://pypi.org`. */
  readonly pypi: string;
  /** npm registry; undefined leaves npm's own configuration in charge. */
  readonly npmRegistry?: string;
  /** Go module proxy, `https://proxy.golang.org`. */
  readonly goProxy: string;
  /** GitHub REST API root. */
  readonly githubApi: string;
  /** `owner/repo` of the repository being released. */
  readonly githubRepository?: string;
  /** Token for the GitHub API and the gh CLI. */
  readonly githubToken?: string;
  /** Git remote that Go probes and tag pushes talk to. */
  readonly gitRemote: string;
}

/** Environment variables that override the endpoints (documented in the release-secrets doc). */
export const ENDPOINT_ENV = {
  cratesIndex: 'LOCKSTEP_CRATES_INDEX_URL',
  cratesApi: 'LOCKSTEP_CRATES_API_URL',
  pypi: 'LOCKSTEP_PYPI_URL',
  npmRegistry: 'LOCKSTEP_NPM_REGISTRY',
  goProxy: 'LOCKSTEP_GO_PROXY',
  gitRemote: 'LOCKSTEP_GIT_REMOTE',
} as const;

/** Reads the endpoints from the environment, with the public registries as defaults. */
export function endpointsOf(env: Readonly<Record<string, string | undefined>>): Endpoints {
  const url = (name: string, fallback: string): string => (env[name] || fallback).replace(/\/+$/, '');
  return {
    cratesIndex: url(ENDPOINT_ENV.cratesIndex, 'https://index.crates.io'),
    cratesApi: url(ENDPOINT_ENV.cratesApi, 'https://crates.io'),
    pypi: url(ENDPOINT_ENV.pypi, 'https://pypi.org'),
    npmRegistry: env[ENDPOINT_ENV.npmRegistry] || undefined,
    goProxy: url(ENDPOINT_ENV.goProxy, 'https://proxy.golang.org'),
    githubApi: url('GITHUB_API_URL', 'https://api.github.com'),
    githubRepository: env.GITHUB_REPOSITORY || undefined,
    githubToken: env.GH_TOKEN || env.GITHUB_TOKEN || undefined,
    gitRemote: env[ENDPOINT_ENV.gitRemote] || 'origin',
  };
}
