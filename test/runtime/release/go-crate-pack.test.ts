import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { TableRegistry, memoryLog } from './helpers';
import { goVersionProblem } from '../../../src/model';
import { main } from '../../../src/runtime/main';
import { goProxyWarm } from '../../../src/runtime/release/go';
import { packNpm } from '../../../src/runtime/release/pack';
import { Exec, ExecOptions, ExecResult } from '../../../src/runtime/release/ports';
import { NodeFs, SpawnExec } from '../../../src/runtime/release/real-deps';
import { ReleaseRun, RunProduct } from '../../../src/runtime/release/run';
import { tempDir, writeRepo } from '../../support/fixtures';
import { releaseRun } from '../../support/release-run';

const goProduct = (module: string, tag: string): RunProduct => ({ name: 'sdk-go', kind: 'go-module', path: 'sdk/go', tag, githubRelease: true, dependsOn: [], settings: {}, packages: [{ target: 'go', name: module, version: tag, state: 'missing' }] });
const goRun = (version: string, p: RunProduct): ReleaseRun => releaseRun({ version, commit: 'd'.repeat(40), products: [p] });

/** `go` as the module proxy would answer, after `failures` failed tries. */
class FakeGo implements Exec {
  public readonly calls: Array<{ args: readonly string[]; env?: ExecOptions['env'] }> = [];
  constructor(private failures = 0) {}
  public async run(_c: string, args: readonly string[], options?: ExecOptions): Promise<ExecResult> {
    this.calls.push({ args, env: options?.env });
    if (this.failures-- > 0) return { code: 1, stdout: '', stderr: 'go: example.com/quill/sdk/go@v0.4.0: reading https://proxy.golang.org/...: 404 Not Found' };
    return { code: 0, stdout: '{"Path":"example.com/quill/sdk/go","Version":"v0.4.0"}', stderr: '' };
  }
}

describe('Go: verify the tag, then warm the module proxy', () => {
  const opts = { proxy: 'https://proxy.golang.org', dryRun: false, attempts: 3, pollMs: 1 };
  const deps = (go: FakeGo, published: string[]) => ({
    registry: new TableRegistry(new Set(published)),
    exec: go,
    log: memoryLog(),
    sleep: async () => undefined,
  });

  it('GIVEN the tag on the remote WHEN warmed THEN go list -m asks the proxy for the module version', async () => {
    const go = new FakeGo(1);
    const outcomes = await goProxyWarm(goRun('0.4.0', goProduct('example.com/quill/sdk/go', 'sdk/go/v0.4.0')), deps(go, ['go:example.com/quill/sdk/go@sdk/go/v0.4.0']), opts);
    expect(outcomes[0]).toMatchObject({ outcome: 'published', version: 'v0.4.0' });
    expect(go.calls[1].args).toEqual(['list', '-m', '-json', 'example.com/quill/sdk/go@v0.4.0']);
    expect(go.calls[1].env).toMatchObject({ GOPROXY: 'https://proxy.golang.org' });
  });

  it('T3 GIVEN the Go tag is not on the remote (tag-all did not push it) WHEN warmed THEN it fails without asking the proxy', async () => {
    const go = new FakeGo();
    const outcomes = await goProxyWarm(goRun('0.4.0', goProduct('example.com/quill/sdk/go', 'sdk/go/v0.4.0')), deps(go, []), opts);
    expect(outcomes[0]).toMatchObject({ outcome: 'failed', detail: 'the tag sdk/go/v0.4.0 is not on the remote; tag-all should have pushed it' });
    expect(go.calls).toEqual([]);
  });

  it('GIVEN a major version 2 without /v2 in the module path WHEN warmed THEN it fails before anything, naming go.mod', async () => {
    expect(goVersionProblem('example.com/quill/sdk/go', '2.0.0')).toMatch(/needs the Go module example\.com\/quill\/sdk\/go to end in \/v2/);
    expect(goVersionProblem('example.com/quill/sdk/go/v2', '2.0.0')).toBeUndefined();
    expect(goVersionProblem('example.com/quill/sdk/go', '1.0.0+build.1')).toMatch(/build metadata/);
  });

  it('GIVEN a proxy that never serves it WHEN warmed THEN it fails after the tries, naming the settings that raise them', async () => {
    const outcomes = await goProxyWarm(goRun('0.4.0', goProduct('example.com/quill/sdk/go', 'sdk/go/v0.4.0')), deps(new FakeGo(99), ['go:example.com/quill/sdk/go@sdk/go/v0.4.0']), opts);
    expect(outcomes[0].outcome).toBe('failed');
    expect(outcomes[0].detail).toMatch(/did not serve it after 3 tries, .* s apart \(raise with go-proxy-warm --tries\/--interval-seconds, or re-dispatch\): .*404 Not Found/);
  });
});

describe('lockstep go-proxy-warm options', () => {
  it('GIVEN --tries 0 WHEN run THEN it is refused with exit 2 before anything is asked', async () => {
    const err: string[] = [];
    const code = await main(['go-proxy-warm', '--tries', '0'], { cwd: tempDir(), env: {}, stdout: () => undefined, stderr: (t) => err.push(t) });
    expect(code).toBe(2);
    expect(err.join('')).toMatch(/--tries takes a whole number above 0, got '0'/);
  });
});

describe('P4: npm tarballs are packed and checked', () => {
  const run = (version: string, p: RunProduct): ReleaseRun => ({ ...goRun(version, p), todo: ['npm'] });
  const npmProduct = (kind: string, pkg: string): RunProduct => ({ name: 'web', kind, path: 'web', tag: 'web-v1.0.0', githubRelease: true, dependsOn: [], settings: {}, packages: [{ target: 'npm', name: pkg, version: '1.0.0', state: 'missing' }] });

  it('GIVEN a wasm-pack package named after its crate WHEN packed THEN the plan\'s npm name is used and the tarball has the .wasm', async () => {
    const ws = writeRepo({ 'web/pkg/package.json': JSON.stringify({ name: 'quill-wasm', version: '1.0.0', files: ['quill_wasm_bg.wasm', 'quill_wasm.js'] }), 'web/pkg/quill_wasm_bg.wasm': '\0asm', 'web/pkg/quill_wasm.js': '' });
    const packed = await packNpm(run('1.0.0', npmProduct('wasm-pack', '@quill-db/quill-wasm')), npmProduct('wasm-pack', '@quill-db/quill-wasm'), { exec: new SpawnExec(process.env, ws), fs: new NodeFs(ws) }, 'dist/npm');
    expect(packed.problems).toEqual([]);
    expect(packed.file).toBe('dist/npm/quill-db-quill-wasm-1.0.0.tgz');
    expect(fs.existsSync(path.join(ws, packed.file!))).toBe(true);
  }, 30_000);

  it('P4 GIVEN a package that would ship a .env file and the wrong version WHEN packed THEN both are refused', async () => {
    const ws = writeRepo({ 'web/package.json': JSON.stringify({ name: 'web-pkg', version: '0.9.0' }), 'web/.env': 'API_KEY=secret\n', 'web/index.js': '' });
    const packed = await packNpm(run('1.0.0', npmProduct('npm-package', 'web-pkg')), npmProduct('npm-package', 'web-pkg'), { exec: new SpawnExec(process.env, ws), fs: new NodeFs(ws) }, 'dist/npm');
    expect(packed.problems).toEqual([
      'web/package.json is at 0.9.0, the release is 1.0.0',
      expect.stringMatching(/the tarball contains \.env/),
    ]);
  }, 30_000);
});
