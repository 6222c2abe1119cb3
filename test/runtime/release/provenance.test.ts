// O5: the lockstep commands decide on provenance from the repository's visibility (LOCKSTEP_REPOSITORY_VISIBILITY,
// which release.yml fills from github.event.repository.visibility): the GitHub Release job's `provenance` step,
// `publish-npm` (against a real local registry, verdaccio) and the npm job's preflight.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExampleRepo, exampleRepo } from './helpers';
import { main } from '../../../src/runtime/main';
import { ReleaseRun } from '../../../src/runtime/release/run';
import { tempDir, writeRepo } from '../../support/fixtures';
import { LocalNpmRegistry, startVerdaccio } from '../../support/local-registries';
import { releaseRun, releaseRunEnv } from '../../support/release-run';
import { readStepOutputs } from '../../support/runner-view';

async function lockstep(cwd: string, args: string[], env: Record<string, string | undefined>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { cwd, env: { ...process.env, ...env }, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

const UNDECIDED = "release.provenance is 'auto' but the repository's visibility is unknown (LOCKSTEP_REPOSITORY_VISIBILITY, which release.yml sets from github.event.repository.visibility); " +
  "nothing was published. Regenerate release.yml with `npx projen`, or set release.provenance to 'always' or 'never'.";

describe('O5: lockstep provenance (the GitHub Release job\'s decision)', () => {
  it.each([
    ['public', 'true'],
    ['private', 'false'],
    ['internal', 'false'],
  ])('O5: GIVEN auto and a %s repository WHEN decided THEN the step output attest is %s and the log says why', async (visibility, attest) => {
    const output = path.join(tempDir(), 'output');
    const res = await lockstep(tempDir(), ['provenance', '--provenance', 'auto'], { GITHUB_OUTPUT: output, LOCKSTEP_REPOSITORY_VISIBILITY: visibility });
    expect(res.code).toBe(0);
    expect(readStepOutputs(output)).toEqual({ attest });
    expect(res.out).toContain(`::notice title=provenance::the repository is ${visibility}:`);
  });

  it('O5: GIVEN always in a private repository, and never in a public one WHEN decided THEN the mode wins over the visibility', async () => {
    const always = path.join(tempDir(), 'output');
    expect((await lockstep(tempDir(), ['provenance', '--provenance', 'always'], { GITHUB_OUTPUT: always, LOCKSTEP_REPOSITORY_VISIBILITY: 'private' })).code).toBe(0);
    expect(readStepOutputs(always)).toEqual({ attest: 'true' });
    const never = path.join(tempDir(), 'output');
    expect((await lockstep(tempDir(), ['provenance', '--provenance', 'never'], { GITHUB_OUTPUT: never, LOCKSTEP_REPOSITORY_VISIBILITY: 'public' })).code).toBe(0);
    expect(readStepOutputs(never)).toEqual({ attest: 'false' });
  });

  it('O5: GIVEN auto with no visibility, or a mode that is not one WHEN decided THEN it refuses with one message and writes no output', async () => {
    const output = path.join(tempDir(), 'output');
    const none = await lockstep(tempDir(), ['provenance', '--provenance', 'auto'], { GITHUB_OUTPUT: output, LOCKSTEP_REPOSITORY_VISIBILITY: '' });
    expect(none.code).toBe(2);
    expect(none.err).toContain(UNDECIDED);
    expect(fs.existsSync(output)).toBe(false);
    const bad = await lockstep(tempDir(), ['provenance', '--provenance', 'sometimes'], { GITHUB_OUTPUT: output, LOCKSTEP_REPOSITORY_VISIBILITY: 'public' });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--provenance 'sometimes' is not one of auto, always, never.");
  });
});

describe('O5: publish-npm decides from the visibility (real local registry, verdaccio)', () => {
  let npm: LocalNpmRegistry;
  beforeAll(async () => {
    npm = await startVerdaccio();
  }, 60_000);
  afterAll(() => npm?.stop());

  /** A dry run of one npm product whose tarball was packed as the build job packs it. */
  function workspace(): { dir: string; run: ReleaseRun } {
    const dir = tempDir();
    const src = writeRepo({ 'package.json': JSON.stringify({ name: 'o5-visibility', version: '1.0.0', license: 'MIT' }), 'index.js': 'module.exports = 1;\n' });
    const out = path.join(dir, '.lockstep/artifacts/npm.o5');
    fs.mkdirSync(out, { recursive: true });
    execFileSync('npm', ['pack', '--pack-destination', out], { cwd: src, stdio: 'pipe' });
    const product = {
      name: 'o5',
      kind: 'npm-package',
      path: 'o5',
      tag: 'o5-v1.0.0',
      githubRelease: false,
      dependsOn: [],
      settings: {},
      packages: [{ target: 'npm', name: 'o5-visibility', version: '1.0.0', distTag: 'latest', state: 'missing' as const }],
    };
    const run = releaseRun({ dryRun: true, event: 'workflow_dispatch', products: [product] });

    return { dir, run };
  }

  async function publishDry(visibility: string | undefined, mode: string): Promise<{ code: number; err: string; detail?: string }> {
    const { dir, run } = workspace();
    const env = { ...npm.env, ...releaseRunEnv(run), LOCKSTEP_NPM_REGISTRY: npm.url, LOCKSTEP_REPOSITORY_VISIBILITY: visibility };
    const res = await lockstep(dir, ['publish-npm', '--provenance', mode], env);
    const file = path.join(dir, '.lockstep/outcomes/publish-npm.json');
    const detail = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{ detail: string }>)[0].detail : undefined;
    return { code: res.code, err: res.err, detail };
  }

  it('O5: GIVEN auto WHEN a public repository publishes THEN npm gets --provenance; a private one publishes without it', async () => {
    const pub = await publishDry('public', 'auto');
    expect(pub.code).toBe(0);
    expect(pub.detail).toMatch(/^would run npm publish .* --tag latest --provenance --registry /);
    const priv = await publishDry('private', 'auto');
    expect(priv.code).toBe(0);
    expect(priv.detail).toMatch(/^would run npm publish .* --tag latest --registry /);
    expect(priv.detail).not.toContain('--provenance');
  }, 60_000);

  it('O5: GIVEN auto and no visibility WHEN publish-npm runs THEN it refuses before asking npm anything, and records no outcome', async () => {
    const res = await publishDry(undefined, 'auto');
    expect(res.code).toBe(2);
    expect(res.err).toContain(UNDECIDED);
    expect(res.detail).toBeUndefined();
  }, 60_000);
});

describe('O5: the npm job\'s preflight says what happens', () => {
  let r: ExampleRepo;
  beforeAll(() => {
    r = exampleRepo();
    fs.writeFileSync(path.join(r.dir, r.plan.planFile), `${JSON.stringify(r.plan, undefined, 2)}\n`);
  }, 60_000);

  const preflight = (mode: string, visibility: string | undefined) => lockstep(r.dir, [
    'preflight', '--registry', 'npm', '--workflow', 'release.yml', '--environment', 'release-publish', '--provenance', mode,
  ], { LOCKSTEP_REPOSITORY_VISIBILITY: visibility, GITHUB_REPOSITORY: 'quill-db/quill' });

  it('O5: GIVEN auto in a private repository WHEN preflight runs THEN it reports that npm publishes without provenance, and raises no provenance problem', async () => {
    const res = await preflight('auto', 'private');
    expect(res.out).toContain('✓ Provenance: the repository is private: npm refuses provenance and build attestations need GitHub Enterprise Cloud there, so npm packages are published without provenance');
    expect(res.err).not.toContain('provenance-refused');
  });

  it('O5: GIVEN always in a private repository, or auto with no visibility WHEN preflight runs THEN it fails before any upload, linking to the doc\'s section', async () => {
    const always = await preflight('always', 'internal');
    expect(always.code).toBe(1);
    expect(always.err).toContain("npm refuses --provenance when the repository is internal (E422); set release.provenance to 'auto' (or 'never') to publish without it. Fix: docs/release-secrets.md#provenance-refused");
    const unknown = await preflight('auto', undefined);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain(`${UNDECIDED} Fix: docs/release-secrets.md#provenance-refused`);
  });

  it('O5: GIVEN --provenance with another registry WHEN preflight runs THEN it is refused as a usage error', async () => {
    const res = await lockstep(r.dir, ['preflight', '--registry', 'pypi', '--provenance', 'auto'], {});
    expect(res.code).toBe(2);
    expect(res.err).toContain("--provenance 'auto': give auto, always, never, with --registry npm;");
  });
});
