import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { Product } from '../../src';
import { main } from '../../src/runtime';
import { projectIn, writeRepo } from '../support/fixtures';

const crate = (name: string, deps = '') => `[package]\nname = "${name}"\nversion = "1.0.0"\nedition = "2021"\n${deps}`;

/**
 * A synthesized two-crate workspace where `app` depends on `engine` (as in SQLRite's history before the
 * dependency changed direction), with the files `npx projen` wrote.
 */
function synthesizedRepo(): string {
  const dir = writeRepo({
    '.projenrc.ts': '// the projen configuration\n',
    'Cargo.toml': '[workspace]\nmembers = ["app", "engine"]\n',
    'app/Cargo.toml': crate('app', '\n[dependencies]\nengine = { path = "../engine", version = "1.0.0" }\n'),
    'app/src/main.rs': 'fn main() {}\n',
    'engine/Cargo.toml': crate('engine'),
    'engine/src/lib.rs': '',
  });
  process.env.PROJEN_DISABLE_POST = 'true';
  projectIn(dir, { products: [Product.rustCrate({ path: 'app' }), Product.rustCrate({ path: 'engine' })] }).synth();
  for (const f of ['.lockstep/release-plan.json', 'app/Cargo.toml', 'engine/Cargo.toml']) fs.chmodSync(path.join(dir, f), 0o644);
  return dir;
}

async function drift(cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['drift'], { cwd, env: {}, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

describe('lockstep drift', () => {
  it('GIVEN the files npx projen just wrote WHEN checked THEN they are in step', async () => {
    const r = await drift(synthesizedRepo());
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/in step with \.projenrc\.ts and the manifests/);
  });

  it('GIVEN a dependency that changed direction after the plan was written WHEN checked THEN it fails naming the stale dependency and the command to run', async () => {
    const dir = synthesizedRepo();
    fs.writeFileSync(path.join(dir, 'app/Cargo.toml'), crate('app'));
    fs.writeFileSync(path.join(dir, 'engine/Cargo.toml'), crate('engine', '\n[dependencies]\napp = { path = "../app", version = "1.0.0" }\n'));
    const r = await drift(dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('.tracks[default].products[app].dependsOn is ["engine"] but the repository now gives []');
    expect(r.err).toContain('.tracks[default].products[engine].dependsOn is [] but the repository now gives ["app"]');
    expect(r.err).toMatch(/Run `npx projen` and commit the regenerated files\.\n$/);
  });

  it('GIVEN .projenrc.ts edited after the files were generated WHEN checked THEN it fails naming the file, though the manifests still fit', async () => {
    const dir = synthesizedRepo();
    fs.appendFileSync(path.join(dir, '.projenrc.ts'), '// a new option\n');
    const r = await drift(dir);
    expect(r.code).toBe(1);
    expect(r.err.split('\n').slice(0, 2)).toEqual(['the generated files are out of date:', '  .projenrc.ts changed after the files were generated']);
  });

  it('GIVEN a Windows checkout of the same .projenrc.ts (CRLF line endings) WHEN checked THEN it is in step', async () => {
    const dir = synthesizedRepo();
    const file = path.join(dir, '.projenrc.ts');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
    expect((await drift(dir)).code).toBe(0);
  });

  it('GIVEN a manifest that no longer parses WHEN checked THEN it fails naming the file and line', async () => {
    const dir = synthesizedRepo();
    fs.appendFileSync(path.join(dir, 'engine/Cargo.toml'), 'broken = [\n');
    const r = await drift(dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/the repository no longer fits the plan: engine\/Cargo\.toml:6: invalid TOML/);
  });

  it('GIVEN a plan without the record of what it was made from WHEN checked THEN it fails asking for npx projen', async () => {
    const dir = synthesizedRepo();
    const planFile = path.join(dir, '.lockstep/release-plan.json');
    const { source: _source, ...rest } = JSON.parse(fs.readFileSync(planFile, 'utf8'));
    fs.writeFileSync(planFile, JSON.stringify(rest));
    const r = await drift(dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/does not record what it was generated from\nRun `npx projen`/);
  });
});
