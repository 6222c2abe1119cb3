import * as fs from 'fs';
import * as path from 'path';
import { Project, Testing } from 'projen';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { LockstepReleaseProject } from '../../src';
import { preflightStep } from '../../src/components/docs/preflight-step';
import { ReleasePublish } from '../../src/components/release-publish';
import { WorkflowFile, checkoutStep, installLockstepStep, setupNodeStep } from '../../src/components/workflow';
import { Job, Workflow } from '../../src/components/workflow/workflow-types';
import { PublishTarget, RUNNERS, TrustedTarget } from '../../src/model';
import { exampleProducts } from '../support/example-products';
import { copyExample, tempDir } from '../support/fixtures';
import { checkWorkflows, formatFindings } from '../support/workflow-gates';

function publishJob(target: TrustedTarget, secrets: string[] = []): Job {
  return {
    'runs-on': RUNNERS.linuxX64,
    'environment': 'release-publish',
    'permissions': { 'contents': 'read', 'id-token': 'write' },
    'steps': [checkoutStep(), setupNodeStep(), installLockstepStep(), preflightStep(target, { workflowFile: 'release.yml', environment: 'release-publish', secrets })],
  };
}

/** A release workflow with one publish job per trusted registry, each starting with the preflight step. */
function synthWorkflow(jobs: Record<string, Job>, base?: Workflow): { file: string; wf: any } {
  const project = new Project({ name: 'preflight-gate', outdir: tempDir() });
  const workflow: Workflow = { ...(base ?? { name: 'release', on: { workflow_dispatch: {} } }), jobs };
  new WorkflowFile(project, 'release.yml', () => workflow);
  const text = Testing.synth(project)['.github/workflows/release.yml'] as string;
  const dir = path.join(tempDir('lockstep-preflight-gate-'), '.github', 'workflows');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'release.yml');
  fs.writeFileSync(file, text);
  return { file, wf: parseYaml(text) };
}

describe('the preflight step of a trusted-publishing job', () => {
  it('O2 GIVEN a registry WHEN the step is built THEN it runs lockstep preflight with the registry and the identity its publishers name, as literal tokens', () => {
    expect(preflightStep(PublishTarget.NPM, { workflowFile: 'release.yml', environment: 'release-publish' }).run)
      .toBe('npx --no-install lockstep preflight --registry npm --workflow release.yml --environment release-publish');
  });

  it('GIVEN secrets to check WHEN the step is built THEN they reach it through env, never inside run:', () => {
    const step = preflightStep(PublishTarget.PYPI, { workflowFile: 'release.yml', environment: 'release-publish', secrets: ['SIGNING_KEY', 'OTHER'] });
    expect(step.run).toBe('npx --no-install lockstep preflight --registry pypi --workflow release.yml --environment release-publish --secrets SIGNING_KEY,OTHER');
    expect(step.env).toEqual({ SIGNING_KEY: '${{ secrets.SIGNING_KEY }}', OTHER: '${{ secrets.OTHER }}' });
    expect(() => preflightStep(PublishTarget.PYPI, { workflowFile: 'release.yml', environment: 'x', secrets: ['GITHUB_TOKEN'] })).toThrow(/not a usable secret name/);
    expect(() => preflightStep('go' as TrustedTarget, { workflowFile: 'release.yml', environment: 'x' })).toThrow(/does not publish with trusted publishing/);
  });

  it('GIVEN a workflow whose crates.io, npm and PyPI jobs start with the step WHEN gated THEN actionlint, GitHub\'s parser and zizmor report nothing', () => {
    const { file, wf } = synthWorkflow({
      'publish-crates': publishJob(PublishTarget.CRATES_IO),
      'publish-npm': publishJob(PublishTarget.NPM),
      'publish-pypi': publishJob(PublishTarget.PYPI, ['EXTRA_SECRET']),
    });
    expect(Object.values<any>(wf.jobs).map((j) => j.steps[3].run.split(' ').slice(4, 6))).toEqual([['--registry', 'crates-io'], ['--registry', 'npm'], ['--registry', 'pypi']]);
    const { checked, findings } = checkWorkflows([file]);
    expect(checked).toBe(1);
    expect(findings, formatFindings(findings)).toEqual([]);
  });

  it('GIVEN a minimal workflow with one npm job WHEN gated THEN nothing is reported', () => {
    const { file } = synthWorkflow({ 'publish-npm': publishJob(PublishTarget.NPM) });
    const { findings } = checkWorkflows([file]);
    expect(findings, formatFindings(findings)).toEqual([]);
  });
});

describe('the preflight step in the example\'s release.yml', () => {
  it('O2 GIVEN the example WHEN release.yml is rendered THEN publish-crates, publish-npm and publish-pypi each run the preflight after the CLI install and before the first registry call, and the gates pass', () => {
    const dir = copyExample();
    const project = new LockstepReleaseProject({ name: 'quill', outdir: dir, products: exampleProducts() });
    const release = project.components.find((c): c is ReleasePublish => c instanceof ReleasePublish)!;
    const targets: Record<string, TrustedTarget> = { 'publish-crates': PublishTarget.CRATES_IO, 'publish-npm': PublishTarget.NPM, 'publish-pypi': PublishTarget.PYPI };
    const wf = release.render();
    for (const [id, target] of Object.entries(targets)) {
      const runs = wf.jobs[id].steps.map((s) => s.run ?? s.uses ?? '');
      const at = runs.findIndex((r) => r.startsWith(`npx --no-install lockstep preflight --registry ${target} `));
      expect(at, id).toBeGreaterThan(runs.findIndex((r) => r.startsWith('npm ci')));
      const firstRegistryCall = runs.findIndex((r, i) => i > at && (/crates-io-auth-action|gh-action-pypi-publish/.test(r) || /lockstep (publish-|pre-publish)/.test(r)));
      expect(at, id).toBeLessThan(firstRegistryCall);
      expect(runs[at], id).toContain('--workflow release.yml --environment release-publish');
    }
    project.synth();
    const { findings } = checkWorkflows([path.join(dir, '.github/workflows/release.yml')]);
    expect(findings, formatFindings(findings)).toEqual([]);
  });
});
