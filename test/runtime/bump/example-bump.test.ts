import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { lockstep, snapshot, writePlan } from './helpers';
import { exampleProducts } from '../../support/example-products';
import { copyExample } from '../../support/fixtures';

const run = (cwd: string, cmd: string, ...args: string[]) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('the example monorepo bumped end to end', () => {
  const dir = copyExample();
  writePlan(dir, { products: exampleProducts() });

  it('GIVEN the example WHEN dry-run bumped to 0.4.0 THEN it prints the diff of every file and writes nothing', async () => {
    const before = snapshot(dir);
    const r = await lockstep(dir, 'bump', '0.4.0', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^bump 0\.3\.0 -> 0\.4\.0 \(track default\): would change 16 file\(s\)\n/);
    expect(r.stdout).toMatch(/\n {2}quill-mcp\/Cargo\.toml +dependencies\.quill-ask\.version\n/);
    expect(r.stdout).toMatch(/\n {2}Cargo\.lock +7 values\n/);
    expect(r.stdout).toContain('--- a/sdk/wasm/Cargo.lock\n+++ b/sdk/wasm/Cargo.lock\n@@ -34 +34 @@\n-version = "0.3.0"\n+version = "0.4.0"');
    expect(snapshot(dir)).toEqual(before);
  });

  it('GIVEN the example WHEN bumped to 0.4.0 THEN 16 files change, cargo confirms both lockfiles, and a second run writes nothing', async () => {
    const r = await lockstep(dir, 'bump', '0.4.0', '--json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.changedFiles).toHaveLength(16);
    expect(result.lockfileTools).toEqual([
      { file: 'Cargo.lock', tool: 'cargo', outcome: 'confirmed' },
      { file: 'sdk/wasm/Cargo.lock', tool: 'cargo', outcome: 'confirmed' },
    ]);
    const stats = result.changedFiles.map((f: string) => fs.statSync(path.join(dir, f)).mtimeMs);
    const again = await lockstep(dir, 'bump', '0.4.0', '--allow-same', '--json');
    expect(JSON.parse(again.stdout).changedFiles).toEqual([]);
    expect(result.changedFiles.map((f: string) => fs.statSync(path.join(dir, f)).mtimeMs)).toEqual(stats);
  });

  it('GIVEN the bumped example WHEN cargo reads both workspaces offline with --locked THEN the manifests and lockfiles agree', () => {
    for (const ws of ['.', 'sdk/wasm']) {
      const meta = JSON.parse(run(path.join(dir, ws), 'cargo', 'metadata', '--offline', '--locked', '--format-version', '1'));
      const local = meta.packages.filter((p: { source: string | null }) => p.source === null).map((p: { version: string }) => p.version);
      expect(new Set(local)).toEqual(new Set(['0.4.0']));
      run(path.join(dir, ws), 'cargo', 'metadata', '--offline', '--no-deps', '--format-version', '1');
    }
  });

  it('GIVEN the bumped example WHEN npm checks its lockfile THEN npm ls passes and npm install --package-lock-only changes nothing', () => {
    const lock = fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8');
    run(dir, 'npm', 'ls', '--package-lock-only', '--all');
    run(dir, 'npm', 'install', '--package-lock-only', '--ignore-scripts', '--offline', '--no-audit', '--no-fund');
    expect(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8')).toBe(lock);
  });

  it('GIVEN the bumped example WHEN verified THEN every site and lockfile carries 0.4.0', async () => {
    const r = await lockstep(dir, 'verify');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe('track default: 22 version sites and 3 lockfile(s) carry 0.4.0\n');
  });
});

describe('lockstep verify', () => {
  it('GIVEN a copy where one pin was edited by hand WHEN verified THEN it fails naming the file, line and key, and bump --allow-same fixes it', async () => {
    const dir = copyExample();
    writePlan(dir, { products: exampleProducts() });
    const file = path.join(dir, 'quill-ask/Cargo.toml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('path = ".."\nversion = "0.3.0"', 'path = ".."\nversion = "0.2.9"'));
    const r = await lockstep(dir, 'verify');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "track default: 1 problem(s):\n  quill-ask/Cargo.toml:11: dependencies.quill-engine.version is '0.2.9', but the track is at 0.3.0 (Cargo.toml package.version), so it should be '0.3.0'; run `npx lockstep bump 0.3.0 --allow-same` to fix it.\n",
    );
    const json = JSON.parse((await lockstep(dir, 'verify', '--json')).stdout);
    expect(json).toMatchObject({ ok: false, tracks: [{ track: 'default', version: '0.3.0', problems: [{ file: 'quill-ask/Cargo.toml', line: 11 }] }] });
    const fixed = await lockstep(dir, 'bump', '0.3.0', '--allow-same', '--json');
    expect(JSON.parse(fixed.stdout).changedFiles).toEqual(['quill-ask/Cargo.toml']);
    expect((await lockstep(dir, 'verify')).code).toBe(0);
  });

  it('GIVEN a stale lockfile entry WHEN verified THEN the lockfile is named too', async () => {
    const dir = copyExample();
    writePlan(dir, { products: exampleProducts() });
    const file = path.join(dir, 'sdk/wasm/Cargo.lock');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('name = "quill-wasm"\nversion = "0.3.0"', 'name = "quill-wasm"\nversion = "0.2.0"'));
    const r = await lockstep(dir, 'verify');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sdk\/wasm\/Cargo\.lock:38: package\[5\]\.version is '0\.2\.0'/);
  });
});
