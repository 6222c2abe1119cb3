/**
 * Benchmark of `lockstep bump` as maintainers run it (issues 3 and 14). Run from the repository root after
 * `npx projen compile` (and `.ci/fetch-fixture-crates.sh` once, for SQLRite's crates):
 *
 *   npx ts-node --project tsconfig.dev.json bench/bump.ts [runs]
 *
 * Every figure is a whole process on a fresh copy, measured side by side in one run: each round runs every
 * variant once, in turn, so a load spike on this shared machine hits them alike; medians over the rounds.
 *
 *  - The example (examples/polyglot), bumped by its generated `scripts/bump-version.sh` (which runs the
 *    installed CLI with node): without lockfile tools (cargo not on the PATH), with them, and each
 *    `cargo update --workspace --offline` it needs on its own. Targets (issue 14): without tools
 *    <= 2x `node -e 0`; with them <= 1.2x the slowest single cargo update. Beside them, Node loading the
 *    CLI's bump modules and doing nothing, so the figures say how much is start-up and how much work.
 *  - A real-tree fixture shaped like SQLRite (test/fixtures/real/sqlrite): our bump next to SQLRite's own
 *    kind of script (bench/sqlrite-sed-bump.sh, a stand-in written from the facts) and that script followed by
 *    `cargo update -w` in both of its Cargo workspaces, which is what ours does. Once, untimed, it compares
 *    what each leaves behind.
 *  - A generated monorepo of 500 crates and 100 npm packages (issue 3): under 2 s.
 *
 * It prints a table and the targets as ratios, and never fails on a target: tests time nothing.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateMonorepo } from './monorepo';
import { FsRepoReader, PlanOptions, Product, buildPlan, libraryVersion, planConfigOf } from '../src/model';
import { copyRealFixture, fixtureCargoEnv, realFixture, realRepo } from '../test/support/real-repos';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'lib', 'runtime', 'cli.js');
const RUNS = Number(process.argv[2] ?? 7);
const SED_BUMP = path.join(ROOT, 'bench', 'sqlrite-sed-bump.sh');

/** cargo's environment for every process: the default toolchain where a fixture pins one this machine lacks. */
const CARGO_ENV = fixtureCargoEnv();
/** The real python3 first on the PATH (a pyenv shim would add its own start-up to SQLRite's script). */
const PYTHON_DIR = path.dirname(execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim());
const WITH_CARGO: NodeJS.ProcessEnv = { ...CARGO_ENV, PATH: [PYTHON_DIR, CARGO_ENV.PATH].join(path.delimiter) };
/** The same PATH without any directory holding cargo: the bump then runs no lockfile tool. */
const WITHOUT_CARGO: NodeJS.ProcessEnv = {
  ...WITH_CARGO,
  PATH: (WITH_CARGO.PATH ?? '').split(path.delimiter).filter((d) => d !== '' && !fs.existsSync(path.join(d, 'cargo'))).join(path.delimiter),
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Wall time of one process, in milliseconds, and its output; a failing run aborts the benchmark. */
function timeProcess(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = WITH_CARGO): { ms: number; stdout: string } {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${r.stderr}${r.error ?? ''}`);
  return { ms, stdout: r.stdout };
}

function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true, filter: (src) => !['node_modules', 'target'].includes(path.basename(src)) });
  for (const f of fs.readdirSync(to, { recursive: true, withFileTypes: true })) if (f.isFile()) fs.chmodSync(path.join(f.parentPath, f.name), 0o644);
}

function writePlan(dir: string, options: PlanOptions): { ms: number; sites: number; files: number } {
  const start = process.hrtime.bigint();
  const repo = new FsRepoReader(dir);
  const plan = buildPlan(planConfigOf(options, repo, libraryVersion()), repo);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  fs.mkdirSync(path.join(dir, '.lockstep'), { recursive: true });
  fs.writeFileSync(path.join(dir, plan.planFile), JSON.stringify(plan, null, 2));
  return { ms, sites: plan.tracks[0].sites.length, files: plan.tracks[0].manifests.length + plan.tracks[0].lockfiles.length };
}

/**
 * Installs this library into a tree the way a consumer has it (node_modules/projen-lockstep-release, a link
 * to this checkout) and gives it the example's generated bump script, which runs that CLI with node.
 */
function installBumpScript(dir: string): void {
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'projen-lockstep-release'), 'dir');
  fs.mkdirSync(path.join(dir, 'scripts'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'examples', 'polyglot', 'scripts', 'bump-version.sh'), path.join(dir, 'scripts', 'lockstep-bump.sh'));
}

/** One timed variant: how to prepare its fresh copy (untimed) and what to time in it. */
interface Variant {
  readonly label: string;
  /** A fresh directory to time in. */
  prepare(): string;
  /** The timed process; returns its wall time. Checks on its output run after the clock stops. */
  run(dir: string): number;
}

/** Runs every variant once per round, in turn; returns each variant's times in round order. */
function rounds(variants: readonly Variant[]): Map<string, number[]> {
  const times = new Map<string, number[]>(variants.map((v) => [v.label, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const v of variants) {
      const dir = v.prepare();
      times.get(v.label)!.push(v.run(dir));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return times;
}

/** The bump's --json result says how each lockfile tool went; a figure is only worth printing when they went as labelled. */
function expectTools(stdout: string, outcome: string, label: string): void {
  const tools = (JSON.parse(stdout) as { lockfileTools: Array<{ file: string; outcome: string; detail?: string }> }).lockfileTools;
  const wrong = tools.filter((t) => t.outcome !== outcome);
  if (tools.length === 0 || wrong.length > 0) throw new Error(`${label}: expected every lockfile tool ${outcome}, got ${JSON.stringify(tools)}`);
}

interface Row {
  readonly label: string;
  readonly ms: number;
  readonly runs: number[];
}

function table(rows: readonly Row[], nodeMs: number): void {
  const w = Math.max(...rows.map((r) => r.label.length));
  console.log(`${'variant'.padEnd(w)}  ${'median ms'.padStart(9)}  ${'x node'.padStart(6)}  runs (ms)`);
  for (const r of rows) {
    console.log(`${r.label.padEnd(w)}  ${r.ms.toFixed(0).padStart(9)}  ${(r.ms / nodeMs).toFixed(2).padStart(6)}  ${r.runs.map((t) => t.toFixed(0)).join(', ')}`);
  }
}

const EXAMPLE_PRODUCTS = [
  Product.rustCrate({ path: '.', name: 'quill' }), Product.cFfi({ path: 'quill-ffi', header: 'include/quill.h' }),
  Product.rustCrate({ path: 'quill-ask' }), Product.rustCrate({ path: 'quill-mcp' }), Product.maturin({ path: 'sdk/python', name: 'quill-py' }),
  Product.napi({ path: 'sdk/nodejs', name: 'quill-node' }), Product.wasmPack({ path: 'sdk/wasm', npmPackage: '@quill-db/quill-wasm' }),
  Product.goModule({ path: 'sdk/go' }), Product.tauriApp({ path: 'desktop' }), Product.npmPackage({ path: 'examples/notes' }),
];

/** Fresh copies of a template tree. */
function copies(template: string): () => string {
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-bench-'));
    fs.cpSync(template, dir, { recursive: true, verbatimSymlinks: true });
    return dir;
  };
}

/** A copy of `tree` (links kept) bumped to `version` without cargo: the state cargo meets inside the bump. */
function bumpedCopy(tree: string, dir: string, version: string): string {
  fs.cpSync(tree, dir, { recursive: true, verbatimSymlinks: true });
  timeProcess('bash', ['scripts/lockstep-bump.sh', version], dir, WITHOUT_CARGO);
  return dir;
}

/** The Cargo workspaces (directories of the Cargo.lock files) a bump's --json result says it ran cargo in. */
function cargoWorkspacesOf(stdout: string): string[] {
  return (JSON.parse(stdout) as { lockfileTools: Array<{ file: string }> }).lockfileTools.map((t) => path.dirname(t.file));
}

function main(): void {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npx projen compile\` first.`);
  if (WITHOUT_CARGO.PATH === WITH_CARGO.PATH) throw new Error('cargo is not on the PATH: the lockfile-tool figures need it');
  const templates: string[] = [];
  const template = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-bench-template-'));
    templates.push(dir);
    return dir;
  };

  // The example, planned as .projenrc.ts declares it, with the library installed and its generated script.
  const example = template();
  copyTree(path.join(ROOT, 'examples', 'polyglot'), example);
  const ex = writePlan(example, { products: EXAMPLE_PRODUCTS });
  installBumpScript(example);
  // The workspaces the bump needs cargo in, and their state when cargo meets them (after the surgical edit).
  const probe = copies(example)();
  const exWorkspaces = cargoWorkspacesOf(timeProcess('bash', ['scripts/lockstep-bump.sh', '0.4.0', '--json'], probe, WITH_CARGO).stdout);
  const exBumped = bumpedCopy(example, template(), '0.4.0');
  fs.rmSync(probe, { recursive: true, force: true });

  // SQLRite: the fixture, planned as its maintainers would declare it, bumped to its next minor.
  const fixture = realFixture('sqlrite');
  const sqlrite = copyRealFixture('sqlrite', template());
  writePlan(sqlrite, fixture.options() as PlanOptions);
  installBumpScript(sqlrite);
  const next = '0.15.0';
  const srWorkspaces = fixture.facts.cargoWorkspaces;

  const node = (): Variant => ({ label: 'node -e 0', prepare: () => fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-bench-')), run: (dir) => timeProcess(process.execPath, ['-e', '0'], dir).ms });
  const ourBump = (label: string, tree: string, version: string, env: NodeJS.ProcessEnv, outcome: string): Variant => ({
    label,
    prepare: copies(tree),
    run: (dir) => {
      const r = timeProcess('bash', ['scripts/lockstep-bump.sh', version, '--json'], dir, env);
      expectTools(r.stdout, outcome, label);
      return r.ms;
    },
  });
  const cargoUpdate = (label: string, tree: string, ws: string, args: string[]): Variant => ({
    label, prepare: copies(tree), run: (dir) => timeProcess('cargo', args, path.join(dir, ws)).ms,
  });
  const srBumped = bumpedCopy(sqlrite, template(), next);

  const exPlain = ourBump('example: bump, no lockfile tools', example, '0.4.0', WITHOUT_CARGO, 'unavailable');
  const exTools = ourBump(`example: bump + cargo in ${exWorkspaces.length} workspaces`, example, '0.4.0', WITH_CARGO, 'confirmed');
  const exCargo = exWorkspaces.map((ws) => cargoUpdate(`example: cargo update --workspace --offline in ${ws}`, exBumped, ws, ['update', '--workspace', '--offline']));
  const srPlain = ourBump('SQLRite: our bump, no lockfile tools', sqlrite, next, WITHOUT_CARGO, 'unavailable');
  const srTools = ourBump(`SQLRite: our bump + cargo in ${srWorkspaces.length} workspaces`, sqlrite, next, WITH_CARGO, 'confirmed');
  const srSed: Variant = { label: 'SQLRite: their sed script', prepare: copies(sqlrite), run: (dir) => timeProcess('bash', [SED_BUMP, next], dir).ms };
  const srSedCargo: Variant = {
    label: `SQLRite: their sed script + cargo update -w in ${srWorkspaces.length} workspaces`,
    prepare: copies(sqlrite),
    run: (dir) => timeProcess('bash', ['-c', `bash "$0" ${next} && ${srWorkspaces.map((ws) => `(cd '${ws}' && cargo update -w --offline -q)`).join(' && ')}`, SED_BUMP], dir).ms,
  };
  const srCargo = srWorkspaces.map((ws) => cargoUpdate(`SQLRite: cargo update -w --offline in ${ws}`, srBumped, ws, ['update', '-w', '--offline']));
  const nodeStart = node();
  // Where the time of a bump without tools goes: Node's start, then loading the CLI's modules, then the work.
  const loadOnly: Variant = {
    label: 'node: load the bump CLI, no work',
    prepare: () => fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-bench-')),
    run: (dir) => timeProcess(process.execPath, ['-e', `require(${JSON.stringify(path.join(ROOT, 'lib', 'runtime', 'commands', 'bump.js'))})`], dir).ms,
  };
  const variants: Variant[] = [nodeStart, loadOnly, exPlain, exTools, ...exCargo, srPlain, srTools, srSed, srSedCargo, ...srCargo];
  console.log(`example: ${ex.sites} version sites in ${ex.files} files; SQLRite fixture bumped ${fixture.releases[0].version} -> ${next}; ${RUNS} rounds`);
  const times = rounds(variants);
  const ms = (v: Variant) => median(times.get(v.label)!);
  table(variants.map((v) => ({ label: v.label, ms: ms(v), runs: times.get(v.label)! })), ms(nodeStart));

  // Ratios are taken within each round (both sides ran seconds apart) and their median printed.
  const roundRatio = (a: Variant, b: (round: number) => number) => median(times.get(a.label)!.map((t, i) => t / b(i)));
  const at = (v: Variant) => (round: number) => times.get(v.label)![round];
  const slowestOf = (vs: readonly Variant[]) => (round: number) => Math.max(...vs.map((v) => times.get(v.label)![round]));
  const fixed = (x: number) => x.toFixed(2);
  console.log('');
  console.log(`example bump without lockfile tools: ${fixed(roundRatio(exPlain, at(nodeStart)))}x node -e 0 (target <= 2)`);
  console.log(`  of which loading the CLI: ${fixed(roundRatio(loadOnly, at(nodeStart)))}x node -e 0; the bump's work: ${fixed(median(times.get(exPlain.label)!.map((t, i) => t - times.get(loadOnly.label)![i])))} ms`);
  console.log(`example bump with them: ${fixed(roundRatio(exTools, slowestOf(exCargo)))}x the slowest single cargo update it needs (target <= 1.2)`);
  // Any bump runs Node and then cargo (which cannot start before the manifests are written): their sum is its floor.
  const floor = median(times.get(nodeStart.label)!.map((t, i) => (t + slowestOf(exCargo)(i)) / slowestOf(exCargo)(i)));
  console.log(`  floor for any bump in Node: node -e 0 + that cargo update = ${fixed(floor)}x it`);
  console.log(`SQLRite bump with them: ${fixed(roundRatio(srTools, slowestOf(srCargo)))}x the slowest single cargo update it needs`);
  console.log(`SQLRite: our bump ${fixed(roundRatio(srTools, at(srSed)))}x their sed script; ${fixed(roundRatio(srTools, at(srSedCargo)))}x their script + cargo update -w`);
  compareSqlrite(next, srWorkspaces);

  // Issue 3's large monorepo: the CLI directly, as before.
  const large = template();
  const products = generateMonorepo(large, 500, 100);
  const lp = writePlan(large, { products });
  console.log('');
  console.log(`large: ${products.length} products, ${lp.sites} version sites in ${lp.files} files; buildPlan took ${lp.ms.toFixed(0)} ms (at synth, not timed)`);
  const lg = rounds([{ label: 'large', prepare: copies(large), run: (dir) => timeProcess(process.execPath, [CLI, 'bump', '0.2.0'], dir).ms }]).get('large')!;
  console.log(`large: bump 0.2.0 (cargo update --offline) median ${median(lg).toFixed(0)} ms (target < 2000; runs ${lg.map((t) => t.toFixed(0)).join(', ')})`);
  for (const dir of templates) fs.rmSync(dir, { recursive: true, force: true });
}

/** Untimed: what our bump and their script + cargo leave behind in SQLRite, file by file. */
function compareSqlrite(next: string, workspaces: readonly string[]): void {
  const changed = (dir: string) => execFileSync('git', ['diff', '--name-only'], { cwd: dir, encoding: 'utf8' }).split('\n').filter(Boolean);
  const ours = realRepo('sqlrite').dir;
  writePlan(ours, realFixture('sqlrite').options() as PlanOptions);
  execFileSync('git', ['add', '-A'], { cwd: ours });
  execFileSync('git', ['commit', '-qm', 'plan'], { cwd: ours });
  execFileSync(process.execPath, [CLI, 'bump', next], { cwd: ours, env: WITH_CARGO });
  const theirs = realRepo('sqlrite').dir;
  execFileSync('bash', [SED_BUMP, next], { cwd: theirs, env: WITH_CARGO });
  for (const ws of workspaces) execFileSync('cargo', ['update', '-w', '--offline', '-q'], { cwd: path.join(theirs, ws), env: WITH_CARGO });
  const [a, b] = [changed(ours), changed(theirs)];
  const same = a.filter((f) => b.includes(f) && fs.readFileSync(path.join(ours, f), 'utf8') === fs.readFileSync(path.join(theirs, f), 'utf8'));
  console.log(`SQLRite files changed: ours ${a.length}, theirs + cargo ${b.length}; ${same.length} identical in both`);
  const onlyOurs = a.filter((f) => !b.includes(f));
  const differ = a.filter((f) => b.includes(f) && !same.includes(f));
  if (onlyOurs.length > 0) console.log(`  only ours: ${onlyOurs.join(', ')}`);
  if (b.some((f) => !a.includes(f))) console.log(`  only theirs: ${b.filter((f) => !a.includes(f)).join(', ')}`);
  if (differ.length > 0) console.log(`  both, differently: ${differ.join(', ')}`);
  for (const dir of [ours, theirs]) fs.rmSync(dir, { recursive: true, force: true });
}

if (require.main === module) main();
