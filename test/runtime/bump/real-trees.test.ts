import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { lockstep, writePlan } from './helpers';
import { PlanOptions, nextReleaseVersion, ReleaseBump } from '../../../src/model';
import { REAL_FIXTURES_DIR, copyRealFixture, fixtureCargoEnv, realFixture } from '../../support/real-repos';

/** A copy of a real-shape fixture with its plan (the configuration a maintainer would declare), and its next minor version. */
function planned(name: string, exclude: string[] = []): { dir: string; next: string; workspaces: readonly string[] } {
  const fixture = realFixture(name);
  const dir = copyRealFixture(name);
  const options = fixture.options() as PlanOptions;
  writePlan(dir, { ...options, excludeManifests: [...(options.excludeManifests ?? []), ...exclude] });
  return { dir, next: nextReleaseVersion(fixture.releases[0].version, ReleaseBump.MINOR), workspaces: fixture.facts.cargoWorkspaces };
}

/** The bump as maintainers run it, with cargo on the PATH (and the default toolchain where a fixture pins another). */
async function bump(dir: string, version: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const previous = process.env.RUSTUP_TOOLCHAIN;
  process.env.RUSTUP_TOOLCHAIN = fixtureCargoEnv().RUSTUP_TOOLCHAIN;
  try {
    return await lockstep(dir, 'bump', version, '--json');
  } finally {
    if (previous === undefined) delete process.env.RUSTUP_TOOLCHAIN;
    else process.env.RUSTUP_TOOLCHAIN = previous;
  }
}

/** What cargo says about every workspace: `cargo metadata --locked --offline` (the fixture crates are in the local cache). */
function cargoAcceptsAll(dir: string, workspaces: readonly string[]): void {
  for (const ws of workspaces) {
    execFileSync('cargo', ['metadata', '--locked', '--offline', '--format-version', '1'], { cwd: path.join(dir, ws), env: fixtureCargoEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  }
}

const json = (dir: string, file: string) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));

describe('the bump on real trees', () => {
  it('GIVEN SQLRite WHEN bumped to the next minor THEN cargo confirms both workspaces, and the notes example\'s lock is the one thing left, awaiting the publish', async () => {
    const { dir, next, workspaces } = planned('sqlrite');
    const r = await bump(dir, next);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.lockfileTools).toEqual([
      { file: 'Cargo.lock', tool: 'cargo', outcome: 'confirmed' },
      { file: 'sdk/wasm/Cargo.lock', tool: 'cargo', outcome: 'confirmed' },
    ]);
    // The real lock was already stale at 0.10.1; what the bump cannot settle is said, not hidden.
    expect(result.lockfileNotes).toEqual([]);
    cargoAcceptsAll(dir, workspaces);
    expect(json(dir, 'examples/nodejs-notes/package-lock.json').packages['']).toMatchObject({ version: next, dependencies: { '@joaoh82/sqlrite': `^${next}` } });
    const verify = await lockstep(dir, 'verify');
    expect(verify.code).toBe(1);
    expect(verify.stderr).toBe(
      'track default: 1 problem(s):\n' +
        `  examples/nodejs-notes/package-lock.json: resolves @joaoh82/sqlrite at 0.10.1 (node_modules/@joaoh82/sqlrite), which does not satisfy ^${next} in examples/nodejs-notes/package.json dependencies, ` +
        'so `npm ci` refuses it; @joaoh82/sqlrite comes from the registry: run `npm install --package-lock-only` in examples/nodejs-notes once that version is published (or depend on the workspace package instead).\n',
    );
  });

  it('GIVEN flovyn\'s napi-rs v2 layout WHEN bumped THEN every npm/<platform>/package.json, every inheriting member\'s lock entry and cargo all agree', async () => {
    const { dir, next, workspaces } = planned('flovyn-sdk-rust');
    const r = await bump(dir, next);
    expect(r.code, r.stderr).toBe(0);
    const platforms = fs.readdirSync(path.join(dir, 'worker-napi/npm'));
    expect(platforms).toHaveLength(7);
    for (const p of platforms) expect(json(dir, `worker-napi/npm/${p}/package.json`).version).toBe(next);
    expect(JSON.parse(r.stdout).lockfileTools).toEqual([{ file: 'Cargo.lock', tool: 'cargo', outcome: 'confirmed' }]);
    cargoAcceptsAll(dir, workspaces);
    expect((await lockstep(dir, 'verify')).code).toBe(0);
  });

  it('GIVEN ruvector\'s 26 crates inheriting the workspace version WHEN bumped THEN cargo confirms the edit and verify passes', async () => {
    const { dir, next, workspaces } = planned('ruvector');
    const r = await bump(dir, next);
    expect(r.code, r.stderr).toBe(0);
    // Issue 17 (corpus finding D-3): the wasm product owns the package.json that wraps wasm-pack's pkg/, and the
    // napi products theirs; each changes in its version's bytes only.
    for (const file of ['crates/ruvector-wasm/package.json', 'crates/ruvector-node/package.json', 'crates/ruvector-gnn-node/package.json']) {
      const before = fs.readFileSync(path.join(REAL_FIXTURES_DIR, 'ruvector', file), 'utf8');
      expect(fs.readFileSync(path.join(dir, file), 'utf8'), file).toBe(before.replace('"version": "0.1.2"', `"version": "${next}"`));
    }
    expect(JSON.parse(r.stdout).lockfileTools).toEqual([{ file: 'Cargo.lock', tool: 'cargo', outcome: 'confirmed' }]);
    cargoAcceptsAll(dir, workspaces);
    expect((await lockstep(dir, 'verify')).code).toBe(0);
  });
});
