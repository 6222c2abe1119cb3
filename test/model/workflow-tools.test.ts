import { describe, expect, it } from 'vitest';
import { FsRepoReader, MemoryRepoReader, Product, TOOL_VERSIONS, buildPlan, declaredNapiCli, missingWorkflowTools, planConfigOf, readNpmManifest } from '../../src/model';
import { exampleProducts } from '../support/example-products';
import { EXAMPLE_DIR } from '../support/fixtures';

describe('npm tools the workflows run with npx --no-install', () => {
  it('GIVEN the example (which declares the library and the napi-rs CLI, as a consumer does) WHEN checked THEN only the Tauri CLI is named, with its pinned version', () => {
    const repo = new FsRepoReader(EXAMPLE_DIR);
    const plan = buildPlan(planConfigOf({ products: exampleProducts() }, repo, '0.0.0'), repo);
    expect(missingWorkflowTools(plan, repo)).toEqual([
      { file: 'desktop/package.json', install: `@tauri-apps/cli@${TOOL_VERSIONS.tauriCli}`, why: 'ci.yml and release.yml build quill-desktop with `tauri build`' },
    ]);
    // The pinned napi-rs CLI exactly, a v3: the release runs v3's commands, which read the example's `napi.binaryName` and `napi.targets`.
    const file = 'sdk/nodejs/package.json';
    expect(declaredNapiCli(readNpmManifest(file, repo.read(file)!))).toEqual({ file, table: 'devDependencies', range: TOOL_VERSIONS.napiCli, major: 3 });
  });

  it('GIVEN every tool declared as a devDependency WHEN checked THEN nothing is missing', () => {
    const repo = new MemoryRepoReader({
      'package.json': JSON.stringify({ name: 'root', private: true, devDependencies: { 'projen-lockstep-release': '^1.0.0' } }),
      'node/package.json': JSON.stringify({ name: 'n', version: '1.0.0', napi: { binaryName: 'n' }, devDependencies: { '@napi-rs/cli': '^3' } }),
      'node/Cargo.toml': '[package]\nname = "n"\nversion = "1.0.0"\n',
    });
    const plan = buildPlan(planConfigOf({ products: [Product.napi({ path: 'node' })] }, repo, '0.0.0'), repo);
    expect(missingWorkflowTools(plan, repo)).toEqual([]);
  });
});
