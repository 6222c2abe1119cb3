import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { accepted } from '../../../src/runtime/rehearse/registry-state';
import { ScenarioResult } from '../../../src/runtime/rehearse/rehearsal';
import { REPO_ROOT, git } from '../../support/fixtures';
import { fixtureCargoEnv } from '../../support/real-repos';
import { REHEARSAL_TIMEOUT_MS, adoptedFixture, rehearseIn } from '../../support/rehearsal';

/**
 * The sqlrite fixture (seed 000, the primary design) rehearsed end to end: its generated release.yml run
 * against estuary playing crates.io, the bare remote and the GitHub Releases stand-in. estuary is seeded
 * with the exact crates.io versions the fixture's Cargo.lock names (src/runtime/rehearse/crates-seed.ts),
 * so `cargo package` and `cargo publish` resolve clap, serde, ureq… as on crates.io.
 *
 * The crates rehearsed are the three sqlrite publishes to crates.io: sqlrite-ask, sqlrite-engine (whose
 * optional `ask` feature depends on sqlrite-ask 0.14.0, so it goes after it) and sqlrite-mcp (which depends
 * on sqlrite-engine). Left out, each for a reason of this machine or of cost:
 * - sqlrite-ffi: a C library shipped as tarballs on GitHub Releases, not a crate on crates.io; its release
 *   build compiles the engine's dependencies once more in release mode (minutes on two cores).
 * - sdk-go: its module links that C library (cgo), so it goes with sqlrite-ffi.
 * - sqlrite-py (maturin) and sqlrite-node (napi): each compiles the engine again as an extension module
 *   (minutes each); the dioxide and example rehearsals cover those kinds.
 * - sqlrite-wasm: one more wasm build of the engine (minutes on two cores; the rehearsal stands in for the
 *   GitHub downloads wasm-pack makes), and the example rehearsal already covers the wasm kind.
 * - sqlrite-desktop: the fixture does not declare the Tauri CLI, and the webview libraries are not here.
 * sqlrite-notes is no product here (see maintainersFirstRelease).
 *
 * Cost, measured on the project's two-core machine: the dependencies are compiled twice in the first run,
 * as on GitHub, where each job starts with an empty target directory: by the check job's `cargo package`
 * of the three crates (194 s cold on a quiet machine, 333 s with other builds running) and again by
 * `cargo publish`'s verify builds in the publish job (221 s with other builds running). The re-run builds
 * nothing (6 s). The whole test took 606 s on the busy machine.
 */
const WITHOUT = ['sqlrite-ffi', 'sdk-go', 'sqlrite-py', 'sqlrite-node', 'sqlrite-wasm', 'sqlrite-desktop'];
const CRATES = ['sqlrite-ask', 'sqlrite-engine', 'sqlrite-mcp'];
/**
 * The fixture's Cargo.lock (test/fixtures/real/sqlrite, as committed in ef8f7a3) locks 668 crates.io
 * versions of 574 crate names, none of them a sqlrite crate: counted once from the lock's `[[package]]`
 * entries whose source is crates.io's index, and written here so the seed's own reading is not its check.
 */
const LOCKED_VERSIONS = 668;
const LOCKED_NAMES = 574;

/**
 * The fixture adopted (adoptedFixture), then made ready for a first release as the plan job's own message
 * tells a maintainer to: the real repository leaves benchmarks at 0.0.0 and three npm lockfiles at older
 * versions, which release-plan refuses; `lockstep bump 0.14.0 --allow-same`, committed, fixes them. One
 * refusal a bump cannot fix stays: examples/nodejs-notes/package-lock.json resolves @joaoh82/sqlrite at
 * 0.10.1 from npm while its package.json asks for ^0.14.0 (`npm ci` refuses it, and only a published
 * 0.14.0 can fix the lock). This maintainer declares the notes example as no product of the release (its
 * directory excluded), as the plan's message offers besides depending on the workspace package.
 */
function maintainersFirstRelease(): string {
  const dir = adoptedFixture('sqlrite', (o) => ({
    ...o,
    products: (o.products ?? []).filter((p) => p.path !== 'examples/nodejs-notes'),
    excludeManifests: [...(o.excludeManifests ?? []), 'examples/nodejs-notes'],
  }));
  // The adoption adds a root package.json, so the release jobs' `npm ci` makes a root node_modules (the real
  // repository has none). sqlrite-engine is the root crate, and its `include` patterns "README.md" and
  // "LICENSE" have no slash, so they match at any depth: `cargo package --list` then lists every
  // node_modules/<package>/LICENSE, whatever .gitignore says, and crate-check refuses the crate (here it
  // meets the linked library first, outside the repository). The maintainer anchors them to the root.
  const manifest = path.join(dir, 'Cargo.toml');
  const text = fs.readFileSync(manifest, 'utf8');
  const anchored = text.replace('    "README.md",\n    "LICENSE",\n', '    "/README.md",\n    "/LICENSE",\n');
  if (anchored === text) throw new Error(`${manifest}: the include entries "README.md", "LICENSE" are not where the fixture has them`);
  fs.writeFileSync(manifest, anchored);
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'lib', 'runtime', 'cli.js'), 'bump', '0.14.0', '--allow-same'], { cwd: dir, env: fixtureCargoEnv(), stdio: 'ignore' });
  git(dir, 'commit', '-qam', 'release: v0.14.0 (lockstep bump --allow-same; include anchored)');
  return dir;
}

describe('lockstep rehearse on the sqlrite fixture: its crates published to estuary seeded as crates.io, then a re-run (real registries)', () => {
  let rerun: ScenarioResult;
  let printed: string[];
  /** estuary's index after the scenario: the subjects of its git commits, oldest first, and its crate files. */
  let indexLog: string[];
  let indexLines: Record<string, string[]>;
  let seeded: number;

  beforeAll(async () => {
    const rehearsed = await rehearseIn(maintainersFirstRelease(), {
      scenarios: ['rerun'],
      log: 'sqlrite-rerun',
      env: fixtureCargoEnv(),
      without: WITHOUT,
      inspect: (workDir) => {
        const index = path.join(workDir, 'rerun', 'estuary', 'index');
        indexLog = execFileSync('git', ['log', '--reverse', '--format=%s'], { cwd: index, encoding: 'utf8' }).trim().split('\n');
        indexLines = Object.fromEntries(CRATES.map((c) => {
          const file = path.join(index, c.slice(0, 2), c.slice(2, 4), c);
          return [c, fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n') : []];
        }));
        seeded = execFileSync('git', ['ls-files'], { cwd: index, encoding: 'utf8' }).trim().split('\n').length;
      },
    });
    [rerun] = rehearsed.results;
    printed = rehearsed.printed;
  }, REHEARSAL_TIMEOUT_MS);

  it('GIVEN the first release WHEN estuary\'s own index is read THEN each crate was published once, sqlrite-ask before sqlrite-engine before sqlrite-mcp, after the seed', () => {
    const publishes = indexLog.filter((s) => s.startsWith('publish crate:'));
    expect(publishes).toEqual([
      'publish crate: `sqlrite-ask v0.14.0`',
      'publish crate: `sqlrite-engine v0.14.0`',
      'publish crate: `sqlrite-mcp v0.14.0`',
    ]);
    // The seed is the first commit, before estuary's own config commit and every publish.
    expect(indexLog[0]).toMatch(/^crates\.io's \d+ locked crates$/);
    for (const c of CRATES) expect(indexLines[c].map((l) => JSON.parse(l).vers)).toEqual(['0.14.0']);
    const engine = JSON.parse(indexLines['sqlrite-engine'][0]) as { deps: Array<{ name: string; req: string }> };
    expect(engine.deps.find((d) => d.name === 'sqlrite-ask')?.req).toBe('^0.14.0');
  });

  it('GIVEN the first release WHEN its uploads and rows are read THEN estuary received exactly the three crates, in dependency order, and every row says published', () => {
    const [first] = rerun.runs;
    expect(first.uploads.filter(accepted).map((u) => `${u.target} ${u.name}@${u.version}`)).toEqual(CRATES.map((c) => `crates-io ${c}@0.14.0`));
    const crates = first.rows.filter((r) => r.target === 'crates-io').map((r) => `${r.name}: ${r.said}, ${r.before} → ${r.after}`).sort();
    expect(crates).toEqual(CRATES.map((c) => `${c}: published, absent → there`));
    for (const r of first.rows) expect(`${r.target} ${r.name}: ${r.said} → ${r.after}`).toBe(`${r.target} ${r.name}: published → there`);
    expect(first.report.results.get('summary')).toBe('success');
  });

  it('GIVEN a re-run of the same version WHEN the registries are watched THEN nothing is uploaded and every row is already there: 0 duplicates, 0 misses', () => {
    const [, again] = rerun.runs;
    expect(again.uploads).toEqual([]);
    expect(again.rows.length).toBe(rerun.runs[0].rows.length);
    for (const r of again.rows) expect(`${r.target} ${r.name}: ${r.said}, ${r.before} → ${r.after}`).toBe(`${r.target} ${r.name}: already there, there → there`);
    expect(rerun.problems).toEqual([]);
    expect(rerun.duplicates).toEqual([]);
    expect(rerun.misses).toEqual([]);
  });

  it('GIVEN the seeded registry WHEN a maintainer reads the output THEN the seed is named as a local equivalent, not a publish, with the number of crates copied', () => {
    const text = printed.join('\n');
    const named = /crates\.io's (\d+) locked crates \(Cargo\.lock\) were copied into the local crates registry/.exec(text);
    expect(named, text).not.toBeNull();
    expect(Number(named![1])).toBe(LOCKED_VERSIONS);
    // One index file per crate name (a crate locked at two versions has two lines in one), besides estuary's
    // config.json and the three published crates.
    expect(seeded).toBe(LOCKED_NAMES + 1 + CRATES.length);
    expect(text).not.toContain('left out: sqlrite');
    expect(text).toContain('not publishes of this release');
  });
});
