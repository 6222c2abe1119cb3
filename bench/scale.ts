/**
 * Issue 20's sweep: generated monorepos of N Rust crates (one workspace, a chain of path dependencies)
 * plus N/5 npm packages, N = 10, 200, 1000, each measured side by side in one run:
 *
 *   npx ts-node --project tsconfig.dev.json bench/scale.ts [N ...]
 *
 * For each N: the release plan built from the manifests (the model's part of synth, in this process), a
 * whole synth as `npx projen` does it (a Node process that loads the library and synthesizes) next to a bare
 * projen Project's synth process in the same tree, the job counts and sizes of the generated ci.yml and
 * release.yml against GitHub's limit of 256 jobs per run, and the plan's size. Run after `npx projen
 * compile` (the synth processes load lib/). It prints figures and never fails on a target.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { FsRepoReader, buildPlan, libraryVersion, planConfigOf } from '../src/model';
import { generateMonorepo } from '../test/support/monorepo';

const ROOT = path.resolve(__dirname, '..');
const SIZES = process.argv.slice(2).map(Number).filter((n) => n > 0);
const GITHUB_JOB_LIMIT = 256;

/** What each synth process runs: the products are the generated tree's crates and packages, in order. */
const SYNTH = {
  ours: `const fs = require('fs'); const { LockstepReleaseProject, Product } = require(${JSON.stringify(path.join(ROOT, 'lib'))});
const list = (d) => fs.readdirSync(d).sort().map((e) => d + '/' + e);
const products = [...list('crates').map((p) => Product.rustCrate({ path: p })), ...list('packages').map((p) => Product.npmPackage({ path: p, publish: true }))];
new LockstepReleaseProject({ name: 'bench', outdir: '.', products }).synth();`,
  bare: "const { Project } = require('projen'); new Project({ name: 'bench', outdir: '.' }).synth();",
};

/** Wall time of one synth process in `dir`; a failing synth aborts the benchmark. */
function synthProcess(dir: string, script: string): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`synth failed in ${dir}:\n${r.stderr}`);
  return ms;
}

function timed<T>(fn: () => T): { ms: number; value: T } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

function workflow(dir: string, file: string): { jobs: number; kb: number } {
  const text = fs.readFileSync(path.join(dir, '.github', 'workflows', file), 'utf8');
  return { jobs: Object.keys((parseYaml(text) as { jobs: object }).jobs).length, kb: Buffer.byteLength(text) / 1024 };
}

function measure(n: number): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lockstep-scale-${n}-`));
  const products = generateMonorepo(dir, n, n / 5);
  const repo = new FsRepoReader(dir);
  const plan = timed(() => buildPlan(planConfigOf({ products }, repo, libraryVersion()), repo));
  const bareDir = fs.mkdtempSync(path.join(os.tmpdir(), `lockstep-scale-bare-${n}-`));
  generateMonorepo(bareDir, n, n / 5);
  const bare = { ms: synthProcess(bareDir, SYNTH.bare) };
  const ours = { ms: synthProcess(dir, SYNTH.ours) };
  const ci = workflow(dir, 'ci.yml');
  const release = workflow(dir, 'release.yml');
  const planKb = Buffer.byteLength(JSON.stringify(plan.value)) / 1024;
  for (const d of [dir, bareDir]) fs.rmSync(d, { recursive: true, force: true });
  const over = (jobs: number) => (jobs > GITHUB_JOB_LIMIT ? ' (over 256)' : '');
  return [
    String(n), `${plan.ms.toFixed(0)} ms`, `${ours.ms.toFixed(0)} ms`, `${bare.ms.toFixed(0)} ms`, `${(ours.ms / bare.ms).toFixed(2)}x`,
    `${ci.jobs}${over(ci.jobs)} / ${ci.kb.toFixed(0)} KB`, `${release.jobs}${over(release.jobs)} / ${release.kb.toFixed(0)} KB`, `${planKb.toFixed(0)} KB`,
  ];
}

const header = ['N crates', 'plan', 'synth', 'bare projen synth', 'synth / bare', 'ci.yml jobs / size', 'release.yml jobs / size', 'plan'];
const rows = (SIZES.length > 0 ? SIZES : [10, 200, 1000]).map(measure);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
console.log('Monorepos of N crates + N/5 npm packages (issue 20; targets: synth <= 1.5x bare at N = 1000, job counts constant in N)\n');
for (const r of [header, ...rows]) console.log(r.map((c, i) => c.padStart(widths[i])).join('  '));
