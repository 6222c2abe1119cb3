import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { FsRepoReader, PreflightProblem, Product, buildPlan, planConfigOf } from '../../../src/model';
import { checkNpmRepositories } from '../../../src/runtime/preflight/npm';
import { PreflightDeps } from '../../../src/runtime/preflight/ports';
import { writeRepo } from '../../support/fixtures';

// Issue 17: npm publishes a wasm-pack product's own package.json (the one wrapping pkg/), so provenance's
// repository check reads it there, not in the crate's Cargo.toml.

function deps(packageJson: Record<string, unknown>): PreflightDeps {
  const dir = writeRepo({
    'Cargo.toml': '[package]\nname = "core-wasm"\nversion = "1.0.0"\nedition = "2021"\nrepository = "https://github.com/acme/core"\n',
    'package.json': JSON.stringify({ version: '1.0.0', ...packageJson }),
  });
  const reader = new FsRepoReader(dir);
  const plan = buildPlan(planConfigOf({ products: [Product.wasmPack({ path: '.' })] }, reader, '0.0.0'), reader);
  return {
    env: { GITHUB_REPOSITORY: 'acme/core' },
    cwd: dir,
    home: '/home/runner',
    plan,
    exec: { run: async () => ({ code: 1, stdout: '', stderr: '' }) },
    read: (file) => reader.read(path.relative(dir, file)),
    requestIdToken: async () => '',
  };
}

describe('npm preflight: the repository of a wasm-pack product\'s own package.json', () => {
  it('GIVEN a wrapper naming no repository (the Cargo.toml does) WHEN checked THEN the package.json is reported, with the value to write', () => {
    const passed: string[] = [];
    const findings = checkNpmRepositories(deps({ name: '@acme/wasm' }), passed);
    expect(findings).toEqual([{
      problem: PreflightProblem.NPM_REPOSITORY_MISMATCH,
      message: 'package.json: repository is not set, but npm provenance requires this repository, acme/core ("repository": { "type": "git", "url": "git+https://github.com/acme/core.git" }); npm would refuse the publish of core-wasm (E422).',
    }]);
  });

  it('GIVEN a wrapper naming the repository WHEN checked THEN it passes', () => {
    const passed: string[] = [];
    expect(checkNpmRepositories(deps({ name: '@acme/wasm', repository: { type: 'git', url: 'git+https://github.com/acme/core.git' } }), passed)).toEqual([]);
    expect(passed).toEqual(['Every npm package names acme/core as its repository (provenance).']);
  });
});
