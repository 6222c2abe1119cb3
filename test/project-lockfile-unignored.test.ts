import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { LockstepReleaseProject, Product } from '../src';
import { git, projectIn, tempDir, writeRepo } from './support/fixtures';

/**
 * A repository whose own .gitignore ignores package-lock.json (ruvector's root .gitignore does, keeping only
 * npm/package-lock.json), carried into gitIgnoreOptions as `projen new` carries it on adoption.
 */
const OWN_PATTERNS = ['node_modules', 'package-lock.json', '!npm/package-lock.json'];

function adopted(extra: Record<string, string> = {}, projenrc: (p: LockstepReleaseProject) => void = () => {}): string {
  const dir = writeRepo({ 'core/Cargo.toml': '[package]\nname = "core"\nversion = "2.1.0"\n', ...extra }, tempDir());
  // synth() itself, not Testing.synth: that removes the directory it synthesized into. A copy of the
  // patterns: projen's IgnoreFile adds its own to the array it is given.
  const project = projectIn(dir, { products: [Product.rustCrate({ path: 'core' })], gitIgnoreOptions: { ignorePatterns: [...OWN_PATTERNS] } });
  projenrc(project);
  project.synth();
  // What the root install writes after synthesis; git decides from the generated .gitignore alone.
  fs.writeFileSync(path.join(dir, 'package-lock.json'), '{}\n');
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

/** Whether git ignores `file` in `dir`: `git check-ignore -q` exits 0 when ignored, 1 when not. */
function ignored(dir: string, file: string): boolean {
  const r = spawnSync('git', ['check-ignore', '-q', file], { cwd: dir });
  if (r.status !== 0 && r.status !== 1) throw new Error(`git check-ignore failed: ${r.stderr}`);
  return r.status === 0;
}

describe('the root lockfile of a repository ignoring package-lock.json', () => {
  it('GIVEN an npm root and the own pattern package-lock.json WHEN synthesized THEN git does not ignore the root package-lock.json, which every generated `npm ci` needs committed', () => {
    const dir = adopted();
    expect(ignored(dir, 'package-lock.json')).toBe(false);
    // Only the root one: the repository's own pattern still holds elsewhere.
    fs.mkdirSync(path.join(dir, 'tools'));
    fs.writeFileSync(path.join(dir, 'tools', 'package-lock.json'), '{}\n');
    expect(ignored(dir, 'tools/package-lock.json')).toBe(true);
  });

  it('GIVEN .projenrc.ts ignoring package-lock.json after constructing the project WHEN synthesized THEN the root lockfile is still not ignored', () => {
    const dir = adopted({}, (p) => p.gitignore.exclude('package-lock.json'));
    expect(ignored(dir, 'package-lock.json')).toBe(false);
  });

  it('GIVEN a pnpm root (pnpm-lock.yaml) WHEN synthesized THEN the repository\'s own package-lock.json pattern is kept: pnpm installs from pnpm-lock.yaml', () => {
    const dir = adopted({ 'package.json': '{"name":"root","private":true}\n', 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" });
    expect(ignored(dir, 'package-lock.json')).toBe(true);
    expect(ignored(dir, 'pnpm-lock.yaml')).toBe(false);
  });
});
