/**
 * Names and facts the secrets doc (components/trusted-publishing) and `lockstep preflight`
 * (runtime/preflight) must agree on: where the doc lives, the anchors a failing preflight points at, the
 * arguments of the preflight step, and what each trusted-publishing registry's setup pages are called.
 * Components and runtime never import each other, so they live here, once (S5).
 */
import { LockstepConfigError } from './errors';
import { tagGlobOf } from './identifiers';
import { NpmManifest } from './manifests';
import { napiCliMajorOf, napiTargetsOf } from './napi-targets';
import { ownValue } from './own';
import { ProductPlan, ReleasePlan } from './plan-types';
import { PublishTarget } from './release-workflow';

/** Repository-relative path of the generated doc. `lockstep preflight` links to it. */
export const SECRETS_DOC_FILE = 'docs/release-secrets.md';

/** The registries release.yml publishes to with trusted publishing (OIDC), in the doc's order. */
export const TRUSTED_TARGETS = [PublishTarget.CRATES_IO, PublishTarget.NPM, PublishTarget.PYPI] as const;

/** A registry release.yml publishes to with trusted publishing. */
export type TrustedTarget = (typeof TRUSTED_TARGETS)[number];

/** Whether a target publishes with trusted publishing. */
export function isTrustedTarget(target: string): target is TrustedTarget {
  return (TRUSTED_TARGETS as readonly string[]).includes(target);
}

/** What can make a publish job fail before it publishes anything; each has its own section in the doc. */
export enum PreflightProblem {
  /** The job has no OIDC token: `id-token: write` is missing, or the run cannot get one. */
  OIDC_UNAVAILABLE = 'oidc-unavailable',
  /** The OIDC identity (workflow file, environment) is not the one the trusted publishers name (O3). */
  IDENTITY_MISMATCH = 'oidc-identity-mismatch',
  /** npm or Node is older than trusted publishing needs (O2). */
  NPM_TOO_OLD = 'npm-too-old',
  /** An npm token or an `.npmrc` `_authToken` is present: npm would use it instead of OIDC (O1). */
  NPM_TOKEN_PRESENT = 'npm-token-present',
  /** A package.json `repository.url` does not name the repository the job runs in: npm refuses the provenance (E422). */
  NPM_REPOSITORY_MISMATCH = 'npm-repository-mismatch',
  /** A secret the workflow reads is missing or empty. */
  SECRET_MISSING = 'secret-missing',
  /** npm would refuse the provenance (`always` in a repository that is not public), or `auto` cannot tell the visibility (O5). */
  PROVENANCE_REFUSED = 'provenance-refused',
}

/** Fixed anchors of the doc's sections (explicit `<a id>` anchors, so a heading's wording never breaks a link). */
export const DOC_ANCHORS = {
  atAGlance: 'at-a-glance',
  order: 'setup-order',
  environments: 'github-environments',
  protection: 'github-branch-and-tag-protection',
  actionsSettings: 'github-actions-settings',
  releasePrToken: 'release-pr-token',
  tagToken: 'release-tag-token',
  otherRegistries: 'other-registries',
  secrets: 'secrets',
  renaming: 'renaming-the-release-workflow',
  troubleshooting: 'when-preflight-fails',
  provenance: 'provenance',
  otherTargets: 'go-and-github-releases',
  ownPublish: 'own-publish-commands',
  signing: 'desktop-signing',
  images: 'container-images',
} as const;

/** Anchor of a registry's section (`crates-io`, `npm`, `pypi`). */
export function registryAnchor(target: TrustedTarget): string {
  return target;
}

/** Anchor of one package's section: `npm-quill-db-quill` for `@quill-db/quill`. */
export function packageAnchor(target: string, name: string): string {
  return `${target}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}`;
}

/** Anchor of the doc's section about a preflight problem. */
export function problemAnchor(problem: PreflightProblem): string {
  return problem;
}

/**
 * Link to a section of the doc as committed at `sha` (`https://github.com/o/r/blob/<sha>/docs/release-secrets.md#npm`),
 * or the repository-relative path with the anchor when the run's coordinates are unknown.
 */
export function secretsDocLink(anchor: string, where: { server?: string; repository?: string; sha?: string } = {}): string {
  const rel = `${SECRETS_DOC_FILE}#${anchor}`;
  if (!where.server || !where.repository || !where.sha) return rel;
  return `${where.server.replace(/\/+$/, '')}/${where.repository}/blob/${where.sha}/${rel}`;
}

/** The `lockstep` subcommand of the preflight step and its options (the step builder and the command agree on them). */
export const PREFLIGHT = {
  command: 'preflight',
  /** `--registry <target>`: a PublishTarget value with trusted publishing. */
  registry: 'registry',
  /** `--workflow <file>`: the workflow file name trusted publishers are registered against. */
  workflow: 'workflow',
  /** `--environment <name>`: the environment trusted publishers are registered against. */
  environment: 'environment',
  /** `--secrets A,B`: environment variables (filled from secrets) that must be non-empty. */
  secrets: 'secrets',
  /** `--provenance auto|always|never`: what the npm job does about provenance (O5), reported before publishing. */
  provenance: 'provenance',
} as const;

/** What one registry's trusted-publisher setup looks like: its pages and the labels of its form. */
export interface RegistrySetup {
  /** The registry as maintainers call it. */
  readonly title: string;
  /** The package's public page (where "does it exist yet?" is answered). */
  readonly packageUrl: (name: string) => string;
  /** The package's settings page with the trusted-publisher form. */
  readonly settingsUrl: (name: string) => string;
  /** Labels of the form's fields, in the form's order. */
  readonly fields: { readonly owner: string; readonly repository: string; readonly workflow: string; readonly environment: string };
}

/**
 * Issue 17: GHCR's one-time step that gives this repository write access to an image that exists already
 * (pushed before by another repository or workflow): the secrets doc's container images section and the
 * errors of a refused probe or push name it alike.
 */
export const IMAGE_ACCESS_SETUP = {
  /** The buttons on the package's settings page, in order. */
  steps: ['Manage Actions access', 'Add repository'],
  /** The role to give the repository there. */
  role: 'Write',
} as const;

/**
 * What to do about GHCR refusing this repository's token for `image` (HTTP 403): the doc's setup step, and
 * where the doc has it.
 */
export function imageAccessHint(image: string): string {
  return `a 403 means this repository's token may not use ${image}: an image pushed before by another repository or workflow must give it access on the ` +
    `package's settings page (${IMAGE_ACCESS_SETUP.steps.join(' → ')} → this repository, role ${IMAGE_ACCESS_SETUP.role}); see ${secretsDocLink(DOC_ANCHORS.images)}`;
}

/** Each trusted-publishing registry's setup pages and form labels (platform-facts.md, late 2026). */
export const REGISTRY_SETUP: Record<TrustedTarget, RegistrySetup> = {
  [PublishTarget.CRATES_IO]: {
    title: 'crates.io',
    packageUrl: (name) => `https://crates.io/crates/${name}`,
    settingsUrl: (name) => `https://crates.io/crates/${name}/settings`,
    fields: { owner: 'Repository owner', repository: 'Repository name', workflow: 'Workflow filename', environment: 'Environment' },
  },
  [PublishTarget.NPM]: {
    title: 'npm',
    packageUrl: (name) => `https://www.npmjs.com/package/${name}`,
    settingsUrl: (name) => `https://www.npmjs.com/package/${name}/access`,
    fields: { owner: 'Organization or user', repository: 'Repository', workflow: 'Workflow filename', environment: 'Environment name' },
  },
  [PublishTarget.PYPI]: {
    title: 'PyPI',
    packageUrl: (name) => `https://pypi.org/project/${name}/`,
    settingsUrl: (name) => `https://pypi.org/manage/project/${name}/settings/publishing/`,
    fields: { owner: 'Owner', repository: 'Repository name', workflow: 'Workflow name', environment: 'Environment name' },
  },
};

/**
 * TestPyPI, where a track's prereleases may go (`testPypiPrereleases`): a site of its own, with its own
 * accounts and projects, whose trusted-publisher forms are PyPI's.
 */
export const TESTPYPI_SETUP = {
  title: 'TestPyPI',
  packageUrl: (name: string) => `https://test.pypi.org/project/${name}/`,
  settingsUrl: (name: string) => `https://test.pypi.org/manage/project/${name}/settings/publishing/`,
  pendingPublisherUrl: 'https://test.pypi.org/manage/account/publishing/',
} as const;

/** PyPI's page for registering a publisher for a project that does not exist yet. */
export const PYPI_PENDING_PUBLISHER_URL = 'https://pypi.org/manage/account/publishing/';

/** crates.io's page for creating an API token (the first publish of a crate). */
export const CRATES_IO_NEW_TOKEN_URL = 'https://crates.io/settings/tokens/new';

/** A GitHub repository as `owner/name`, split. */
export interface GithubRepository {
  readonly owner: string;
  readonly name: string;
}

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const NAME = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Parses `owner/name`. A URL, a `.git` suffix, a missing part or a character GitHub does not allow is a
 * LockstepConfigError naming `option` and, where it can, the value to write instead (O3: a URL typed where
 * a name belongs is a 404 at publish time).
 */
export function parseGithubRepository(value: string, option: string): GithubRepository {
  const fail = (why: string): never => {
    throw new LockstepConfigError(`${option}: '${value}' ${why}`);
  };
  const url = /^(?:https?:\/\/|git@|ssh:\/\/)(?:[^/:]+[/:])([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(value.trim());
  if (url) fail(`is a URL; give the repository as 'owner/name': '${url[1]}/${url[2]}'.`);
  const parts = value.split('/');
  if (parts.length !== 2) fail("must be 'owner/name', such as 'quill-db/quill' (the part of the GitHub URL after github.com/).");
  const [owner, name] = parts;
  if (!OWNER.test(owner) || owner.endsWith('-') || owner.includes('--')) fail(`has an owner GitHub does not allow ('${owner}': letters, digits and single hyphens).`);
  if (name.endsWith('.git')) fail(`ends in '.git'; give the repository name without it: '${owner}/${name.slice(0, -4)}'.`);
  if (!NAME.test(name) || name === '.' || name === '..') fail(`has a repository name GitHub does not allow ('${name}': letters, digits, '.', '_' and '-').`);
  return { owner, name };
}

/** A package to set up on one registry, with the product that publishes it. */
export interface PackageToSetUp {
  readonly target: string;
  readonly name: string;
  readonly product: ProductPlan;
}

/**
 * The packages of published products, per target, in publish order (dependency waves, then name): a
 * crate's first manual publish needs its dependencies on crates.io first.
 */
export function packagesInPublishOrder(plan: ReleasePlan): PackageToSetUp[] {
  const out: PackageToSetUp[] = [];
  for (const track of plan.tracks) {
    const rank = new Map(track.publishWaves.flatMap((wave, i) => wave.map((p) => [p, i] as const)));
    const byWave = (a: ProductPlan, b: ProductPlan) => (rank.get(a.name) ?? 0) - (rank.get(b.name) ?? 0) || a.name.localeCompare(b.name);
    const products = track.products.filter((p) => p.publish).sort(byWave);
    for (const product of products) for (const k of product.packages) out.push({ target: k.registry, name: k.name, product });
  }
  return out;
}

/** Tag patterns to protect: every published product's tag prefix and every umbrella tag prefix, with `*` (`tagGlobOf`). */
export function releaseTagPatterns(plan: ReleasePlan): string[] {
  const prefixes = plan.tracks.flatMap((t) => [...t.products.filter((p) => p.publish).map((p) => p.tagPrefix), t.umbrellaTagPrefix]);
  // A bare-version prefix ('') protects `[0-9]*` (rulesets take fnmatch character sets), not every tag.
  return [...new Set(prefixes)].sort().map(tagGlobOf);
}

const NAPI_ARCH: Record<string, string> = { x86_64: 'x64', aarch64: 'arm64', i686: 'ia32', armv7: 'arm', riscv64gc: 'riscv64', powerpc64le: 'ppc64' };
const NAPI_SYS: Record<string, string> = { windows: 'win32' };

/** napi-rs's `platform-arch[-abi]` suffix of a Rust target triple (`x86_64-unknown-linux-gnu` → `linux-x64-gnu`). */
export function napiPlatformSuffix(triple: string): string {
  if (triple === 'wasm32-wasi' || triple.startsWith('wasm32-wasi')) return 'wasm32-wasi';
  const parts = (triple.endsWith('eabi') && !triple.endsWith('-eabi') ? `${triple.slice(0, -4)}-eabi` : triple).split('-');
  const [cpu, sys, abi] = parts.length === 2 ? [parts[0], parts[1], undefined] : [parts[0], parts[2], parts[3]];
  const platform = ownValue(NAPI_SYS, sys) ?? sys;
  const arch = ownValue(NAPI_ARCH, cpu) ?? cpu;
  return abi ? `${platform}-${arch}-${abi}` : `${platform}-${arch}`;
}

/**
 * The platform packages napi-rs publishes next to a napi product's main package (`napi create-npm-dirs`
 * names them `<packageName>-<platform suffix>`, one per target of the package.json `napi` config, as the
 * napi CLI major the release runs reads it). Each is an npm package of its own: it needs its first publish
 * and its trusted publisher like the main one.
 */
export function napiPlatformPackages(npm: NpmManifest): string[] {
  const name = npm.napiPackageName;
  if (name === undefined) return [];
  return [...new Set(napiTargetsOf(npm.napiConfig, napiCliMajorOf(npm)).map((t) => `${name}-${napiPlatformSuffix(t)}`))];
}
