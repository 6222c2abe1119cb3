import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { narrowNapiTargets, runsNapiTools } from '../../../src/runtime/rehearse/napi-platforms';
import { parseWorkflow } from '../../../src/runtime/rehearse/workflow';
import { ReleaseRun } from '../../../src/runtime/release/run';
import { writeRepo } from '../../support/fixtures';

/**
 * A rehearsal builds this machine's napi binary only; napi's own `artifacts` refuses a configured target
 * without its binary. In the checkout of a job that skipped another platform's binary, that platform's target
 * leaves the product's napi config (napi-platforms.ts), in the form the product's napi-rs CLI major reads.
 */
const V3 = { name: '@quill-db/quill', version: '0.3.0', napi: { binaryName: 'quill', targets: ['x86_64-unknown-linux-gnu', 'aarch64-apple-darwin', 'x86_64-pc-windows-msvc'] } };

function runWith(settings: Record<string, string> = {}): ReleaseRun {
  const product = { name: 'quill-node', kind: 'napi', path: 'sdk/nodejs', tag: 'quill-node-v0.3.0', githubRelease: true, dependsOn: [], settings, packages: [] };
  return { products: [product] } as unknown as ReleaseRun;
}

function napiOf(workspace: string): unknown {
  return (JSON.parse(fs.readFileSync(path.join(workspace, 'sdk/nodejs/package.json'), 'utf8')) as { napi: unknown }).napi;
}

describe('a napi-rs product\'s targets in a rehearsal job that skipped other platforms\' binaries', () => {
  it('GIVEN a v3 config WHEN the macOS and Windows binaries are skipped THEN napi.targets keeps this machine\'s target only, and each call says what it took out', () => {
    const ws = writeRepo({ 'sdk/nodejs/package.json': JSON.stringify(V3) });
    const first = narrowNapiTargets(ws, runWith(), 'napi.quill-node.macos-arm64');
    const second = narrowNapiTargets(ws, runWith(), 'napi.quill-node.windows-x64');
    expect(first).toEqual({ product: 'quill-node', file: 'sdk/nodejs/package.json', field: 'napi.targets', target: 'aarch64-apple-darwin', kept: ['x86_64-unknown-linux-gnu', 'x86_64-pc-windows-msvc'] });
    expect(second).toEqual({ product: 'quill-node', file: 'sdk/nodejs/package.json', field: 'napi.targets', target: 'x86_64-pc-windows-msvc', kept: ['x86_64-unknown-linux-gnu'] });
    expect(napiOf(ws)).toEqual({ binaryName: 'quill', targets: ['x86_64-unknown-linux-gnu'] });
  });

  it('GIVEN a v3 config in the older triples form WHEN a platform is skipped THEN the kept targets are written as napi.targets, which v3 reads before triples, and triples is gone', () => {
    const ws = writeRepo({ 'sdk/nodejs/package.json': JSON.stringify({ name: 'q', version: '0.3.0', napi: { binaryName: 'q', triples: { defaults: true } } }) });
    narrowNapiTargets(ws, runWith(), 'napi.quill-node.macos-x64');
    expect(napiOf(ws)).toEqual({ binaryName: 'q', targets: ['aarch64-apple-darwin', 'x86_64-pc-windows-msvc', 'x86_64-unknown-linux-gnu'] });
  });

  it('GIVEN a v2 product WHEN a platform is skipped THEN napi.triples lists the kept targets without the defaults, which v2 would add back', () => {
    const ws = writeRepo({ 'sdk/nodejs/package.json': JSON.stringify({ name: 'q', version: '0.3.0', napi: { name: 'q', triples: { additional: ['aarch64-apple-darwin'] } } }) });
    const narrowed = narrowNapiTargets(ws, runWith({ napiCli: '2' }), 'napi.quill-node.windows-x64');
    expect(narrowed).toMatchObject({ field: 'napi.triples', target: 'x86_64-pc-windows-msvc' });
    expect(napiOf(ws)).toEqual({ name: 'q', triples: { defaults: false, additional: ['x86_64-apple-darwin', 'x86_64-unknown-linux-gnu', 'aarch64-apple-darwin'] } });
  });

  it('GIVEN an artifact of another kind, or of no napi product of the run WHEN skipped THEN nothing is narrowed and the package.json is as it was', () => {
    const text = JSON.stringify(V3);
    const ws = writeRepo({ 'sdk/nodejs/package.json': text });
    expect(narrowNapiTargets(ws, runWith(), 'wheels.quill-node.macos-arm64')).toBeUndefined();
    expect(narrowNapiTargets(ws, runWith(), 'napi.quill-other.macos-arm64')).toBeUndefined();
    expect(narrowNapiTargets(ws, undefined, 'napi.quill-node.macos-arm64')).toBeUndefined();
    expect(fs.readFileSync(path.join(ws, 'sdk/nodejs/package.json'), 'utf8')).toBe(text);
  });

  it('GIVEN a platform the release does not build, or a package.json that is not JSON WHEN skipped THEN it says why nothing was taken out, and napi\'s own check is left to refuse the publish', () => {
    const ws = writeRepo({ 'sdk/nodejs/package.json': '{ "napi": ' });
    expect(narrowNapiTargets(ws, runWith(), 'napi.quill-node.plan9-x64')).toBe('plan9-x64 is no platform the release builds, so no napi target of sdk/nodejs/package.json was taken out');
    expect(narrowNapiTargets(ws, runWith(), 'napi.quill-node.macos-arm64')).toMatch(/^sdk\/nodejs\/package\.json.*, so no napi target was taken out$/);
    expect(fs.readFileSync(path.join(ws, 'sdk/nodejs/package.json'), 'utf8')).toBe('{ "napi": ');
  });
});

describe('which rehearsal job narrows the napi targets: the one running napi\'s tools', () => {
  const file = path.join(__dirname, '../../../examples/polyglot/.github/workflows/release.yml');
  const workflow = parseWorkflow(fs.readFileSync(file, 'utf8'), file);

  it('GIVEN the rendered polyglot release.yml WHEN its jobs downloading napi binaries are asked THEN publish-npm narrows and github-releases, which only attaches the binaries, does not', () => {
    const downloadsNapi = workflow.jobs.filter((j) => j.steps.some((s) => s.uses?.startsWith('actions/download-artifact@') && /^napi\./.test(s.with.pattern ?? s.with.name ?? '')));
    expect(Object.fromEntries(downloadsNapi.map((j) => [j.id, runsNapiTools(j.steps)]))).toEqual({ 'publish-npm': true, 'github-releases': false });
  });

  it('GIVEN run steps WHEN asked THEN only lockstep publish-npm or lockstep npm-check counts, not another lockstep command or an action', () => {
    expect(runsNapiTools([{ run: 'npx --no-install lockstep npm-check --max-bytes "$MAX_NPM_BYTES"' }])).toBe(true);
    expect(runsNapiTools([{ run: 'npm ci' }, { run: 'npx --no-install lockstep publish-npm --artifacts .lockstep/artifacts' }])).toBe(true);
    expect(runsNapiTools([{ run: 'npx --no-install lockstep github-release --assets a --artifacts b' }, {}])).toBe(false);
    expect(runsNapiTools([{ run: 'echo publish-npm' }])).toBe(false);
  });
});
