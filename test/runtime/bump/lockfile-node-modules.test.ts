import { describe, expect, it } from 'vitest';
import { LockfilePlan, lockfileOutcome } from './lockfile-support';
import { MemoryRepoReader } from '../../../src/model';
import { npmLockProblems } from '../../../src/runtime/bump/npm-lock-check';

/** A root with the workspace `packages/bar` (a product), whose installed copy of an older `bar` sits in a node_modules. */
const lock = {
  name: 'root',
  lockfileVersion: 2,
  requires: true,
  packages: {
    '': { name: 'root', workspaces: ['packages/*'] },
    'node_modules/bar': { resolved: 'packages/bar', link: true },
    'packages/bar': { version: '0.3.0' },
    'packages/tools': { version: '1.0.0', dependencies: { bar: '^0.2.0' } },
    'packages/tools/node_modules/bar': { version: '0.2.0', resolved: 'https://registry.npmjs.org/bar/-/bar-0.2.0.tgz', dependencies: { 'left-pad': '^1.3.0' } },
  },
};
const plan: LockfilePlan = { file: 'package-lock.json', tool: 'npm', packages: ['bar'] };

describe('entries below node_modules are installed copies, never the repository\'s own packages', () => {
  it('GIVEN a lockfileVersion 2 file with a registry copy of a product in a workspace\'s node_modules WHEN refreshed THEN only the workspace entry moves', () => {
    const { after, problems } = lockfileOutcome(plan, JSON.stringify(lock, null, 2), '0.4.0');
    expect(problems).toEqual([]);
    const doc = JSON.parse(after);
    expect(doc.packages['packages/bar'].version).toBe('0.4.0');
    expect(doc.packages['packages/tools/node_modules/bar'].version).toBe('0.2.0');
  });

  it('GIVEN that copy installed on disk, with its own package.json WHEN checked as npm ci would THEN its dependencies are not the repository\'s to declare', () => {
    const files = {
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
      'packages/bar/package.json': JSON.stringify({ name: 'bar', version: '0.3.0' }),
      'packages/tools/package.json': JSON.stringify({ name: 'tools', version: '1.0.0', dependencies: { bar: '^0.2.0' } }),
      'packages/tools/node_modules/bar/package.json': JSON.stringify({ name: 'bar', version: '0.2.0', dependencies: { 'left-pad': '^1.3.0' } }),
      'package-lock.json': JSON.stringify(lock),
    };
    expect(npmLockProblems('package-lock.json', files['package-lock.json'], new MemoryRepoReader(files), new Set(['bar']))).toEqual([]);
  });
});
