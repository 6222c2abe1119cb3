import { describe, expect, it } from 'vitest';
import { MemoryRepoReader } from '../../../src/model';
import { npmLockProblems } from '../../../src/runtime/bump/npm-lock-check';

/** A package `app` declaring `dependencies`, with a lock made of `packages` besides its own entry. */
function app(dependencies: Record<string, string>, packages: Record<string, object>): Record<string, string> {
  return {
    'package.json': JSON.stringify({ name: 'app', version: '1.0.0', dependencies }),
    'package-lock.json': JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { name: 'app', version: '1.0.0', dependencies }, ...packages } }),
  };
}
const check = (files: Record<string, string>, products: string[] = []) =>
  npmLockProblems('package-lock.json', files['package-lock.json'], new MemoryRepoReader(files), new Set(products));

describe('package-lock.json ranges read as npm reads them', () => {
  it('GIVEN a range only npm\'s loose reading accepts (a prerelease without its hyphen) WHEN checked THEN it is read, as npm reads it', () => {
    expect(check(app({ dep: '=1.2.3beta' }, { 'node_modules/dep': { version: '1.2.3-beta' } }))).toEqual([]);
    expect(check(app({ dep: '=1.2.3beta' }, { 'node_modules/dep': { version: '1.2.4' } })).map((p) => p.key)).toEqual(['range  dep']);
  });

  it('GIVEN a product depended on through a scoped alias from the registry WHEN locked below the alias\'s range THEN it awaits the publish of that product, named by its real name', () => {
    const files = app({ sdk: 'npm:@quill/sdk@^0.2.0' }, { 'node_modules/sdk': { version: '0.1.0', resolved: 'https://registry.npmjs.org/@quill/sdk/-/sdk-0.1.0.tgz' } });
    expect(check(files, ['@quill/sdk'])).toEqual([{
      file: 'package-lock.json',
      key: 'range  sdk',
      reason: 'resolves sdk at 0.1.0 (node_modules/sdk), which does not satisfy npm:@quill/sdk@^0.2.0 in package.json dependencies, so `npm ci` refuses it; ' +
        '@quill/sdk comes from the registry: run `npm install --package-lock-only` in . once that version is published (or depend on the workspace package instead).',
      awaitsPublish: true,
    }]);
    expect(check(files, ['sdk'])[0].awaitsPublish).toBeUndefined();
  });
});
