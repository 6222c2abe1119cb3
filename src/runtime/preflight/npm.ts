import * as path from 'path';
import { Finding, PreflightDeps } from './ports';
import { PreflightProblem, ProductKind, ProductPlan, PublishTarget, TOOL_VERSIONS, compareVersions, isTable, joinRepoPath, parseJson, parseToml, valueAt } from '../../model';

/** Variables that make npm authenticate with a token instead of OIDC, even when empty (O1). */
const TOKEN_VARIABLES = ['NODE_AUTH_TOKEN', 'NPM_TOKEN'];

async function versionOf(tool: string, deps: PreflightDeps): Promise<string | undefined> {
  try {
    const r = await deps.exec.run(tool, ['--version']);
    return r.code === 0 ? r.stdout.trim().replace(/^v/, '') : undefined;
  } catch {
    return undefined;
  }
}

/** npm ≥ TOOL_VERSIONS.npmTrustedPublishingMin on Node ≥ TOOL_VERSIONS.nodeTrustedPublishingMin (O2). */
export async function checkNpmVersions(deps: PreflightDeps, passed: string[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const [tool, min] of [['node', TOOL_VERSIONS.nodeTrustedPublishingMin], ['npm', TOOL_VERSIONS.npmTrustedPublishingMin]] as const) {
    const version = await versionOf(tool, deps);
    let old: boolean;
    try {
      old = version === undefined || compareVersions(version, min) < 0;
    } catch {
      old = true;
    }
    if (old) findings.push({ problem: PreflightProblem.NPM_TOO_OLD, message: `${tool} ${version ?? '(not found)'} cannot publish with trusted publishing: it needs ${min} or later.` });
    else passed.push(`${tool} ${version} supports trusted publishing (≥ ${min}).`);
  }
  return findings;
}

/** No npm token anywhere npm would read one: the environment, the user and project `.npmrc` (O1). */
export function checkNoNpmToken(deps: PreflightDeps, passed: string[]): Finding[] {
  const findings: Finding[] = [];
  const vars = Object.keys(deps.env).filter((k) => TOKEN_VARIABLES.includes(k) || /^npm_config_.*_?auth(token)?$/i.test(k));
  for (const name of vars) {
    findings.push({ problem: PreflightProblem.NPM_TOKEN_PRESENT, message: `${name} is set${deps.env[name] === '' ? ' (even though empty)' : ''}: npm would use it instead of OIDC and the publish would answer 404.` });
  }
  const userrc = deps.env.NPM_CONFIG_USERCONFIG || deps.env.npm_config_userconfig || path.join(deps.home, '.npmrc');
  for (const file of [...new Set([userrc, path.join(deps.cwd, '.npmrc')])]) {
    const text = deps.read(file);
    if (text !== undefined && /^\s*[^#;\s]*_auth(Token)?\s*=/m.test(text)) {
      findings.push({ problem: PreflightProblem.NPM_TOKEN_PRESENT, message: `${file} configures an npm token (setup-node writes one when given registry-url): npm would use it instead of OIDC.` });
    }
  }
  if (findings.length === 0) passed.push('No npm token in the environment or the .npmrc files: npm will use OIDC.');
  return findings;
}

/** `owner/name` of a GitHub repository as package.json or Cargo.toml write it, or undefined for anything else. */
export function githubRepositoryOf(value: string): string | undefined {
  const v = value.trim();
  const shorthand = /^(?:github:)?([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+?)(?:\.git)?$/.exec(v);
  if (shorthand) return `${shorthand[1]}/${shorthand[2]}`;
  const url = /^(?:git\+)?(?:https?|ssh|git):\/\/(?:[^@/]+@)?github\.com[:/]([^/]+)\/([^/#?]+?)(?:\.git)?\/?(?:[#?].*)?$/.exec(v) ??
    /^git@github\.com:([^/]+)\/([^/]+?)(?:\.git)?$/.exec(v);
  return url ? `${url[1]}/${url[2]}` : undefined;
}

/** Where an npm product's published package.json takes `repository` from, and the value found there. */
function declaredRepository(p: ProductPlan, deps: PreflightDeps): { file: string; value?: string } | undefined {
  // A WASM product's own package.json beside its crate is what npm publishes (npmPackageDir), not wasm-pack's.
  const ownPackageJson = p.kind === ProductKind.WASM_PACK && p.settings.npmPackageDir !== undefined;
  if (p.kind === ProductKind.NAPI || p.kind === ProductKind.NPM_PACKAGE || ownPackageJson) {
    const file = joinRepoPath(p.path, 'package.json');
    const text = deps.read(path.join(deps.cwd, file));
    if (text === undefined) return { file };
    const repo = valueAt(parseJson(file, text), ['repository']);
    return { file, value: typeof repo === 'string' ? repo : isTable(repo) && typeof repo.url === 'string' ? repo.url : undefined };
  }
  if (p.kind === ProductKind.WASM_PACK) {
    const file = joinRepoPath(p.path, 'Cargo.toml');
    const text = deps.read(path.join(deps.cwd, file));
    if (text === undefined) return { file };
    const own = valueAt(parseToml(file, text), ['package', 'repository']);
    if (typeof own === 'string' || !isTable(own) || own.workspace !== true || p.ci?.cargoRoot === undefined) return { file, value: typeof own === 'string' ? own : undefined };
    const root = joinRepoPath(p.ci.cargoRoot, 'Cargo.toml');
    const rootText = deps.read(path.join(deps.cwd, root));
    const inherited = rootText === undefined ? undefined : valueAt(parseToml(root, rootText), ['workspace', 'package', 'repository']);
    return { file: root, value: typeof inherited === 'string' ? inherited : undefined };
  }
  return undefined;
}

/**
 * Every npm package of the plan names the repository the job runs in (`GITHUB_REPOSITORY`), letter case
 * included: with provenance, npm refuses a publish whose `repository.url` is missing or names another
 * repository (E422), after the packages before it were already published.
 */
export function checkNpmRepositories(deps: PreflightDeps, passed: string[]): Finding[] {
  const expected = deps.env.GITHUB_REPOSITORY;
  if (deps.plan === undefined || !expected) return [];
  const products = deps.plan.tracks.flatMap((t) => t.products).filter((p) => p.publish && p.packages.some((k) => k.registry === PublishTarget.NPM));
  const findings: Finding[] = [];
  for (const p of products) {
    const declared = declaredRepository(p, deps);
    if (declared === undefined) continue;
    const found = declared.value === undefined ? undefined : githubRepositoryOf(declared.value);
    if (found === expected) continue;
    findings.push({
      problem: PreflightProblem.NPM_REPOSITORY_MISMATCH,
      message: `${declared.file}: repository is ${declared.value === undefined ? 'not set' : `'${declared.value}'`}, but npm provenance requires this repository, ${expected} ` +
        `(${declared.file.endsWith('Cargo.toml') ? `repository = "https://github.com/${expected}"` : `"repository": { "type": "git", "url": "git+https://github.com/${expected}.git" }`}); npm would refuse the publish of ${p.name} (E422).`,
    });
  }
  if (findings.length === 0 && products.length > 0) passed.push(`Every npm package names ${expected} as its repository (provenance).`);
  return findings;
}
