import * as fs from 'fs';
import * as path from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJENRC_COMPILER_OPTIONS } from '../../src/model';
import { copyRepo, packLibrary, projenNewIn, run, runIn } from '../support/consumer';
import { git, tempDir, writeRepo } from '../support/fixtures';

/**
 * `npx projen` in a consumer repository runs its `.projenrc.ts` through the library's runner: with the
 * packed library, bootstrapped once and copied for each case.
 */
let tarball: string;
let bootstrapped: string;

beforeAll(() => {
  tarball = packLibrary();
  bootstrapped = writeRepo({
    'Cargo.toml': '[package]\nname = "demo-core"\nversion = "1.4.0"\nedition = "2021"\n',
    'src/lib.rs': '',
  }, tempDir('lockstep-projenrc-'));
  git(bootstrapped, 'init', '-q', '-b', 'main');
  const r = projenNewIn(bootstrapped, tarball);
  if (r.status !== 0) throw new Error(`projen new failed:\n${r.stdout}\n${r.stderr}`);
}, 240_000);

/** A copy of the bootstrapped repository whose `.projenrc.ts` is `text`, committed. */
function repoWithProjenrc(text: string, files: Record<string, string> = {}): string {
  const dir = copyRepo(bootstrapped);
  writeRepo({ '.projenrc.ts': text, ...files }, dir);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'hand-written .projenrc.ts');
  return dir;
}

const STACK_FRAME = /^\s+at /m;

describe('npx projen runs .projenrc.ts through the library runner', () => {
  it('GIVEN a hand-written .projenrc.ts that iterates a Set WHEN projen new and then npx projen twice THEN the file is run as written, every run compiles it and the last changes nothing', () => {
    const projenrc = [
      "import { LockstepReleaseProject, Product } from 'projen-lockstep-release';",
      // Iterating a Set is TS2802 when compiled for ES5, as an options-less tsconfig.projen.json did.
      "const names = new Set(['core']);",
      'const products = [];',
      'for (const n of names) products.push(Product.rustCrate({ path: \'.\', name: `demo-${n}` }));',
      "const project = new LockstepReleaseProject({ name: 'demo', products });",
      'project.synth();',
      '',
    ].join('\n');
    const dir = writeRepo({
      'Cargo.toml': '[package]\nname = "demo-core"\nversion = "1.4.0"\nedition = "2021"\n',
      'src/lib.rs': '',
      '.projenrc.ts': projenrc,
    }, tempDir('lockstep-handwritten-'));
    git(dir, 'init', '-q', '-b', 'main');
    // Plain `npx projen` cannot be the first run: projen finds a project by its .projen/tasks.json.
    const r = projenNewIn(dir, tarball);
    if (r.status !== 0) throw new Error(`projen new failed:\n${r.stdout}\n${r.stderr}`);
    expect(fs.readFileSync(path.join(dir, '.projenrc.ts'), 'utf8')).toBe(projenrc);
    const planProducts = () => JSON.parse(fs.readFileSync(path.join(dir, '.lockstep/release-plan.json'), 'utf8')).tracks[0].products.map((p: { name: string }) => p.name);
    expect(planProducts()).toEqual(['demo-core']);
    const tsconfig = JSON.parse(fs.readFileSync(path.join(dir, 'tsconfig.projen.json'), 'utf8').replace(/^\/\/.*\n/, ''));
    expect(tsconfig.compilerOptions).toEqual(PROJENRC_COMPILER_OPTIONS);
    // projen new committed what the first run wrote; each later plain `npx projen` writes the same.
    for (let i = 0; i < 2; i++) {
      run(dir, 'npx', ['projen']);
      expect(git(dir, 'status', '--porcelain')).toBe('');
    }
    expect(planProducts()).toEqual(['demo-core']);
  }, 180_000);

  it('GIVEN an option mistake, a broken manifest or a type error WHEN npx projen runs THEN it prints the one message, no stack trace', () => {
    const badOption = runIn(repoWithProjenrc([
      "import { LockstepReleaseProject } from 'projen-lockstep-release';",
      "new LockstepReleaseProject({ name: 'demo', releaseBranch: 'a..b' }).synth();",
      '',
    ].join('\n')), 'npx', ['projen']);
    expect(badOption.status).not.toBe(0);
    expect(badOption.stderr.split('\n')).toContain("releaseBranch: 'a..b' is not a usable branch name.");
    expect(badOption.stderr).not.toMatch(STACK_FRAME);
    // No `node_modules/...ts:NN` source line as an uncaught exception prints, and not called internal.
    expect(badOption.stderr).not.toMatch(/node_modules\/\S+:\d+|internal error/);

    const badManifest = runIn(repoWithProjenrc([
      "import { LockstepReleaseProject } from 'projen-lockstep-release';",
      "new LockstepReleaseProject({ name: 'demo' }).synth();",
      '',
    ].join('\n'), { 'Cargo.toml': '[package]\nname = "demo-core"\nversion = \n' }), 'npx', ['projen']);
    expect(badManifest.status).not.toBe(0);
    expect(badManifest.stderr).toMatch(/^Cargo\.toml(:\d+)?: /m);
    expect(badManifest.stderr).not.toMatch(STACK_FRAME);

    const typeError = runIn(repoWithProjenrc([
      "import { LockstepReleaseProject } from 'projen-lockstep-release';",
      "new LockstepReleaseProject({ name: 'demo', releaseBranch: 42 }).synth();",
      '',
    ].join('\n')), 'npx', ['projen']);
    expect(typeError.status).not.toBe(0);
    expect(typeError.stderr).toMatch(/^\.projenrc\.ts does not compile:\n\.projenrc\.ts\(2,\d+\): error TS2322/m);
    expect(typeError.stderr).not.toMatch(STACK_FRAME);
  }, 120_000);

  it('GIVEN a .projenrc.ts that fails with an unexpected error WHEN npx projen runs THEN it says it is internal and shows the stack', () => {
    const r = runIn(repoWithProjenrc([
      "import { LockstepReleaseProject } from 'projen-lockstep-release';",
      'const options = JSON.parse(\'null\') as { name: string };',
      'new LockstepReleaseProject({ name: options.name }).synth();',
      '',
    ].join('\n')), 'npx', ['projen']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/internal error while running \.projenrc\.ts \(not a configuration mistake; the stack shows where\): TypeError: Cannot read properties of null/);
    expect(r.stderr).toMatch(STACK_FRAME);
  }, 120_000);
});
