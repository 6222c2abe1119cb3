import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ACTIONS, ReleaseBump, nextReleaseVersion } from '../../src/model';
import { RealFixture } from '../fixtures/real/configs';
import { packLibrary, projenCreateIn, projenNewIn, run, runIn } from '../support/consumer';
import { REPO_ROOT, git } from '../support/fixtures';
import { fixtureCargoEnv, realRepo } from '../support/real-repos';

/**
 * Issue 11, item 2: the newcomer path on each real-shape fixture, as a new user takes it with the packed
 * library: `projen new --from <tarball>`, `npx projen` twice, the generated bump script to the next minor,
 * then `lockstep verify`. Packed once for the file.
 */
let tarball: string;

/** pnpm installed by .ci/install-fixture-tools.sh (StarStats' own version, 9.15.0). */
const PNPM = path.join(REPO_ROOT, '.tools', 'pnpm', 'node_modules', '.bin', 'pnpm');

beforeAll(() => {
  tarball = packLibrary();
}, 120_000);

/** A semver version anywhere in a line. */
const VERSION = /\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?/g;

/**
 * Every line the bump changed, as `git diff -U0` pairs them: each hunk removes as many lines as it adds, and
 * each added line is its removed line with versions set to `next` — a version field or a pin, nothing else.
 */
function changedLinesOtherThanVersions(dir: string, next: string): string[] {
  const diff = git(dir, 'diff', '-U0', '--no-color');
  const problems: string[] = [];
  let file = '';
  for (const hunk of diff.split(/\n(?=@@ |diff --git )/)) {
    const header = /^diff --git a\/(\S+)/.exec(hunk);
    if (header) {
      file = header[1];
      continue;
    }
    const lines = hunk.split('\n').slice(1);
    const removed = lines.filter((l) => l.startsWith('-')).map((l) => l.slice(1));
    const added = lines.filter((l) => l.startsWith('+')).map((l) => l.slice(1));
    if (removed.length !== added.length) problems.push(`${file}: ${removed.length} line(s) removed, ${added.length} added`);
    removed.forEach((r, i) => {
      if (r.replace(VERSION, next) !== added[i]) problems.push(`${file}: '${r}' became '${added[i]}'`);
    });
  }
  return problems;
}

function bumpScriptOf(dir: string): string {
  const files: string[] = JSON.parse(fs.readFileSync(path.join(dir, '.projen/files.json'), 'utf8')).files;
  const scripts = files.filter((f) => f.endsWith('.sh'));
  expect(scripts).toHaveLength(1);
  return scripts[0];
}

/**
 * What `lockstep verify` still reports right after the bump, per fixture: SQLRite's notes example installs
 * the npm package from the registry, so its lockfile can follow only once the new version is published.
 *
 * StarStats is below: projen's own CLI cannot bootstrap it, so its path starts differently. Not here: ruvector's
 * root npm workspace names a package the registry does not have, so `npm install` — and with it the install
 * `projen new` runs before this library is loaded — fails there.
 */
const AWAITING_PUBLISH: Record<string, string[]> = {
  sqlrite: ['examples/nodejs-notes/package-lock.json: resolves @joaoh82/sqlrite at 0.10.1 (node_modules/@joaoh82/sqlrite), which does not satisfy ^'],
  dioxide: [],
};

/**
 * The newcomer path after the bootstrap: a clean tree, `npx projen` twice (each clean), the generated bump
 * script to the next minor (only versions and pins change, only in the plan's files; cargo accepts every
 * workspace offline), then `lockstep verify`, which reports exactly the `awaiting` problems (by their start).
 */
function synthesizeBumpAndVerify(dir: string, fixture: RealFixture, awaiting: readonly string[]): void {
  expect(git(dir, 'status', '--porcelain')).toBe('');
  for (let i = 0; i < 2; i++) {
    run(dir, 'npx', ['projen']);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  }
  const plan = JSON.parse(fs.readFileSync(path.join(dir, '.lockstep/release-plan.json'), 'utf8'));
  const next = nextReleaseVersion(fixture.releases[0].version, ReleaseBump.MINOR);
  const script = bumpScriptOf(dir);
  run(dir, 'bash', [script, next], { RUSTUP_TOOLCHAIN: fixtureCargoEnv().RUSTUP_TOOLCHAIN ?? '' });

  expect(changedLinesOtherThanVersions(dir, next)).toEqual([]);
  type Track = { manifests: string[]; lockfiles: Array<{ file: string }> };
  const allowed = new Set(plan.tracks.flatMap((t: Track) => [...t.manifests, ...t.lockfiles.map((l) => l.file)]));
  const changed = git(dir, 'diff', '--name-only').split('\n').filter((f) => f !== '');
  expect(changed.length).toBeGreaterThan(0);
  expect(changed.filter((f) => !allowed.has(f))).toEqual([]);
  for (const ws of fixture.facts.cargoWorkspaces) {
    execFileSync('cargo', ['metadata', '--locked', '--offline', '--format-version', '1'], { cwd: path.join(dir, ws), env: fixtureCargoEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  }
  const verify = runIn(dir, 'npx', ['--no-install', 'lockstep', 'verify']);
  const problems = verify.stderr.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.trim());
  expect(problems.map((p) => awaiting.find((start) => p.startsWith(start)) ?? p)).toEqual(awaiting);
  expect(verify.status).toBe(awaiting.length === 0 ? 0 : 1);
}

/**
 * Issue 17: flovyn's napi build legs. Its napi-rs v2 triples (the defaults plus both arm64 targets and both
 * musl targets) each get one; the musl ones link with zig on x64 Linux and are not loaded there.
 */
const FLOVYN_NAPI_LEGS = [
  { platform: 'linux-x64', runner: 'ubuntu-24.04', cross: false },
  { platform: 'linux-arm64', runner: 'ubuntu-24.04-arm', cross: false },
  { platform: 'macos-arm64', runner: 'macos-26', cross: false },
  { platform: 'macos-x64', runner: 'macos-15-intel', cross: false },
  { platform: 'windows-x64', runner: 'windows-2025', cross: false },
  { platform: 'linux-x64-musl', runner: 'ubuntu-24.04', cross: true },
  { platform: 'linux-arm64-musl', runner: 'ubuntu-24.04', cross: true },
];

/** Each generated workflow job that builds a napi binary: its legs, and the command of its zig build step. */
function napiBuildJobs(dir: string): Array<{ legs: unknown[]; zigBuild?: string }> {
  const files: string[] = JSON.parse(fs.readFileSync(path.join(dir, '.projen/files.json'), 'utf8')).files;
  return files.filter((f) => f.startsWith('.github/workflows/')).flatMap((f) => {
    const wf = parseYaml(fs.readFileSync(path.join(dir, f), 'utf8'));
    return Object.values<any>(wf.jobs).filter((j) => j.steps.some((st: any) => st.name === 'Build the native binary')).map((j) => ({
      legs: j.strategy.matrix.include.map((l: any) => ({ platform: l.platform, runner: l.runner, cross: l.cross ?? false })),
      zigBuild: j.steps.find((st: any) => st.name === 'Build the native binary with zig as the linker')?.run,
    }));
  });
}

describe('the newcomer path on real repositories', () => {
  for (const name of Object.keys(AWAITING_PUBLISH)) {
    it(`GIVEN ${name} WHEN bootstrapped, synthesized twice and bumped to the next minor THEN only versions and pins change, cargo and verify accept the result`, () => {
      const { dir, fixture } = realRepo(name);
      const r = projenNewIn(dir, tarball);
      if (r.status !== 0) throw new Error(`projen new failed:\n${r.stdout}\n${r.stderr}`);
      synthesizeBumpAndVerify(dir, fixture, AWAITING_PUBLISH[name]);
    }, 300_000);
  }

  it('GIVEN StarStats, whose package.json has @tauri-apps/cli among its devDependencies WHEN projen new --from runs THEN projen itself takes that package for the module it installed, and nothing of this library runs', () => {
    const { dir } = realRepo('starstats');
    const r = projenNewIn(dir, tarball);
    expect(r.status).not.toBe(0);
    // projen's CLI names the module it installed by the first devDependency other than projen (npm sorts
    // them): any root devDependency that sorts before projen-lockstep-release stops it (projen 0.103.25).
    expect(r.stdout + r.stderr).toContain("Module '@tauri-apps/cli' does not look like it is compatible with projen. Reason: Cannot find '@tauri-apps/cli/.jsii'.");
    for (const f of ['.projenrc.ts', '.lockstep', '.projen']) expect(fs.existsSync(path.join(dir, f)), f).toBe(false);
  }, 180_000);

  it('GIVEN StarStats, a pnpm workspace with a flat Tauri app WHEN bootstrapped as projen new does once it has the module THEN pnpm-lock.yaml follows, the workflows install with pnpm, and synth, bump and verify go through', () => {
    const { dir, fixture } = realRepo('starstats');
    const r = projenCreateIn(dir, tarball);
    if (r.status !== 0) throw new Error(`bootstrap failed:\n${r.stdout}\n${r.stderr}`);
    expect(r.stdout + r.stderr).toMatch(/^.*pnpm-lock\.yaml was updated for the devDependencies projen new added, so the workflows' `pnpm install --frozen-lockfile` passes\.$/m);
    expect(fs.existsSync(path.join(dir, 'package-lock.json'))).toBe(false);
    // pnpm itself agrees the lockfile matches every package.json, projen's additions included.
    run(dir, PNPM, ['install', '--frozen-lockfile', '--lockfile-only', '--offline']);

    const projenrc = fs.readFileSync(path.join(dir, '.projenrc.ts'), 'utf8');
    expect(projenrc.split('\n').filter((l) => /^ {4}Product\./.test(l)).map((l) => l.trim())).toEqual([
      "Product.tauriApp({ path: 'crates/starstats-client', name: 'starstats-client', signing: { updater: {} } }),",
      "Product.rustCrate({ path: 'crates/starstats-core', name: 'starstats-core' }),",
      "Product.rustCrate({ path: 'crates/starstats-server', name: 'starstats-server' }),",
    ]);
    // The pnpm workspace's packages are private: excluded, saying so, instead of released.
    const excluded = [...projenrc.matchAll(/^ {4}\/\/ (.*)\n {4}'([^']+)',$/gm)].map((m) => `${m[2]}: ${m[1]}`);
    expect(excluded).toEqual(['apps/tray-ui', 'apps/web', '', 'packages/api-client-ts', 'packages/design-tokens', 'packages/reference-data'].map((d) => {
      const file = d === '' ? 'package.json' : `${d}/package.json`;
      const version = d.startsWith('packages/') && d !== 'packages/api-client-ts' ? '0.0.0' : '1.0.0';
      return `${file}: "private": true, so npm never publishes it, and it carries "version": "${version}": the bump leaves it as it is (declare a product for it to version it too)`;
    }));

    // The generated release workflow installs the lockstep CLI with the repository's pnpm (its
    // packageManager field: pnpm/action-setup reads it, so no version is given), never with npm.
    const workflow = parseYaml(fs.readFileSync(path.join(dir, '.github/workflows/lockstep-release.yml'), 'utf8'));
    type Step = { name: string; run?: string; uses?: string; with?: unknown };
    const jobs = Object.entries(workflow.jobs as Record<string, { steps: Step[] }>);
    const installing = jobs.filter(([, j]) => j.steps.some((st) => st.name === 'Install the lockstep CLI'));
    expect(installing.length).toBeGreaterThan(0);
    for (const [id, job] of installing) {
      const at = job.steps.findIndex((st) => st.name === 'Install the lockstep CLI');
      expect(job.steps[at].run, id).toBe('pnpm install --frozen-lockfile --ignore-scripts');
      expect(job.steps[at - 1], id).toEqual({ name: 'Set up pnpm', uses: `${ACTIONS.pnpmSetup.repo}@${ACTIONS.pnpmSetup.sha}` });
    }
    expect(jobs.flatMap(([, j]) => j.steps).filter((st) => /\bnpm (ci|install)\b/.test(st.run ?? ''))).toEqual([]);

    synthesizeBumpAndVerify(dir, fixture, []);
  }, 300_000);

  it('GIVEN flovyn, whose napi-rs v2 triples list both musl targets WHEN bootstrapped THEN each target gets a build leg, the musl ones linked with --zig, and synth, bump and verify go through', () => {
    const { dir, fixture } = realRepo('flovyn-sdk-rust');
    const r = projenNewIn(dir, tarball);
    if (r.status !== 0) throw new Error(`projen new failed:\n${r.stdout}\n${r.stderr}`);
    expect(napiBuildJobs(dir)).toEqual([{ legs: FLOVYN_NAPI_LEGS, zigBuild: 'npx --no-install napi build --platform --release --target "$TARGET" --zig' }]);
    synthesizeBumpAndVerify(dir, fixture, []);
  }, 300_000);
});
