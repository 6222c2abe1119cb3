import { LockstepConfigError, PublishTarget, REGISTRY_ENV } from '../../model';
import { ReleasePrCredential, checkCredentialName } from '../release-pr';
import { ReleaseRegistries } from './options';

/** crates.io's index as cargo names it, sparse and git: set explicitly, it is still crates.io. */
const CRATES_IO_INDEXES = ['sparse+https://index.crates.io', 'https://github.com/rust-lang/crates.io-index'];

/** A registry other than the public one, and the secret its token comes from. */
export interface OtherRegistry {
  readonly url: string;
  readonly tokenSecret: string;
}

/** `release.registries` resolved: undefined entries are the public registries, with trusted publishing. */
export interface Registries {
  readonly crates?: OtherRegistry;
  readonly npm?: OtherRegistry;
  readonly npmProvenance: boolean;
  /** Upload URL and simple index; the token secret is undefined with trusted publishing (TestPyPI). */
  readonly pypi?: { readonly repositoryUrl: string; readonly indexUrl: string; readonly tokenSecret?: string };
  readonly goProxy?: string;
}

/** A URL release.yml may carry as a literal value, else a configuration error naming the option. */
function checkUrl(option: string, value: string, prefixes: RegExp = /^https?:\/\//): string {
  let ok = prefixes.test(value) && !/\s|\$\{\{/.test(value);
  try {
    new URL(value.replace(/^sparse\+/, ''));
  } catch {
    ok = false;
  }
  if (!ok) throw new LockstepConfigError(`release.registries.${option}: '${value}' is not a URL release.yml can use (http:// or https://${option === 'cratesIndexUrl' ? ', or sparse+ before either' : ''}).`);
  return value;
}

/** The registries of the options, checked. */
export function resolveRegistries(o: ReleaseRegistries = {}): Registries {
  const secret = (option: 'cratesTokenSecret' | 'npmTokenSecret' | 'pypiTokenSecret', fallback?: string): string | undefined => {
    const name = o[option] ?? fallback;
    if (name !== undefined) checkCredentialName(`release.registries.${option}`, name);
    return name;
  };
  const crates = o.cratesIndexUrl === undefined ? undefined : checkUrl('cratesIndexUrl', o.cratesIndexUrl, /^(sparse\+)?https?:\/\//);
  const isCratesIo = crates !== undefined && CRATES_IO_INDEXES.includes(crates.replace(/\/+$/, ''));
  if ((o.pypiRepositoryUrl === undefined) !== (o.pypiIndexUrl === undefined)) {
    throw new LockstepConfigError(
      'release.registries: give pypiRepositoryUrl (where uploads go) and pypiIndexUrl (its simple API, which the checks read) together; ' +
        'with only one, the upload and the check would look at different indexes.',
    );
  }
  return {
    crates: crates === undefined || isCratesIo ? undefined : { url: crates, tokenSecret: secret('cratesTokenSecret', 'LOCKSTEP_CRATES_TOKEN')! },
    npm: o.npmRegistryUrl === undefined ? undefined : { url: checkUrl('npmRegistryUrl', o.npmRegistryUrl), tokenSecret: secret('npmTokenSecret', 'LOCKSTEP_NPM_TOKEN')! },
    npmProvenance: o.npmProvenance ?? true,
    pypi: o.pypiRepositoryUrl === undefined ? undefined : {
      repositoryUrl: checkUrl('pypiRepositoryUrl', o.pypiRepositoryUrl),
      indexUrl: checkUrl('pypiIndexUrl', o.pypiIndexUrl!),
      tokenSecret: secret('pypiTokenSecret'),
    },
    goProxy: o.goProxyUrl === undefined ? undefined : checkUrl('goProxyUrl', o.goProxyUrl),
  };
}

/** The environment variables that point a job's checks and commands at the registries of a target. */
export function registryEnv(r: Registries, target: PublishTarget): Record<string, string> {
  switch (target) {
    case PublishTarget.CRATES_IO: return r.crates ? { [REGISTRY_ENV.cratesIndex]: r.crates.url } : {};
    case PublishTarget.NPM: return r.npm ? { [REGISTRY_ENV.npmRegistry]: r.npm.url } : {};
    case PublishTarget.PYPI: return r.pypi ? { [REGISTRY_ENV.pypiIndex]: r.pypi.indexUrl, [REGISTRY_ENV.pypiRepository]: r.pypi.repositoryUrl } : {};
    case PublishTarget.GO: return r.goProxy ? { [REGISTRY_ENV.goProxy]: r.goProxy } : {};
    default: return {};
  }
}

/** Every override: the plan job asks every registry. */
export function allRegistryEnv(r: Registries): Record<string, string> {
  const targets = [PublishTarget.CRATES_IO, PublishTarget.NPM, PublishTarget.PYPI, PublishTarget.GO];
  return Object.assign({}, ...targets.map((t) => registryEnv(r, t))) as Record<string, string>;
}

/** True when the target publishes with trusted publishing (OIDC), not with a token from a secret. */
export function usesTrustedPublishing(r: Registries, target: PublishTarget): boolean {
  switch (target) {
    case PublishTarget.CRATES_IO: return r.crates === undefined;
    case PublishTarget.NPM: return r.npm === undefined;
    case PublishTarget.PYPI: return r.pypi?.tokenSecret === undefined;
    default: return false;
  }
}

/** The token secrets the registries need, with what each holds (for the secrets doc). */
export function registryCredentials(r: Registries, targets: ReadonlySet<string>): ReleasePrCredential[] {
  const out: ReleasePrCredential[] = [];
  if (r.crates && targets.has(PublishTarget.CRATES_IO)) out.push({ name: r.crates.tokenSecret, kind: 'secret', purpose: `token of the crates registry ${r.crates.url}` });
  if (r.npm && targets.has(PublishTarget.NPM)) out.push({ name: r.npm.tokenSecret, kind: 'secret', purpose: `token of the npm registry ${r.npm.url}` });
  if (r.pypi?.tokenSecret && targets.has(PublishTarget.PYPI)) out.push({ name: r.pypi.tokenSecret, kind: 'secret', purpose: `API token of the Python index ${r.pypi.repositoryUrl}` });
  return out;
}

/** A registry release.yml publishes to instead of the public one, as the secrets doc lists it. */
export interface RegistryOverride {
  readonly target: string;
  /** What the setting points at (for PyPI: the upload URL, then the simple index). */
  readonly urls: string[];
  /** The secret holding its token, or undefined with trusted publishing. */
  readonly tokenSecret?: string;
}

/** Every registry `release.registries` points elsewhere, for the secrets doc. */
export function registryOverrides(r: Registries, targets: ReadonlySet<string>): RegistryOverride[] {
  const out: RegistryOverride[] = [];
  const { crates, npm, pypi } = r;
  const has = (t: PublishTarget): boolean => targets.has(t);
  if (crates && has(PublishTarget.CRATES_IO)) out.push({ target: PublishTarget.CRATES_IO, urls: [crates.url], tokenSecret: crates.tokenSecret });
  if (npm && has(PublishTarget.NPM)) out.push({ target: PublishTarget.NPM, urls: [npm.url], tokenSecret: npm.tokenSecret });
  if (pypi && has(PublishTarget.PYPI)) {
    out.push({ target: PublishTarget.PYPI, urls: [pypi.repositoryUrl, pypi.indexUrl], tokenSecret: pypi.tokenSecret });
  }
  if (r.goProxy && has(PublishTarget.GO)) out.push({ target: PublishTarget.GO, urls: [r.goProxy] });
  return out;
}
