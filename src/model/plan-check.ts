import { branchNameProblem, packageNameProblem, prereleaseChannelProblem, productNameProblem, tagPrefixProblem } from './identifiers';
import { ProductPlan, ReleasePlan, TrackPlan } from './plan-types';
import { joinRepoPath, repoPathProblem } from './repo';

/**
 * Checks a release plan's paths and names, when the plan is built and again whenever a command loads it
 * (the plan file is a file in the repository: a pull request can edit it). Every path must stay inside the
 * repository, and every name must fit the grammar of the tool it reaches. Returns one line per problem,
 * naming where in the plan it is; empty when the plan is sound.
 */
export function planProblems(plan: ReleasePlan): string[] {
  const problems: string[] = [];
  const at = (where: string, value: unknown, problem: string | undefined) => {
    if (problem !== undefined) problems.push(`${where} ${JSON.stringify(value)} ${problem}`);
  };
  const paths = (where: string, values: unknown) => list(values).forEach((v, i) => at(`${where}[${i}]`, v, repoPathProblem(v)));
  at('planFile', plan.planFile, repoPathProblem(plan.planFile));
  at('releaseBranch', plan.releaseBranch, text(plan.releaseBranch, branchNameProblem));
  paths('excluded', plan.excluded);
  list<TrackPlan>(plan.tracks).forEach((t, i) => {
    const where = `tracks[${i}]`;
    at(`${where}.name`, t.name, text(t.name, productNameProblem));
    at(`${where}.umbrellaTagPrefix`, t.umbrellaTagPrefix, text(t.umbrellaTagPrefix, tagPrefixProblem));
    if (t.versionSource !== undefined) at(`${where}.versionSource.file`, t.versionSource.file, repoPathProblem(t.versionSource.file));
    paths(`${where}.manifests`, t.manifests);
    list<{ file: string }>(t.sites).forEach((s, j) => at(`${where}.sites[${j}].file`, s.file, repoPathProblem(s.file)));
    list<{ file: string }>(t.lockfiles).forEach((l, j) => at(`${where}.lockfiles[${j}].file`, l.file, repoPathProblem(l.file)));
    list<ProductPlan>(t.products).forEach((p, j) => problems.push(...productProblems(`${where}.products[${j}]`, p)));
    list<{ name: string; prerelease?: string }>(t.branches).forEach((b, j) => {
      at(`${where}.branches[${j}].name`, b.name, text(b.name, branchNameProblem));
      if (b.prerelease !== undefined) at(`${where}.branches[${j}].prerelease`, b.prerelease, text(b.prerelease, prereleaseChannelProblem));
    });
    list<string>(t.testPypiPrereleases).forEach((c, j) => at(`${where}.testPypiPrereleases[${j}]`, c, text(c, prereleaseChannelProblem)));
    if (t.changelog !== undefined) at(`${where}.changelog`, t.changelog, repoPathProblem(t.changelog));
  });
  return problems;
}

function productProblems(where: string, p: ProductPlan): string[] {
  const problems: string[] = [];
  const at = (field: string, value: unknown, problem: string | undefined) => {
    if (problem !== undefined) problems.push(`${where}.${field} ${JSON.stringify(value)} ${problem}`);
  };
  at('name', p.name, text(p.name, productNameProblem));
  at('path', p.path, repoPathProblem(p.path));
  at('tagPrefix', p.tagPrefix, text(p.tagPrefix, tagPrefixProblem));
  list<string>(p.manifests).forEach((m, i) => at(`manifests[${i}]`, m, repoPathProblem(m)));
  if (p.changelog !== undefined) at('changelog', p.changelog, repoPathProblem(p.changelog));
  list<{ registry: string; name: string }>(p.packages).forEach((k, i) => at(`packages[${i}].name`, k.name, text(k.name, (n) => packageNameProblem(String(k.registry), n))));
  const header = p.settings?.header;
  if (header !== undefined) at('settings.header', header, typeof header === 'string' && typeof p.path === 'string' ? repoPathProblem(joinRepoPath(p.path, header)) : 'is not a path');
  if (p.ci !== undefined) {
    for (const field of ['cargoRoot', 'npmRoot'] as const) {
      if (p.ci[field] !== undefined) at(`ci.${field}`, p.ci[field], repoPathProblem(p.ci[field]));
    }
    list<string>(p.ci.lockfiles).forEach((l, i) => at(`ci.lockfiles[${i}]`, l, repoPathProblem(l)));
  }
  return problems;
}

/** The elements of a list field; a field that is not a list has none (its absence fails elsewhere). */
function list<T = unknown>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

function text(value: unknown, check: (v: string) => string | undefined): string | undefined {
  return typeof value === 'string' ? check(value) : 'is not text';
}
