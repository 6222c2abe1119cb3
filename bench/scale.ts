/**
 * Issue 20's sweep: generated monorepos of N Rust crates (one workspace, a chain of path dependencies)
 * plus N/5 npm packages, N = 10, 200, 1000, each measured side by side in one run:
 *
 *   npx ts-node --project tsconfig.dev.json bench/scale.ts [N ...]
 *
 * For each N: the release plan built from the manifests (the model's part of synth, in this process), a
 * whole synth as `npx projen` does it (a Node process that loads the library and synthesizes) next to a bare
 * projen Project's synth process in the same tree, the job counts and sizes of the generated ci.yml and
 * release.yml against GitHub's limit of 256 jobs per run, the plan's size, and the largest value release.yml
 * passes between jobs (the plan job's outputs and the jobs' environment values, for a first release; the
 * release decision itself travels as a file, whose size is shown too). When synth's limit check refuses the
 * generated ci.yml, the repository keeps a CI of its own (`ci: { enabled: false }`) and the table says
 * "refused". Run after `npx projen compile` (the synth processes load lib/). It prints figures and never
 * fails on a target.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { generateMonorepo, writeOwnCi } from './monorepo';
import { FsRepoReader, GITHUB_LIMITS, ReleasePlan, buildPlan, libraryVersion, planConfigOf } from '../src/model';
import { planJobOutputs } from '../src/runtime/release/release-plan';
import { firstReleaseRun } from '../test/support/release-run';

const ROOT = path.resolve(__dirname, '..');
const SIZES = process.argv.slice(2).map(Number).filter((n) => n > 0);

/** What each synth process runs: the products are the generated tree's crates and packages, in order. */
const SYNTH = {
  ours: (ci: boolean) => `const fs = require('fs'); const { LockstepReleaseProject, Product } = require(${JSON.stringify(path.join(ROOT, 'lib'))});
const list = (d) => fs.readdirSync(d).sort().map((e) => d + '/' + e);
const products = [...list('crates').map((p) => Product.rustCrate({ path: p })), ...list('packages').map((p) => Product.npmPackage({ path: p, publish: true }))];
new LockstepReleaseProject({ name: 'bench', outdir: '.', products${ci ? '' : ', ci: { enabled: false }'} }).synth();`,
  bare: "const { Project } = require('projen'); new Project({ name: 'bench', outdir: '.' }).synth();",
};

/** The message of synth's limit check when it refuses the generated ci.yml. */
const CI_REFUSED = /\.github\/workflows\/ci\.yml would exceed GitHub's limits/;

/** Wall time of one synth process in `dir`, or its stderr when it failed. */
function synthProcess(dir: string, script: string): { ms: number; error?: string } {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return r.status === 0 ? { ms } : { ms, error: r.stderr };
}

/** A synth that must succeed; a failure aborts the benchmark. */
function synthOk(dir: string, script: string): number {
  const r = synthProcess(dir, script);
  if (r.error !== undefined) throw new Error(`synth failed in ${dir}:\n${r.error}`);
  return r.ms;
}

/** Our synth: with the generated ci.yml, or, when the limit check refuses it, with a CI of the repository's own. */
function synthOurs(dir: string): { ms: number; ciRefused: boolean } {
  const first = synthProcess(dir, SYNTH.ours(true));
  if (first.error === undefined) return { ms: first.ms, ciRefused: false };
  if (!CI_REFUSED.test(first.error)) throw new Error(`synth failed in ${dir}:\n${first.error}`);
  writeOwnCi(dir);
  return { ms: synthOk(dir, SYNTH.ours(false)), ciRefused: true };
}

/** The largest value release.yml passes between jobs for a first release: plan job outputs and job environment values. */
function largestPassed(plan: ReleasePlan, release: { jobs: Record<string, { env?: Record<string, string> }> }): number {
  const outputs = Object.values(planJobOutputs(plan, firstReleaseRun(plan)));
  const values: string[] = [...outputs, ...Object.values(release.jobs).flatMap((j) => Object.values(j.env ?? {}))];
  return Math.max(...values.map((v) => Buffer.byteLength(v)));
}

function timed<T>(fn: () => T): { ms: number; value: T } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

function workflow(dir: string, file: string): { jobs: number; kb: number; parsed: { jobs: Record<string, { env?: Record<string, string> }> } } {
  const text = fs.readFileSync(path.join(dir, '.github', 'workflows', file), 'utf8');
  const parsed = parseYaml(text) as { jobs: Record<string, { env?: Record<string, string> }> };
  return { jobs: Object.keys(parsed.jobs).length, kb: Buffer.byteLength(text) / 1024, parsed };
}

function measure(n: number): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lockstep-scale-${n}-`));
  const products = generateMonorepo(dir, n, n / 5);
  const repo = new FsRepoReader(dir);
  const plan = timed(() => buildPlan(planConfigOf({ products }, repo, libraryVersion()), repo));
  const bareDir = fs.mkdtempSync(path.join(os.tmpdir(), `lockstep-scale-bare-${n}-`));
  generateMonorepo(bareDir, n, n / 5);
  const bare = { ms: synthOk(bareDir, SYNTH.bare) };
  const ours = synthOurs(dir);
  const ci = ours.ciRefused ? undefined : workflow(dir, 'ci.yml');
  const release = workflow(dir, 'release.yml');
  const planKb = Buffer.byteLength(JSON.stringify(plan.value)) / 1024;
  const decisionKb = Buffer.byteLength(JSON.stringify(firstReleaseRun(plan.value))) / 1024;
  const passedKb = largestPassed(plan.value, release.parsed) / 1024;
  for (const d of [dir, bareDir]) fs.rmSync(d, { recursive: true, force: true });
  const over = (jobs: number) => (jobs > GITHUB_LIMITS.jobsPerRun ? ' (over 256)' : '');
  return [
    String(n), `${plan.ms.toFixed(0)} ms`, `${ours.ms.toFixed(0)} ms`, `${bare.ms.toFixed(0)} ms`, `${(ours.ms / bare.ms).toFixed(2)}x`,
    ci ? `${ci.jobs}${over(ci.jobs)} / ${ci.kb.toFixed(0)} KB` : 'refused by synth', `${release.jobs}${over(release.jobs)} / ${release.kb.toFixed(1)} KB`,
    `${passedKb.toFixed(1)} KB`, `${decisionKb.toFixed(0)} KB`, `${planKb.toFixed(0)} KB`,
  ];
}

const header = [
  'N crates', 'plan', 'synth', 'bare projen synth', 'synth / bare', 'ci.yml jobs / size', 'release.yml jobs / size', 'largest value passed', 'decision (file)', 'plan',
];
const rows = (SIZES.length > 0 ? SIZES : [10, 200, 1000]).map(measure);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
console.log('Monorepos of N crates + N/5 npm packages (issue 20; targets: synth <= 1.5x bare at N = 1000, job counts constant in N, values passed between jobs < 64 KiB)\n');
for (const r of [header, ...rows]) console.log(r.map((c, i) => c.padStart(widths[i])).join('  '));
