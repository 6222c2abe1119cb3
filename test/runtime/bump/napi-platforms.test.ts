import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { lockstep, planOf, repoOnDisk } from './helpers';
import { Product } from '../../../src/model';

const PLATFORMS = ['darwin-arm64', 'linux-x64-gnu', 'win32-x64-msvc'];

/** A napi-rs v2 layout shaped like flovyn's worker-napi: the main package, and one package.json per platform under npm/. */
function napiV2(optional: (name: string) => string): Record<string, string> {
  const main = {
    name: '@flo/native',
    version: '0.1.0',
    napi: { name: 'flo-native', triples: { defaults: false, additional: ['aarch64-apple-darwin', 'x86_64-unknown-linux-gnu', 'x86_64-pc-windows-msvc'] } },
    optionalDependencies: Object.fromEntries(PLATFORMS.map((p) => [`@flo/native-${p}`, optional(p)])),
  };
  const files: Record<string, string> = {
    'worker-napi/Cargo.toml': '[package]\nname = "flo-napi"\nversion = "0.1.0"\nedition = "2021"\n',
    'worker-napi/package.json': `${JSON.stringify(main, null, 2)}\n`,
  };
  for (const p of PLATFORMS) {
    // napi-rs v2 writes these with short arrays on one line.
    files[`worker-napi/npm/${p}/package.json`] = `{\n  "name": "@flo/native-${p}",\n  "version": "0.1.0",\n  "os": ["${p.split('-')[0]}"],\n  "main": "flo-native.${p}.node"\n}\n`;
  }
  return files;
}

const PRODUCTS = [Product.napi({ path: 'worker-napi' })];
const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');

describe('napi-rs platform packages follow the version', () => {
  it('GIVEN a napi-rs v2 layout with npm/<platform>/package.json WHEN planned THEN each platform package is a version site of the product, not a foreign manifest', () => {
    const { track } = planOf(napiV2(() => 'workspace:*'), { products: PRODUCTS });
    expect(track.products[0].manifests).toEqual([
      'worker-napi/Cargo.toml',
      ...PLATFORMS.map((p) => `worker-napi/npm/${p}/package.json`),
      'worker-napi/package.json',
    ]);
  });

  it('GIVEN the v2 layout and optionalDependencies pinned at the version WHEN bumped THEN every platform package.json and every pin follows, byte for byte elsewhere', async () => {
    const files = napiV2(() => '0.1.0');
    const dir = repoOnDisk(files, { products: PRODUCTS });
    const r = await lockstep(dir, 'bump', '0.2.0', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).changedFiles.sort()).toEqual([
      'worker-napi/Cargo.toml',
      ...PLATFORMS.map((p) => `worker-napi/npm/${p}/package.json`),
      'worker-napi/package.json',
    ].sort());
    for (const p of PLATFORMS) expect(read(dir, `worker-napi/npm/${p}/package.json`)).toBe(files[`worker-napi/npm/${p}/package.json`].replace('"0.1.0"', '"0.2.0"'));
    expect(read(dir, 'worker-napi/package.json')).toBe(files['worker-napi/package.json'].replace(/"0\.1\.0"/g, '"0.2.0"'));
    expect((await lockstep(dir, 'verify')).code).toBe(0);
  });

  it('GIVEN a platform package left at the old version WHEN verified THEN verify names it', async () => {
    const dir = repoOnDisk(napiV2(() => 'workspace:*'), { products: PRODUCTS });
    expect((await lockstep(dir, 'bump', '0.2.0')).code).toBe(0);
    fs.writeFileSync(path.join(dir, 'worker-napi/npm/linux-x64-gnu/package.json'), napiV2(() => '')['worker-napi/npm/linux-x64-gnu/package.json']);
    const r = await lockstep(dir, 'verify');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("worker-napi/npm/linux-x64-gnu/package.json:3: version is '0.1.0', but the track is at 0.2.0");
  });

  it('GIVEN a napi-rs v3 layout (no npm/ directory) whose optionalDependencies pin the platform packages and a third-party package WHEN bumped THEN the platform pins follow and the other stays', async () => {
    const main = {
      name: '@flo/native',
      version: '0.1.0',
      napi: { binaryName: 'flo-native', targets: ['x86_64-unknown-linux-gnu', 'aarch64-apple-darwin'] },
      optionalDependencies: { '@flo/native-linux-x64-gnu': '0.1.0', '@flo/native-darwin-arm64': '0.1.0', 'fsevents': '0.1.0' },
    };
    const files = { 'worker-napi/Cargo.toml': '[package]\nname = "flo-napi"\nversion = "0.1.0"\nedition = "2021"\n', 'worker-napi/package.json': `${JSON.stringify(main, null, 2)}\n` };
    const dir = repoOnDisk(files, { products: PRODUCTS });
    const r = await lockstep(dir, 'bump', '0.2.0');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(read(dir, 'worker-napi/package.json'))).toEqual({
      ...main,
      version: '0.2.0',
      optionalDependencies: { '@flo/native-linux-x64-gnu': '0.2.0', '@flo/native-darwin-arm64': '0.2.0', 'fsevents': '0.1.0' },
    });
    expect((await lockstep(dir, 'verify')).code).toBe(0);
  });

  it('GIVEN an optionalDependencies pin on a platform package left at the old version WHEN verified THEN verify names it and its line', async () => {
    const dir = repoOnDisk(napiV2(() => '0.1.0'), { products: PRODUCTS });
    expect((await lockstep(dir, 'bump', '0.2.0')).code).toBe(0);
    fs.writeFileSync(path.join(dir, 'worker-napi/package.json'), read(dir, 'worker-napi/package.json').replace('"@flo/native-win32-x64-msvc": "0.2.0"', '"@flo/native-win32-x64-msvc": "0.1.0"'));
    const r = await lockstep(dir, 'verify');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'track default: 1 problem(s):\n' +
        "  worker-napi/package.json:18: optionalDependencies.'@flo/native-win32-x64-msvc' is '0.1.0', but the track is at 0.2.0 (worker-napi/Cargo.toml package.version), so it should be '0.2.0'; run `npx lockstep bump 0.2.0 --allow-same` to fix it.\n",
    );
  });

  it('GIVEN a package.json under npm/ named after another package WHEN planned THEN it is not the product\'s and stays a manifest to account for', () => {
    const files = { ...napiV2(() => 'workspace:*'), 'worker-napi/npm/tools/package.json': '{ "name": "napi-tools", "version": "1.0.0" }\n' };
    expect(() => planOf(files, { products: PRODUCTS })).toThrow(/worker-napi\/npm\/tools\/package\.json: "version": "1\.0\.0"/);
  });
});
