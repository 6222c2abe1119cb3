import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { allSteps, exampleRelease, lockstepCommand } from './release-publish-support';
import { chapter, exampleDoc } from './trusted-publishing-support';
import { Product } from '../../src';
import { ACTIONS, DOC_ANCHORS } from '../../src/model';
import { lockstep } from '../support/cli';
import { exampleProducts } from '../support/example-products';
import { copyExample, errorOf, parseWorkflow, synthIn, tempDir } from '../support/fixtures';
import { checkWorkflows, formatFindings } from '../support/workflow-gates';

// Issue 17, extension points in release.yml: a product's setup steps in the jobs that build, check or publish
// it, and a generic product's publish secrets and permissions in a job of its own.

const uses = (name: keyof typeof ACTIONS) => `${ACTIONS[name].repo}@${ACTIONS[name].sha}`;

/** The example with the engine crate asking for protoc and a system library, and two generic products. */
function products(): Product[] {
  return [
    ...exampleProducts().map((p) => (p.name === 'quill' ? Product.rustCrate({ path: '.', name: 'quill', setup: { protoc: '29.3', aptPackages: ['libssl-dev'], rustComponents: ['rust-src'] } }) : p)),
    Product.generic({
      path: 'docs',
      name: 'image',
      buildCommand: 'pnpm run build-image',
      publishCommand: 'pnpm run push-image',
      publishSecrets: ['IMAGE_PUSH_TOKEN', 'IMAGE_PUSH_USER'],
      publishPermissions: { 'packages': 'write', 'id-token': 'write' },
      setup: { pnpm: '9.15.9' },
    }),
    Product.generic({ path: 'scripts', name: 'site', publishCommand: 'make publish' }),
  ];
}

/** The example as a pnpm workspace (as test/components/pnpm-workflows.test.ts makes it), with these products. */
function synthPnpm(packageManager: string | undefined): { wf: any } {
  const dir = copyExample();
  fs.rmSync(path.join(dir, 'package-lock.json'));
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const workspaces: string[] = pkg.workspaces;
  delete pkg.workspaces;
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ ...pkg, ...(packageManager ? { packageManager } : {}) }, null, 2));
  fs.writeFileSync(path.join(dir, 'pnpm-workspace.yaml'), `packages:\n${workspaces.map((w) => `  - ${w}\n`).join('')}`);
  const importers = ['.', ...workspaces].map((w) => `  ${w}: {}\n`).join('\n');
  fs.writeFileSync(path.join(dir, 'pnpm-lock.yaml'), `lockfileVersion: '9.0'\n\nimporters:\n\n${importers}\npackages: {}\n`);
  return { wf: parseWorkflow(synthIn(dir, { products: products() })['.github/workflows/release.yml']) };
}

describe('release.yml: a product\'s setup (issue 17)', () => {
  const { wf, file } = exampleRelease({ products: products() });
  const stepsOf = (job: string): any[] => wf.jobs[job].steps;

  it('GIVEN a crate with protoc, a system package and a Rust component WHEN synthesized THEN the jobs that compile it (crate packaging, cargo publish) set them up after the checkout', () => {
    for (const job of ['check-crates', 'publish-crates']) {
      const steps = stepsOf(job);
      const apt = steps.find((s) => s.name === 'Install system packages (setup.aptPackages)');
      expect(apt, job).toMatchObject({ if: "runner.os == 'Linux'", run: 'sudo apt-get install --yes --no-install-recommends libssl-dev' });
      expect(steps.find((s) => s.uses === uses('setupProtoc')), job).toMatchObject({ with: { 'version': '29.3', 'repo-token': '${{ github.token }}' } });
      expect(steps.find((s) => s.uses === uses('rustToolchain')).with.components, job).toBe('rust-src');
      const checkout = steps.findIndex((s) => s.uses === uses('checkout'));
      expect(steps.indexOf(apt), job).toBeGreaterThan(checkout);
    }
  });

  it('GIVEN setup on one product WHEN synthesized THEN the jobs of the others set up nothing extra', () => {
    for (const job of ['build-quill-py', 'build-quill-node', 'publish-npm', 'publish-pypi', 'github-releases', 'tag-all']) {
      expect(stepsOf(job).filter((s) => s.uses === uses('setupProtoc') || /setup\./.test(s.name)), job).toEqual([]);
    }
  });

  it('GIVEN a generic product with setup.pnpm WHEN synthesized THEN its build job and its publish job set up that pnpm', () => {
    for (const job of ['build-image', 'publish-custom-image']) {
      expect(stepsOf(job).filter((s) => s.uses === uses('pnpmSetup')).map((s) => s.with), job).toEqual([{ version: '9.15.9' }]);
    }
  });

  it('GIVEN two crates asking for different protoc versions WHEN the one job packaging every crate sets them up THEN synth refuses it, naming the job, the products and their versions', () => {
    const conflicting = products().map((p) => (p.path === 'quill-ask' ? Product.rustCrate({ path: 'quill-ask', setup: { protoc: '25.1' } }) : p));
    expect(errorOf(() => exampleRelease({ products: conflicting })).message).toBe(
      'setup.protoc: release job check-crates builds quill (29.3), quill-ask (25.1) and sets up one protoc; give these products the same setup.protoc.',
    );
  });

  it('GIVEN a pnpm root WHEN a job sets up the product\'s pnpm THEN the root install uses it, with no second pnpm/action-setup', () => {
    const { wf: pnpmWf } = synthPnpm(undefined);
    const steps = pnpmWf.jobs['publish-custom-image'].steps;
    expect(steps.filter((s: any) => s.uses === uses('pnpmSetup')).map((s: any) => s.with)).toEqual([{ version: '9.15.9' }]);
    expect(steps.findIndex((s: any) => s.uses === uses('pnpmSetup'))).toBeLessThan(steps.findIndex((s: any) => /^pnpm install/.test(s.run ?? '')));
  });

  it('GIVEN a root package.json naming pnpm in packageManager WHEN a product asks for setup.pnpm THEN synth refuses it, naming the option and the products', () => {
    expect(errorOf(() => synthPnpm('pnpm@9.15.0')).message).toMatch(/^setup\.pnpm: package\.json names pnpm@9\.15\.0 in packageManager, which pnpm\/action-setup sets up in every job that runs pnpm, and it refuses a second version; remove setup\.pnpm from image \(or change packageManager\)\.$/);
  });

  it('GIVEN the configuration WHEN judged by actionlint, GitHub\'s parser, zizmor and shellcheck THEN they report nothing', () => {
    const { findings } = checkWorkflows([file]);
    expect(findings, formatFindings(findings)).toEqual([]);
  });
});

describe('release.yml: a generic product\'s publish secrets and permissions (issue 17)', () => {
  const { wf } = exampleRelease({ products: products() });
  const jobIds = Object.keys(wf.jobs);

  it('GIVEN a generic product with secrets and permissions WHEN synthesized THEN it publishes in a job of its own holding exactly those permissions, in the publish environment, after tag-all and its build', () => {
    const job = wf.jobs['publish-custom-image'];
    expect(job.permissions).toEqual({ 'contents': 'read', 'id-token': 'write', 'packages': 'write' });
    expect(job.environment).toBe('release-publish');
    expect(job.needs).toEqual(['plan', 'tag-all', 'build-image']);
    expect(allSteps({ jobs: { x: job } }).map(({ step }) => lockstepCommand(step)).filter(Boolean)).toEqual(['preflight', 'pre-publish', 'record-outcome']);
  });

  it('GIVEN its secrets WHEN synthesized THEN only its preflight and publish steps read them, through env (never in run:), and no other job of the workflow does', () => {
    const job = wf.jobs['publish-custom-image'];
    const env = { IMAGE_PUSH_TOKEN: '${{ secrets.IMAGE_PUSH_TOKEN }}', IMAGE_PUSH_USER: '${{ secrets.IMAGE_PUSH_USER }}' };
    const readers = job.steps.filter((s: any) => JSON.stringify(s).includes('secrets.'));
    expect(readers.map((s: any) => s.name)).toEqual(['Preflight: is every secret of the publish command set?', 'image: publish']);
    for (const s of readers) expect(s.env).toMatchObject(env);
    expect(readers[0].run).toBe('npx --no-install lockstep preflight --secrets IMAGE_PUSH_TOKEN,IMAGE_PUSH_USER');
    // Only when the run publishes the product: a re-run completing other products does not need its secrets.
    expect(readers[0].if).toBe("contains(fromJSON(needs.plan.outputs.products), 'image')");
    expect(readers[1].run).toBe('pnpm run push-image');
    expect(JSON.stringify(job.env)).not.toContain('secrets.');
    for (const id of jobIds.filter((j) => j !== 'publish-custom-image')) expect(JSON.stringify(wf.jobs[id]), id).not.toMatch(/IMAGE_PUSH_(TOKEN|USER)/);
  });

  it('GIVEN the rendered preflight step WHEN it runs with one of its secrets empty (not created, or in another environment) THEN it fails before the publish, naming that secret and linking to the doc', async () => {
    const step = wf.jobs['publish-custom-image'].steps.find((s: any) => lockstepCommand(s) === 'preflight');
    const argv = step.run.replace('npx --no-install lockstep ', '').split(' ');
    const dir = tempDir();
    const missing = await lockstep(dir, argv, { IMAGE_PUSH_TOKEN: 'token', IMAGE_PUSH_USER: '' });
    expect(missing.code).toBe(1);
    expect(missing.out + missing.err).toMatch(/the secret IMAGE_PUSH_USER is empty: it does not exist, or it belongs to an environment this job does not use\. Fix: docs\/release-secrets\.md#secret-missing/);
    expect(missing.out + missing.err).not.toContain('IMAGE_PUSH_TOKEN is empty');
    expect((await lockstep(dir, argv, { IMAGE_PUSH_TOKEN: 'token', IMAGE_PUSH_USER: 'bot' })).code).toBe(0);
  });

  it('GIVEN permissions beyond contents: read WHEN synthesized THEN no other job holds packages: write, and id-token: write only where trusted publishing or attestations need it', () => {
    for (const id of jobIds.filter((j) => j !== 'publish-custom-image')) expect(wf.jobs[id].permissions.packages, id).toBeUndefined();
    expect(jobIds.filter((j) => wf.jobs[j].permissions['id-token'] === 'write').sort()).toEqual(['github-releases', 'publish-crates', 'publish-custom-image', 'publish-npm', 'publish-pypi']);
  });

  it('GIVEN a generic product without secrets or permissions WHEN synthesized THEN it publishes in the shared read-only job, which the GitHub Releases job also waits for', () => {
    const shared = wf.jobs['publish-custom'];
    expect(shared.permissions).toEqual({ contents: 'read' });
    expect(shared.steps.map((s: any) => s.name)).toContain('site: publish');
    expect(shared.steps.map((s: any) => s.name)).not.toContain('image: publish');
    expect(wf.jobs['github-releases'].needs).toEqual(expect.arrayContaining(['publish-custom', 'publish-custom-image']));
    expect(wf.jobs['release-umbrella'].needs).toEqual(expect.arrayContaining(['publish-custom', 'publish-custom-image']));
  });

  it('GIVEN the own job WHEN synthesized THEN it is in its own lane, so two runs never publish it at once', () => {
    expect(wf.jobs['publish-custom-image'].concurrency).toEqual({ 'group': 'lockstep-release-lane-publish-custom-image', 'cancel-in-progress': false, 'queue': 'max' });
  });

  it('GIVEN a product whose dependsOn names the generic one WHEN synthesized THEN its publish job waits for the generic product\'s own job', () => {
    const withDeps = products().map((p) => (p.path === 'examples/notes' ? Product.npmPackage({ path: 'examples/notes', dependsOn: ['image'] }) : p));
    const { wf: ordered } = exampleRelease({ products: withDeps });
    expect(ordered.jobs['publish-npm'].needs).toContain('publish-custom-image');
    expect(ordered.jobs['publish-npm'].needs).not.toContain('publish-custom');
  });
});

describe('docs/release-secrets.md: a generic product\'s publish secrets and permissions (issue 17)', () => {
  const { doc } = exampleDoc({ products: products() });

  it('GIVEN declared publish secrets WHEN the doc is generated THEN it lists each with its product, its job and where to create it, and the permissions of that job', () => {
    const own = chapter(doc, DOC_ANCHORS.ownPublish);
    expect(own).toContain('## Products\' own publish commands');
    for (const secret of ['IMAGE_PUSH_TOKEN', 'IMAGE_PUSH_USER']) {
      const row = own.split('\n').find((l) => l.startsWith(`| \`${secret}\``));
      expect(row, secret).toBe(`| \`${secret}\` | \`image\` (\`publishSecrets\`) | \`publish-custom-image\` | a secret of the environment \`release-publish\`: \`https://github.com/<OWNER>/<REPOSITORY>/settings/environments\` → \`release-publish\` → **Environment secrets** → **Add environment secret** |`);
    }
    expect(own).toContain('| `image` | `publish-custom-image` | `contents: read`, `id-token: write`, `packages: write` |');
    expect(own).toContain('lockstep preflight --secrets');
    expect(own).not.toContain('`site`');
  });

  it('GIVEN those secrets WHEN the doc lists every secret the workflows read THEN each is described and read by that job\'s preflight and publish steps only', () => {
    const secrets = chapter(doc, DOC_ANCHORS.secrets);
    const row = secrets.split('\n').find((l) => l.startsWith('| `IMAGE_PUSH_TOKEN`'))!;
    expect(row).toContain('read by the publish command of image (its publishSecrets), in the job publish-custom-image only');
    expect(row).toContain('release.yml: publish-custom-image ("Preflight: is every secret of the publish command set?"); release.yml: publish-custom-image ("image: publish")');
    expect(chapter(doc, DOC_ANCHORS.atAGlance)).toMatch(/Secrets and variables to create \| .*`IMAGE_PUSH_TOKEN`.*`IMAGE_PUSH_USER`/);
  });

  it('GIVEN those secrets WHEN the doc says where to create the secrets it lists THEN it sends them to the publish environment, not the repository', () => {
    const secrets = chapter(doc, DOC_ANCHORS.secrets);
    expect(secrets).toContain("at repository level, except the secrets of the products' own publish commands, which go in the environment `release-publish` (");
    expect(secrets).toContain(`#${DOC_ANCHORS.ownPublish})`);
    expect(chapter(exampleDoc().doc, DOC_ANCHORS.secrets)).not.toContain('own publish commands');
  });

  it('GIVEN those secrets and no signing WHEN the doc sets up the publish environment THEN it says to add them there (not "Add no secrets")', () => {
    const envs = chapter(doc, DOC_ANCHORS.environments);
    expect(envs).toContain('Add only the secrets [Products\' own publish commands]');
    expect(envs).toContain(`#${DOC_ANCHORS.ownPublish})`);
    expect(envs).not.toContain('Add no secrets: in particular no `NPM_TOKEN`');
    expect(envs).not.toContain('Desktop signing');
    expect(chapter(exampleDoc().doc, DOC_ANCHORS.environments)).toContain('Add no secrets: in particular no `NPM_TOKEN`');
  });

  it('GIVEN the publish environment WHEN the doc says what its OIDC token carries THEN it says so of the jobs that ask for one, not of every job in it', () => {
    const envs = chapter(doc, DOC_ANCHORS.environments);
    expect(envs).toContain('the OIDC token of each job here that asks for one (`id-token: write`) carries it');
    expect(envs).not.toContain('the OIDC token of these jobs');
  });

  it('GIVEN no generic product with secrets or permissions WHEN the doc is generated THEN it has no such section', () => {
    expect(exampleDoc().doc).not.toContain(`<a id="${DOC_ANCHORS.ownPublish}"></a>`);
  });
});
