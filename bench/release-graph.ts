// The release workflow's job graph for the seed's product set (the example monorepo's ten products) plus
// 1..50 more crates chained on each other (the worst case for publish order: one more wave per crate).
// For each size: the depth of the job graph from the trigger to the umbrella release, counted in jobs,
// and the number of approval waits (jobs referencing the approval environment). Targets: depth <= 5
// and exactly one approval wait, whatever the number of crates.
//
//   npx ts-node --project tsconfig.dev.json bench/release-graph.ts
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'projen';
import { parse as parseYaml } from 'yaml';
import { LockstepReleaseProject, Product } from '../src';
import { APPROVAL_ENVIRONMENT, RELEASE_JOBS } from '../src/model';
import { exampleProducts } from '../test/support/example-products';
import { copyExample } from '../test/support/fixtures';

/** Adds `n` crates to a copy of the example, each depending on the previous one (the first on the engine). */
function withExtraCrates(n: number): { dir: string; products: Product[] } {
  const dir = copyExample();
  const root = path.join(dir, 'Cargo.toml');
  const names = Array.from({ length: n }, (_, i) => `quill-ext-${i + 1}`);
  fs.writeFileSync(root, fs.readFileSync(root, 'utf8').replace('members = [', `members = [\n${names.map((c) => `  "crates/${c}",`).join('\n')}`));
  names.forEach((name, i) => {
    const dep = i === 0 ? 'quill-engine = { path = "../..", version = "0.3.0" }' : `${names[i - 1]} = { path = "../${names[i - 1]}", version = "0.3.0" }`;
    fs.mkdirSync(path.join(dir, 'crates', name, 'src'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'crates', name, 'Cargo.toml'), `[package]\nname = "${name}"\nversion = "0.3.0"\nedition = "2021"\nlicense = "MIT"\n\n[dependencies]\n${dep}\n`);
    fs.writeFileSync(path.join(dir, 'crates', name, 'src', 'lib.rs'), '');
  });
  return { dir, products: [...exampleProducts(), ...names.map((c) => Product.rustCrate({ path: `crates/${c}` }))] };
}

function depthOf(jobs: Record<string, { needs?: string[] }>, job: string): number {
  return 1 + Math.max(0, ...(jobs[job].needs ?? []).map((n) => depthOf(jobs, n)));
}

interface Row { extra: number; crates: number; waves: number; jobs: number; depth: number; approvals: number }

/** Runs `fn` with the console silenced: synthesis warnings about the fixture are not what is measured. */
function quietly<T>(fn: () => T): T {
  const saved = { log: console.log, warn: console.warn, error: console.error };
  console.log = console.warn = console.error = () => undefined;
  try {
    return fn();
  } finally {
    Object.assign(console, saved);
  }
}

function measure(extra: number): Row {
  const { dir, products } = withExtraCrates(extra);
  const project = quietly(() => new LockstepReleaseProject({ name: 'bench', outdir: dir, products }));
  const plan = project.release._plan;
  const wf = parseYaml(quietly(() => Testing.synth(project))['.github/workflows/release.yml']) as { jobs: Record<string, { needs?: string[]; environment?: string | { name: string } }> };
  const approvals = Object.values(wf.jobs).filter((j) => (typeof j.environment === 'string' ? j.environment : j.environment?.name) === APPROVAL_ENVIRONMENT).length;
  return {
    extra,
    crates: plan.tracks[0].products.filter((p) => p.kind === 'rust-crate').length,
    waves: plan.tracks[0].publishWaves.length,
    jobs: Object.keys(wf.jobs).length,
    depth: depthOf(wf.jobs, RELEASE_JOBS.umbrella),
    approvals,
  };
}

const rows = Array.from({ length: 50 }, (_, i) => measure(i + 1));
const header = ['extra crates', 'crates', 'publish waves', 'jobs', 'depth to umbrella', 'approval waits', 'target met'];
const table = rows.map((r) => [r.extra, r.crates, r.waves, r.jobs, r.depth, r.approvals, r.depth <= 5 && r.approvals === 1 ? 'yes' : 'NO'].map(String));
const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i])).join('  ');
console.log('release.yml job graph: example products + N chained crates (targets: depth <= 5, exactly 1 approval wait)\n');
console.log(line(header));
for (const t of table) console.log(line(t));
if (rows.some((r) => r.depth > 5 || r.approvals !== 1)) process.exitCode = 1;
