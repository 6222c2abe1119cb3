import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { FsRepoReader, MemoryRepoReader, NAPI_CLI_MAJORS, NAPI_V2_DEFAULT_TARGETS, Product, TOOL_VERSIONS, buildPlan, planConfigOf, unsupportedNapiClis } from '../../src/model';
import { projectIn, synthIn, tempDir, writeRepo } from '../support/fixtures';
import { copyRealFixture, handOverOwnFiles, realFixture } from '../support/real-repos';

/**
 * Issue 12: release.yml publishes napi products with napi-rs CLI commands; v2 repositories (SQLRite, flovyn,
 * ruvector) failed at `napi create-npm-dirs` and `napi artifacts --output-dir`, v3's commands, after their
 * tags were pushed. The plan records a v2 CLI (`napiCli: '2'`), so the publish job runs v2's commands
 * (test/runtime/release/npm.test.ts); any other major fails synth, naming the file, the range found and the
 * majors the release supports.
 */
const napiRepo = (cli: Record<string, Record<string, string>>) => ({
  'package.json': JSON.stringify({ name: 'root', private: true, devDependencies: { 'projen-lockstep-release': '*' } }),
  'node/Cargo.toml': '[package]\nname = "n"\nversion = "1.0.0"\nedition = "2021"\n',
  'node/package.json': JSON.stringify({ name: '@s/n', version: '1.0.0', napi: { binaryName: 'n' }, ...cli }),
});
const PRODUCTS = () => [Product.napi({ path: 'node' })];

function planned(cli: Record<string, Record<string, string>>) {
  const repo = new MemoryRepoReader(napiRepo(cli));
  const plan = buildPlan(planConfigOf({ products: PRODUCTS() }, repo, '0.0.0'), repo);
  return { settings: plan.tracks[0].products[0].settings, unsupported: unsupportedNapiClis(plan, repo) };
}

describe('napi-rs CLI major of the release commands', () => {
  it('GIVEN the pinned CLI WHEN read THEN the release drives majors 2 and 3, and the pin is a 3', () => {
    expect(NAPI_CLI_MAJORS).toEqual([2, 3]);
    expect(TOOL_VERSIONS.napiCli.startsWith('3.')).toBe(true);
  });

  it('GIVEN ranges of every major WHEN planned THEN v2 is recorded for the publish job, v3 is the default, and only other majors are named', () => {
    expect(planned({ devDependencies: { '@napi-rs/cli': '^3.0.0' } })).toEqual({ settings: {}, unsupported: [] });
    expect(planned({ devDependencies: { '@napi-rs/cli': '3.10.12' } })).toEqual({ settings: {}, unsupported: [] });
    // v2 reads no napi.targets: without triples it builds its three defaults.
    const v2 = { napiCli: '2', napiTargets: NAPI_V2_DEFAULT_TARGETS.join(',') };
    expect(planned({ devDependencies: { '@napi-rs/cli': '^2.18.4' } })).toEqual({ settings: v2, unsupported: [] });
    expect(planned({ dependencies: { '@napi-rs/cli': '~2.16.0' } })).toEqual({ settings: v2, unsupported: [] });
    expect(planned({ devDependencies: { '@napi-rs/cli': '^1.3.0' } }).unsupported).toEqual([{ file: 'node/package.json', table: 'devDependencies', range: '^1.3.0', major: 1 }]);
    expect(planned({ devDependencies: { '@napi-rs/cli': '>=4.0.0-alpha.1' } }).unsupported).toEqual([{ file: 'node/package.json', table: 'devDependencies', range: '>=4.0.0-alpha.1', major: 4 }]);
    // Not a semver range, or nothing declared: the pinned major's commands (missingWorkflowTools names an undeclared CLI).
    expect(planned({ devDependencies: { '@napi-rs/cli': 'catalog:' } })).toEqual({ settings: {}, unsupported: [] });
    expect(planned({})).toEqual({ settings: {}, unsupported: [] });
  });

  it('GIVEN a napi product on napi-rs CLI 1 WHEN the project is constructed THEN synth fails naming the file, the range and the supported majors, and writes nothing', () => {
    const dir = writeRepo(napiRepo({ devDependencies: { '@napi-rs/cli': '^1.3.0' } }), tempDir());
    const before = fs.readdirSync(dir).sort();
    expect(() => projectIn(dir, { products: PRODUCTS() })).toThrow(
      "node/package.json: devDependencies['@napi-rs/cli'] is '^1.3.0' (napi-rs CLI 1), but release.yml publishes napi products with the commands of " +
        'napi-rs CLI 2 or 3 (`napi create-npm-dirs`, `napi artifacts`), which would fail after the tags are pushed.\n' +
        `Install a supported CLI: npm install --save-dev @napi-rs/cli@${TOOL_VERSIONS.napiCli} in each product's directory, or set \`release: { enabled: false }\``,
    );
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });

  it('GIVEN the same repository with the release turned off WHEN synthesized THEN it is accepted: no napi command runs', () => {
    const dir = writeRepo(napiRepo({ devDependencies: { '@napi-rs/cli': '^1.3.0' } }), tempDir());
    const out = synthIn(dir, { products: PRODUCTS(), release: { enabled: false } });
    expect(out['.github/workflows/release.yml']).toBeUndefined();
    expect(out['.lockstep/release-plan.json'].tracks[0].products[0].name).toBe('n');
  });

  it('GIVEN SQLRite (@napi-rs/cli ^2.18.4 in sdk/nodejs) with its configuration WHEN synthesized THEN it works, and the plan tells the publish job to run v2\'s commands', () => {
    const dir = copyRealFixture('sqlrite');
    handOverOwnFiles(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'sdk/nodejs/package.json'), 'utf8')).devDependencies['@napi-rs/cli']).toBe('^2.18.4');
    const out = synthIn(dir, realFixture('sqlrite').options());
    expect(out['.lockstep/release-plan.json'].tracks[0].products.find((p: any) => p.kind === 'napi')).toMatchObject({ name: 'sqlrite-node', settings: { napiCli: '2' } });
    expect(out['.github/workflows/release.yml']).toBeDefined();
  });

  it('GIVEN flovyn sdk-rust (napi-rs v2 layout) with its configuration WHEN planned THEN its napi product is recorded as napi-rs CLI 2 and nothing is refused', () => {
    const repo = new FsRepoReader(copyRealFixture('flovyn-sdk-rust'));
    const plan = buildPlan(planConfigOf(realFixture('flovyn-sdk-rust').options(), repo, '0.0.0'), repo);
    expect(plan.tracks[0].products.find((p) => p.kind === 'napi')).toMatchObject({ name: 'native', settings: { napiCli: '2' } });
    expect(unsupportedNapiClis(plan, repo)).toEqual([]);
  });
});
