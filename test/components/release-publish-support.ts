import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { LockstepReleaseProjectOptions, Product } from '../../src';
import { exampleProducts } from '../support/example-products';
import { copyExample, synthIn, tempDir, writeRepo } from '../support/fixtures';

/** A synthesized release.yml: its text, its parsed form and where it was written for the gates. */
export interface SynthedRelease {
  readonly text: string;
  readonly wf: any;
  readonly file: string;
  readonly out: Record<string, any>;
}

/** Synthesizes a project and writes its release workflow under a fresh `.github/workflows/` for the gates. */
export function synthRelease(dir: string, options: Partial<LockstepReleaseProjectOptions>, fileName = 'release.yml'): SynthedRelease {
  const out = synthIn(dir, options);
  const content = out[`.github/workflows/${fileName}`];
  if (content === undefined) throw new Error(`no .github/workflows/${fileName} was generated`);
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  const gateDir = path.join(tempDir('lockstep-release-gate-'), '.github', 'workflows');
  fs.mkdirSync(gateDir, { recursive: true });
  const file = path.join(gateDir, fileName);
  fs.writeFileSync(file, text);
  return { text, wf: parseYaml(text), file, out };
}

/** The example monorepo's release.yml. */
export function exampleRelease(options: Partial<LockstepReleaseProjectOptions> = {}): SynthedRelease {
  return synthRelease(copyExample(), { products: exampleProducts(), ...options });
}

/** A repository with a single crate, and nothing else to release. */
export function minimalRelease(options: Partial<LockstepReleaseProjectOptions> = {}): SynthedRelease {
  const dir = writeRepo({
    'Cargo.toml': '[package]\nname = "solo"\nversion = "1.0.0"\nedition = "2021"\nlicense = "MIT"\n',
    'src/lib.rs': '',
    'package.json': JSON.stringify({ name: 'solo-repo', private: true, devDependencies: { 'projen-lockstep-release': '*' } }),
  });
  return synthRelease(dir, { products: [Product.rustCrate({ path: '.' })], ci: { enabled: false }, releasePr: { enabled: false }, ...options });
}

/** Longest chain of `needs` ending at `job`, counted in jobs (a job with no needs has depth 1). */
export function depthOf(wf: any, job: string, seen: string[] = []): number {
  if (seen.includes(job)) throw new Error(`needs cycle through ${job}`);
  const needs: string[] = wf.jobs[job].needs ?? [];
  return 1 + Math.max(0, ...needs.map((n) => depthOf(wf, n, [...seen, job])));
}

/** Every step of every job, with its job id. */
export function allSteps(wf: any): Array<{ job: string; step: any }> {
  return Object.entries<any>(wf.jobs).flatMap(([job, j]) => (j.steps as any[]).map((step) => ({ job, step })));
}

/** Jobs referencing an environment, by environment name. */
export function environmentsOf(wf: any): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [id, j] of Object.entries<any>(wf.jobs)) {
    const env = typeof j.environment === 'string' ? j.environment : j.environment?.name;
    if (env) (out[env] ??= []).push(id);
  }
  return out;
}

/** The `lockstep` subcommand a step runs, if it runs one. */
export function lockstepCommand(step: any): string | undefined {
  return /npx --no-install lockstep ([a-z-]+)/.exec(step.run ?? '')?.[1];
}

/** Two release tracks: a crate and an npm package, each with its own version. */
export function twoTrackRelease(options: Partial<LockstepReleaseProjectOptions> = {}): SynthedRelease {
  const dir = writeRepo({
    'crates/core/Cargo.toml': '[package]\nname = "core-lib"\nversion = "1.0.0"\nedition = "2021"\nlicense = "MIT"\n',
    'crates/core/src/lib.rs': '',
    'cli/package.json': JSON.stringify({ name: 'core-cli', version: '2.0.0', license: 'MIT' }),
    'package.json': JSON.stringify({ name: 'two-tracks', private: true, devDependencies: { 'projen-lockstep-release': '*' } }),
  });
  return synthRelease(dir, {
    tracks: [
      { name: 'engine', products: [Product.rustCrate({ path: 'crates/core' })] },
      { name: 'cli', products: [Product.npmPackage({ path: 'cli' })] },
    ],
    ci: { enabled: false },
    releasePr: { enabled: false },
    ...options,
  });
}
