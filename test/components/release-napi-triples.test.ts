import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { synthRelease } from './release-publish-support';
import { RUNNERS, SECRETS_DOC_FILE } from '../../src/model';
import { exampleProducts } from '../support/example-products';
import { copyExample } from '../support/fixtures';

// Issue 17: a napi-rs CLI v2 package's legs are the targets v2 itself builds from `napi.triples`: its three
// defaults unless `defaults` is false, plus `additional`. The example's Node SDK, turned into a v2 package.

/** The example with its Node SDK on napi-rs CLI v2, its `napi` config being `napi`. */
function exampleOnNapiV2(napi: Record<string, unknown>): string {
  const dir = copyExample();
  const file = path.join(dir, 'sdk/nodejs/package.json');
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
  pkg.napi = napi;
  pkg.devDependencies = { '@napi-rs/cli': '^2.18.4' };
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2));
  return dir;
}

const stepOf = (job: any, name: string) => job.steps.find((s: any) => s.name === name);

describe('napi-rs CLI v2: the legs follow the triples v2 builds', () => {
  it('GIVEN triples listing a musl target and Windows arm64 without `defaults` WHEN synthesized THEN v2\'s three defaults build too, each target on a runner that can build it, and the publish job takes every binary', () => {
    const { wf, out } = synthRelease(exampleOnNapiV2({ name: 'quill', triples: { additional: ['x86_64-unknown-linux-musl', 'aarch64-pc-windows-msvc'] } }), { products: exampleProducts() });
    const job = wf.jobs['build-quill-node'];
    expect(job.strategy.matrix.include).toEqual([
      { platform: 'linux-x64', runner: RUNNERS.linuxX64, target: 'x86_64-unknown-linux-gnu', cross: false },
      { platform: 'macos-x64', runner: RUNNERS.macosX64, target: 'x86_64-apple-darwin', cross: false },
      { platform: 'windows-x64', runner: RUNNERS.windowsX64, target: 'x86_64-pc-windows-msvc', cross: false },
      { platform: 'linux-x64-musl', runner: RUNNERS.linuxX64, target: 'x86_64-unknown-linux-musl', cross: true },
      { platform: 'windows-arm64', runner: RUNNERS.windowsArm64, target: 'aarch64-pc-windows-msvc', cross: false },
    ]);
    expect(stepOf(job, 'Build the native binary with zig as the linker')).toMatchObject({ if: 'matrix.cross', run: 'npx --no-install napi build --platform --release --target "$TARGET" --zig' });
    const publish = wf.jobs['publish-npm'];
    expect(publish.needs).toContain('build-quill-node');
    const downloads = publish.steps.filter((s: any) => /^Get the npm build: napi\.quill-node\./.test(s.name)).map((s: any) => s.with.pattern);
    expect(downloads).toEqual(['linux-x64', 'macos-x64', 'windows-x64', 'linux-x64-musl', 'windows-arm64'].map((p) => `napi.quill-node.${p}`));
    // Each platform package v2 lays out needs its trusted publisher: the doc names them, and no other.
    const doc = String(out[SECRETS_DOC_FILE]);
    for (const suffix of ['linux-x64-gnu', 'darwin-x64', 'win32-x64-msvc', 'linux-x64-musl', 'win32-arm64-msvc']) expect(doc).toContain(`@quill-db/quill-${suffix}`);
    expect(doc).not.toContain('@quill-db/quill-darwin-arm64');
  });

  it('GIVEN `defaults: true` and a musl target WHEN synthesized THEN no macOS arm64 leg: v2\'s defaults are three (v3 added it)', () => {
    const { wf } = synthRelease(exampleOnNapiV2({ name: 'quill', triples: { defaults: true, additional: ['aarch64-unknown-linux-musl'] } }), { products: exampleProducts() });
    expect(wf.jobs['build-quill-node'].strategy.matrix.include.map((l: { platform: string }) => l.platform)).toEqual(['linux-x64', 'macos-x64', 'windows-x64', 'linux-arm64-musl']);
  });

  it('GIVEN a v2 package naming its platform packages with napi.package.name WHEN synthesized THEN the doc names them so', () => {
    const { out } = synthRelease(exampleOnNapiV2({ name: 'quill', package: { name: '@quill-db/native' }, triples: { defaults: false, additional: ['x86_64-unknown-linux-musl'] } }), { products: exampleProducts() });
    expect(String(out[SECRETS_DOC_FILE])).toContain('@quill-db/native-linux-x64-musl');
  });

  it('GIVEN triples listing a target release.yml cannot build WHEN synthesized THEN synth fails naming the file, the target and napi.triples', () => {
    expect(() => synthRelease(exampleOnNapiV2({ name: 'quill', triples: { additional: ['armv7-unknown-linux-gnueabihf'] } }), { products: exampleProducts() }))
      .toThrow(/^sdk\/nodejs\/package\.json: napi\.triples lists armv7-unknown-linux-gnueabihf, which release\.yml cannot build \(it builds .*\)\. Remove it from napi\.triples\.$/);
  });
});
