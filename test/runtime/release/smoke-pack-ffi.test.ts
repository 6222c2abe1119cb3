import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { packFfi } from '../../../src/runtime/release/pack';
import { NodeFs, SpawnExec } from '../../../src/runtime/release/real-deps';
import { ReleaseRun, RunProduct } from '../../../src/runtime/release/run';
import { smokeTest } from '../../../src/runtime/release/smoke';
import { writeRepo } from '../../support/fixtures';
import { releaseRun } from '../../support/release-run';

const product = (kind: string, p: string, settings: Record<string, string> = {}): RunProduct => ({ name: 'lib', kind, path: p, tag: 'lib-v1.0.0', githubRelease: true, dependsOn: [], settings, packages: [] });
const run = (p: RunProduct): ReleaseRun => releaseRun({ commit: 'e'.repeat(40), products: [p], todo: ['github-release'] });
const hostTarget = (): string => /host: (\S+)/.exec(execFileSync('rustc', ['-vV']).toString())![1];

describe('built artifacts are checked before upload', () => {
  it('GIVEN a built C FFI crate WHEN packed THEN the tarball holds the shared and static library and the header', async () => {
    const ws = writeRepo({
      'ffi/Cargo.toml': '[package]\nname = "tiny-ffi"\nversion = "1.0.0"\nedition = "2021"\n\n[lib]\nname = "tiny_c"\ncrate-type = ["cdylib", "staticlib"]\n\n[workspace]\n',
      'ffi/src/lib.rs': '#[no_mangle]\npub extern "C" fn tiny_answer() -> i32 { 42 }\n',
      'ffi/include/tiny.h': 'int tiny_answer(void);\n',
    });
    const target = hostTarget();
    execFileSync('cargo', ['build', '--release', '--offline', '--target', target], { cwd: path.join(ws, 'ffi'), stdio: 'pipe' });
    const p = product('c-ffi', 'ffi', { header: 'include/tiny.h' });
    const packed = await packFfi(run(p), p, { platform: 'linux-x64', target, out: 'dist/ffi' }, { exec: new SpawnExec(process.env, ws), fs: new NodeFs(ws) });
    expect(packed).toEqual({ file: 'dist/ffi/lib-1.0.0-linux-x64.tar.gz', problems: [] });
    const listing = execFileSync('tar', ['-tzf', path.join(ws, packed.file!)]).toString().split('\n').filter(Boolean).sort();
    expect(listing).toEqual(['./', './include/', './include/tiny.h', './lib/', './lib/libtiny_c.a', './lib/libtiny_c.so']);
  }, 120_000);

  it('GIVEN the library was not built WHEN packed THEN it is refused naming the missing file', async () => {
    const ws = writeRepo({
      'ffi/Cargo.toml': '[package]\nname = "unbuilt-ffi"\nversion = "1.0.0"\nedition = "2021"\n\n[lib]\ncrate-type = ["cdylib"]\n\n[workspace]\n',
      'ffi/src/lib.rs': '',
    });
    const p = product('c-ffi', 'ffi');
    const packed = await packFfi(run(p), p, { platform: 'linux-x64', target: 'x86_64-unknown-linux-gnu', out: 'dist/ffi' }, { exec: new SpawnExec(process.env, ws), fs: new NodeFs(ws) });
    expect(packed.problems).toEqual([expect.stringMatching(/x86_64-unknown-linux-gnu\/release\/libunbuilt_ffi\.so was not built/)]);
    expect(fs.existsSync(path.join(ws, 'dist'))).toBe(false);
  }, 60_000);

  it('GIVEN a napi-rs package WHEN smoke-tested THEN it is loaded; one that throws on load is refused', async () => {
    const ws = writeRepo({ 'ok/package.json': '{"name":"ok","main":"index.js"}', 'ok/index.js': 'module.exports = {};\n', 'bad/package.json': '{"name":"bad","main":"index.js"}', 'bad/index.js': 'throw new Error("Cannot find native binding");\n' });
    const deps = { exec: new SpawnExec(process.env, ws), fs: new NodeFs(ws) };
    expect(await smokeTest(product('napi', 'ok'), deps)).toEqual([]);
    expect(await smokeTest(product('napi', 'bad'), deps)).toEqual([expect.stringMatching(/loading bad failed: .*Cannot find native binding/)]);
  });
});
