import * as fs from 'fs';
import * as path from 'path';
import { FsRepoReader, ReleasePlan, buildPlan, planConfigOf, toPep440 } from '../../../src/model';
import { GitCli } from '../../../src/runtime/release/git';
import { Log, PackageRef, ProbeState, Registry } from '../../../src/runtime/release/ports';
import { SpawnExec } from '../../../src/runtime/release/real-deps';
import { ReleaseRun, RunProduct } from '../../../src/runtime/release/run';
import { exampleProducts } from '../../support/example-products';
import { copyExample, git, gitInit, tempDir } from '../../support/fixtures';
import { releaseRun as releaseRunOf } from '../../support/release-run';

/** The example monorepo as a git repository on `main`, with a bare `origin` holding main. */
export interface ExampleRepo {
  readonly dir: string;
  readonly remote: string;
  readonly plan: ReleasePlan;
  readonly git: GitCli;
}

/** A git copy of the example with a bare origin. */
export function exampleRepo(): ExampleRepo {
  const dir = gitInit(copyExample());
  const remote = tempDir('lockstep-origin-');
  git(remote, 'init', '-q', '--bare');
  git(dir, 'remote', 'add', 'origin', remote);
  git(dir, 'push', '-q', 'origin', 'main');
  const repo = new FsRepoReader(dir);
  const config = planConfigOf({ products: exampleProducts() }, repo, '0.0.0');
  const plan = buildPlan(config, repo);
  return { dir, remote, plan, git: new GitCli(new SpawnExec(process.env, dir)) };
}

/** Rewrites every manifest and lockfile of the track from one version to another (what the bump does) and commits. */
export function bumpAndCommit(r: ExampleRepo, from: string, to: string, subject: string): string {
  for (const file of [...r.plan.tracks[0].manifests, ...r.plan.tracks[0].lockfiles.map((l) => l.file)]) {
    const full = path.join(r.dir, file);
    const text = fs.readFileSync(full, 'utf8');
    const next = file.endsWith('pyproject.toml') ? text.split(toPep440(from)).join(toPep440(to)) : text.split(from).join(to);
    fs.writeFileSync(full, next);
  }
  return commitAll(r, subject);
}

/** Commits everything with a subject; returns the new commit. */
export function commitAll(r: ExampleRepo, subject: string): string {
  git(r.dir, 'add', '-A');
  git(r.dir, 'commit', '-q', '--allow-empty', '-m', subject);
  return git(r.dir, 'rev-parse', 'HEAD').trim();
}

/** Tags a commit with an annotated tag and pushes it to origin. */
export function tagAndPush(r: ExampleRepo, tag: string, commit: string): void {
  git(r.dir, 'tag', '-a', tag, commit, '-m', tag);
  git(r.dir, 'push', '-q', 'origin', `refs/tags/${tag}`);
}

/** A registry that answers from a set of `target:name@version` strings, and counts what it was asked. */
export class TableRegistry implements Registry {
  public readonly asked: string[] = [];
  constructor(public readonly published: Set<string> = new Set(), private readonly failing: Set<string> = new Set()) {}
  public async probe(ref: PackageRef): Promise<ProbeState> {
    const key = `${ref.target}:${ref.name}@${ref.version}`;
    this.asked.push(key);
    if (this.failing.has(key)) throw new Error(`probing ${key}: HTTP 503`);
    return this.published.has(key) ? 'published' : 'missing';
  }
}

/** A log that keeps its lines. */
export function memoryLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(m),
    notice: (m) => lines.push(`::notice::${m}`),
    warning: (m) => lines.push(`::warning::${m}`),
    error: (m) => lines.push(`::error::${m}`),
  };
}

/**
 * A release run of `version` of `products`, everything else as test/support/release-run.ts's `releaseRun`
 * has it unless `fields` says otherwise.
 */
export function releaseRun(version: string, products: RunProduct[], fields: Partial<ReleaseRun> = {}): ReleaseRun {
  return releaseRunOf({ version, products, ...fields });
}

/**
 * A plain npm package product of a release run, not yet on npm: a prerelease goes under `rc`, a release
 * under `latest`.
 */
export function npmProduct(name: string, pkg: string, version: string, dependsOn: string[] = [], explicitDependsOn?: string[]): RunProduct {
  return {
    name,
    kind: 'npm-package',
    path: name,
    tag: `${name}-v${version}`,
    githubRelease: false,
    dependsOn,
    ...(explicitDependsOn ? { explicitDependsOn } : {}),
    settings: {},
    packages: [{ target: 'npm', name: pkg, version, distTag: version.includes('-') ? 'rc' : 'latest', state: 'missing' }],
  };
}
