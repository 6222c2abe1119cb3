// Issue 18: the library's own build.yml and release.yml (projen's JsiiProject workflows as .projenrc.ts and
// projenrc/own-workflows.ts shape them) hold the bar the library sets for the workflows it generates:
// actions pinned from the pin table, no persisted checkout credentials, least-privilege permissions, no
// `${{ }}` in run:, and npm trusted publishing with provenance and no npm token. The three judges run over
// these files in test/gates/repository.test.ts; this file checks what they mean.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ACTIONS, TOOL_VERSIONS, compareVersions } from '../../src/model';
import { REPO_ROOT, tempDir } from '../support/fixtures';

interface Step { 'name'?: string; 'id'?: string; 'uses'?: string; 'run'?: string; 'with'?: Record<string, unknown>; 'env'?: Record<string, string>; 'working-directory'?: string }
interface Job { permissions?: Record<string, string>; steps: Step[] }
interface Workflow { permissions?: unknown; jobs: Record<string, Job> }

function read(name: string): { text: string; wf: Workflow } {
  const text = fs.readFileSync(path.join(REPO_ROOT, '.github', 'workflows', name), 'utf8');
  return { text, wf: parseYaml(text) as Workflow };
}

const OWN = { build: read('build.yml'), release: read('release.yml') };
const allSteps = (wf: Workflow): Step[] => Object.values(wf.jobs).flatMap((j) => j.steps);
const npmJob = OWN.release.wf.jobs.release_npm;
const stepNamed = (job: Job, id: string): Step => job.steps.find((s) => s.id === id)!;

describe.each(Object.entries(OWN))('the library\'s own %s.yml', (_name, { wf }) => {
  it('GIVEN the workflow WHEN its actions are read THEN each is pinned to the SHA of the library\'s pin table', () => {
    const pinned = new Set(Object.values(ACTIONS).map((a) => `${a.repo}@${a.sha}`));
    const uses = allSteps(wf).flatMap((s) => (s.uses ? [s.uses] : []));
    expect(uses.length).toBeGreaterThan(0);
    expect(uses.filter((u) => !pinned.has(u))).toEqual([]);
  });

  it('GIVEN the workflow WHEN its checkouts are read THEN none persists credentials (no job of it pushes)', () => {
    const checkouts = allSteps(wf).filter((s) => s.uses?.startsWith(`${ACTIONS.checkout.repo}@`));
    expect(checkouts.length).toBeGreaterThan(0);
    expect(checkouts.map((s) => s.with?.['persist-credentials'])).toEqual(checkouts.map(() => false));
  });

  it('GIVEN the workflow WHEN its permissions are read THEN the top grants none and every job names its own', () => {
    expect(wf.permissions).toEqual({});
    expect(Object.entries(wf.jobs).filter(([, j]) => j.permissions === undefined).map(([id]) => id)).toEqual([]);
  });

  it('GIVEN the workflow WHEN its run: scripts are read THEN none expands ${{ }}: values arrive through env', () => {
    expect(allSteps(wf).filter((s) => s.run?.includes('${{'))).toEqual([]);
  });
});

describe('least privilege across the library\'s own jobs', () => {
  it('GIVEN both workflows WHEN job permissions are read THEN only the GitHub release job writes contents and only the npm job gets an OIDC token', () => {
    const perms = Object.fromEntries(
      Object.entries(OWN).flatMap(([file, { wf }]) => Object.entries(wf.jobs).map(([id, j]) => [`${file}/${id}`, j.permissions])),
    );
    expect(perms).toEqual({
      'build/build': { contents: 'read' },
      'build/package-js': { contents: 'read' },
      'release/release': { contents: 'read' },
      'release/release_github': { contents: 'write' },
      'release/release_npm': { 'contents': 'read', 'id-token': 'write' },
    });
  });

  it('GIVEN the build workflow WHEN read THEN no job pushes to the pull request with a long-lived token', () => {
    expect(Object.keys(OWN.build.wf.jobs)).not.toContain('self-mutation');
    expect(OWN.build.text).not.toMatch(/PROJEN_GITHUB_TOKEN|git push/);
  });
});

describe('the library publishes itself to npm with trusted publishing', () => {
  it('GIVEN the release workflow WHEN read THEN no npm token is configured anywhere and setup-node writes no registry .npmrc', () => {
    expect(OWN.release.text).not.toMatch(/NPM_TOKEN|NODE_AUTH_TOKEN|registry-url/);
  });

  it('GIVEN the npm publish job WHEN its publish step is read THEN publib publishes with the trusted publisher and provenance, pinned', () => {
    expect(stepNamed(npmJob, 'release')).toMatchObject({
      run: `npx '-p' 'publib@${TOOL_VERSIONS.publib}' 'publib-npm'`,
      env: { NPM_TRUSTED_PUBLISHER: 'true', NPM_CONFIG_PROVENANCE: 'true', NPM_REGISTRY: 'registry.npmjs.org' },
    });
  });

  it('GIVEN the npm publish job WHEN its Node is read THEN it is the pin table\'s Node line, which supports trusted publishing', () => {
    const setupNode = npmJob.steps.find((s) => s.uses?.startsWith(`${ACTIONS.setupNode.repo}@`))!;
    expect(String(setupNode.with?.['node-version'])).toBe(TOOL_VERSIONS.node);
    // The lowest release of that line (x.0.0) already supports it.
    expect(compareVersions(`${TOOL_VERSIONS.node}.0.0`, TOOL_VERSIONS.nodeTrustedPublishingMin)).toBeGreaterThanOrEqual(0);
  });

  it('GIVEN the npm publish job WHEN its steps are ordered THEN the npm version check runs after the install that brings semver and before the publish', () => {
    const ids = npmJob.steps.map((s) => s.id);
    expect(ids.indexOf('install_dependencies')).toBeLessThan(ids.indexOf('npm_supports_trusted_publishing'));
    expect(ids.indexOf('npm_supports_trusted_publishing')).toBe(ids.indexOf('release') - 1);
  });

  // The job's npm is whatever setup-node's Node brought; here a stand-in `npm` on PATH prints the version to
  // test (installing an older npm only to print its version would add a download to every run). semver is the real CLI from this repository's lockfile.
  it.each([
    [TOOL_VERSIONS.npmTrustedPublishingMin, 0],
    ['11.5.0', 1],
  ])('GIVEN npm %s WHEN the npm check step runs THEN it exits %i', (version, code) => {
    const check = stepNamed(npmJob, 'npm_supports_trusted_publishing');
    expect(check['working-directory']).toBe('.repo');
    const bin = tempDir('fake-npm-');
    fs.writeFileSync(path.join(bin, 'npm'), `#!/bin/sh\necho ${version}\n`, { mode: 0o755 });
    // The step's own command: npx (npm's, not the stand-in) finds semver in REPO_ROOT's node_modules as it finds .repo's in the job.
    const run = spawnSync('bash', ['-e', '-c', check.run!], {
      cwd: REPO_ROOT,
      env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` },
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(code);
    expect(compareVersions(version, TOOL_VERSIONS.npmTrustedPublishingMin) >= 0).toBe(code === 0);
  });
});
