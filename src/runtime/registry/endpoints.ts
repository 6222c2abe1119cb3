import { CratesRegistry, cratesRegistryOf } from './crates';
import { PYTHON_INDEXES, REGISTRY_ENV } from '../../model';

/**
 * Where the registries are. Each can be pointed elsewhere through the environment (release.yml sets the
 * variables from `release.registries`), so a whole release can run against local registries or a mirror.
 */
export interface Endpoints {
  /** The crates registry cargo publishes to and the check reads: one index URL in cargo's form. */
  readonly crates: CratesRegistry;
  /** The Python package index's simple API, `https://pypi.org/simple` (any PEP 503/691 index). */
  readonly pypiIndex: string;
  /** Its upload URL (the legacy upload API), `https://upload.pypi.org/legacy/`. */
  readonly pypiUpload: string;
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
  /** The container registry images are pushed to and probed on: `https://ghcr.io`. */
  readonly imageRegistry: string;
  /** The namespace of the images in it: the repository owner, lowercased (GHCR's names are lowercase). */
  readonly imageNamespace?: string;
}

/** Environment variables that override the endpoints (release.yml sets them from `release.registries`). */
export const ENDPOINT_ENV = {
  ...REGISTRY_ENV,
  gitRemote: 'LOCKSTEP_GIT_REMOTE',
  /**
   * Issue 17: the container registry, for running the image commands against another one (the tests' local
   * docker-registry); release.yml leaves it unset, since its login and push steps name GHCR.
   */
  imageRegistry: 'LOCKSTEP_IMAGE_REGISTRY',
  /** The images' namespace there; unset, the repository owner (`GITHUB_REPOSITORY_OWNER`). */
  imageNamespace: 'LOCKSTEP_IMAGE_NAMESPACE',
} as const;

/** Reads the endpoints from the environment, with the public registries as defaults. */
export function endpointsOf(env: Readonly<Record<string, string | undefined>>): Endpoints {
  const url = (name: string, fallback: string): string => (env[name] || fallback).replace(/\/+$/, '');
  return {
    crates: cratesRegistryOf(env[ENDPOINT_ENV.cratesIndex]),
    pypiIndex: url(ENDPOINT_ENV.pypiIndex, 'https://pypi.org/simple'),
    pypiUpload: env[ENDPOINT_ENV.pypiRepository] || PYTHON_INDEXES.pypi.upload,
    npmRegistry: env[ENDPOINT_ENV.npmRegistry] || undefined,
    goProxy: url(ENDPOINT_ENV.goProxy, 'https://proxy.golang.org'),
    githubApi: url('GITHUB_API_URL', 'https://api.github.com'),
    githubRepository: env.GITHUB_REPOSITORY || undefined,
    githubToken: env.GH_TOKEN || env.GITHUB_TOKEN || undefined,
    gitRemote: env[ENDPOINT_ENV.gitRemote] || 'origin',
    imageRegistry: url(ENDPOINT_ENV.imageRegistry, 'https://ghcr.io'),
    imageNamespace: (env[ENDPOINT_ENV.imageNamespace] || env.GITHUB_REPOSITORY_OWNER || '').toLowerCase() || undefined,
  };
}
