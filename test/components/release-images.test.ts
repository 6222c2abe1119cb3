import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { synthRelease } from './release-publish-support';
import { chapter } from './trusted-publishing-support';
import { Product } from '../../src';
import { ReleaseProvenance } from '../../src/components/release/options';
import { ACTIONS, DOC_ANCHORS } from '../../src/model';
import { exampleProducts } from '../support/example-products';
import { copyExample, errorOf } from '../support/fixtures';
import { checkWorkflows, formatFindings } from '../support/workflow-gates';

// Issue 17: container images in release.yml. Each image gets a publish job of its own, the only job holding
// `packages: write`; it asks the registry first (lockstep image-probe) and builds, pushes and attests only
// what is missing.

const uses = (name: keyof typeof ACTIONS) => `${ACTIONS[name].repo}@${ACTIONS[name].sha}`;

/** The example with two images (StarStats' server and web, one of them multi-platform) beside its products. */
function withImages(extra: Product[] = [], options: Record<string, unknown> = {}) {
  const dir = copyExample();
  for (const d of ['deploy/server', 'deploy/web']) {
    fs.mkdirSync(path.join(dir, d), { recursive: true });
    fs.writeFileSync(path.join(dir, d, 'Dockerfile'), 'FROM scratch\n');
  }
  fs.writeFileSync(path.join(dir, 'deploy/web/web.Dockerfile'), 'FROM scratch\n');
  return synthRelease(dir, {
    products: [
      ...exampleProducts(),
      Product.containerImage({ path: 'deploy/server', name: 'quill-server', platforms: ['linux/amd64', 'linux/arm64'], githubRelease: false, dependsOn: ['quill'] }),
      Product.containerImage({ path: 'deploy/web', name: 'quill-web', image: 'quill/web', dockerfile: 'web.Dockerfile', githubRelease: false }),
      ...extra,
    ],
    ...options,
  });
}

describe('release.yml: container images (issue 17)', () => {
  const { wf, file } = withImages();
  const server = wf.jobs['publish-image-quill-server'];
  const web = wf.jobs['publish-image-quill-web'];
  const step = (job: any, action: keyof typeof ACTIONS) => job.steps.find((s: any) => s.uses === uses(action));

  it('GIVEN two images WHEN synthesized THEN each publishes in a job of its own, after the approval (tag-all), in the publish environment, only when the run releases it and GHCR has something to do', () => {
    for (const [job, name] of [[server, 'quill-server'], [web, 'quill-web']]) {
      expect(job.needs).toEqual(expect.arrayContaining(['plan', 'tag-all']));
      expect(job.environment).toBe('release-publish');
      expect(job.if).toContain("needs.tag-all.result == 'success'");
      expect(job.if).toContain("'ghcr'");
      expect(job.if).toContain(`'${name}'`);
    }
  });

  it('P11 GIVEN an image job WHEN synthesized THEN it checks out the release commit with every tag (fetch-depth 0) before image-probe, which decides latest from those tags', () => {
    for (const job of [server, web]) {
      const checkout = job.steps.findIndex((s: any) => s.uses === uses('checkout'));
      expect(job.steps[checkout].with).toMatchObject({ 'ref': '${{ needs.plan.outputs.commit }}', 'fetch-depth': 0 });
      expect(job.steps.findIndex((s: any) => /lockstep image-probe /.test(s.run ?? ''))).toBeGreaterThan(checkout);
    }
  });

  it('GIVEN an image WHEN synthesized THEN its job alone holds packages: write, with id-token and attestations for the attestation, and no other job of the workflow has any of packages', () => {
    for (const job of [server, web]) expect(job.permissions).toEqual({ 'contents': 'read', 'packages': 'write', 'id-token': 'write', 'attestations': 'write' });
    const others = Object.entries(wf.jobs).filter(([id]) => !id.startsWith('publish-image-'));
    for (const [id, job] of others) expect((job as any).permissions?.packages, id).toBeUndefined();
  });

  it('GIVEN an image WHEN synthesized THEN its job reads no secret: GHCR is signed in to with the job token, only when the probe says to push', () => {
    expect(JSON.stringify(server)).not.toContain('secrets.');
    expect(step(server, 'dockerLogin')).toMatchObject({
      if: "steps.probe.outputs.push == 'true'",
      with: { registry: 'ghcr.io', username: '${{ github.actor }}', password: '${{ github.token }}' },
    });
  });

  it('GIVEN an image WHEN synthesized THEN the tag check and the registry probe are lockstep commands, and build, push and attestation run only on a push the probe asked for', () => {
    const runs = server.steps.filter((s: any) => s.run).map((s: any) => s.run);
    expect(runs).toEqual(expect.arrayContaining([
      'npx --no-install lockstep pre-publish --product quill-server --target ghcr',
      'npx --no-install lockstep image-probe --product quill-server',
    ]));
    const build = step(server, 'dockerBuildPush');
    expect(build).toMatchObject({
      id: 'push',
      if: "steps.probe.outputs.push == 'true'",
      with: { context: 'deploy/server', file: 'deploy/server/Dockerfile', platforms: 'linux/amd64,linux/arm64', push: true, tags: '${{ steps.probe.outputs.tags }}' },
    });
    expect(step(server, 'attestBuildProvenance')).toMatchObject({
      with: { 'subject-name': '${{ steps.probe.outputs.image }}', 'subject-digest': '${{ steps.push.outputs.digest }}', 'push-to-registry': true },
    });
    expect(step(server, 'attestBuildProvenance').if).toContain("steps.push.outcome == 'success'");
    // Nothing of the logic is in YAML: besides installing the CLI, every run: step is a lockstep command.
    const own = server.steps.filter((s: any) => s.run && s.name !== 'Install the lockstep CLI').map((s: any) => s.run);
    expect(own.length).toBeGreaterThan(0);
    expect(own.filter((r: string) => !r.startsWith('npx --no-install lockstep '))).toEqual([]);
  });

  it('GIVEN a second platform WHEN synthesized THEN QEMU is set up for it alone, without the Actions cache (S3); a native-only image sets up no QEMU', () => {
    expect(step(server, 'dockerSetupQemu')).toMatchObject({ with: { 'platforms': 'linux/arm64', 'cache-image': false } });
    expect(step(web, 'dockerSetupQemu')).toBeUndefined();
    expect(step(web, 'dockerBuildPush').with).toMatchObject({ context: 'deploy/web', file: 'deploy/web/web.Dockerfile', platforms: 'linux/amd64' });
    expect(step(web, 'dockerSetupBuildx')).toBeDefined();
  });

  it('GIVEN the push step WHEN the job ends THEN its outcome is recorded for the summary from the push step\'s result, and the outcome file kept', () => {
    const record = server.steps.find((s: any) => s.run?.includes('record-outcome'));
    expect(record).toMatchObject({
      run: 'npx --no-install lockstep record-outcome --job publish-image-quill-server --product quill-server --target ghcr --result "$PUSH_RESULT"',
      env: { PUSH_RESULT: '${{ steps.push.outcome }}' },
    });
    expect(server.steps.at(-1).with.name).toContain('publish-image-quill-server');
  });

  it('GIVEN an image whose dependsOn names a crate WHEN synthesized THEN its job waits for the crates job and asks crates.io before pushing', () => {
    expect(server.needs).toContain('publish-crates');
    expect(web.needs).not.toContain('publish-crates');
    expect(step(server, 'dockerBuildPush')).toBeDefined();
    expect(server.steps.find((s: any) => s.id === 'probe').if).toBe("steps.check.outcome == 'success' && steps.check.outputs.held_back != 'true'");
  });

  it('P5 GIVEN an image WHEN synthesized THEN a build job before the approval builds it for every platform without pushing or any token permission beyond reading, and tag-all waits for it', () => {
    const check = wf.jobs['build-quill-server'];
    expect(check.needs).toEqual(['plan']);
    expect(check.if).toContain("'quill-server'");
    expect(check.permissions).toEqual({ contents: 'read' });
    expect(check.environment).toBeUndefined();
    expect(step(check, 'dockerLogin')).toBeUndefined();
    expect(step(check, 'dockerSetupQemu').with).toEqual({ 'platforms': 'linux/arm64', 'cache-image': false });
    expect(step(check, 'dockerBuildPush').with).toEqual({ context: 'deploy/server', file: 'deploy/server/Dockerfile', platforms: 'linux/amd64,linux/arm64', push: false });
    expect(wf.jobs['tag-all'].needs).toEqual(expect.arrayContaining(['build-quill-server', 'build-quill-web']));
    expect(server.needs).not.toContain('build-quill-server');
  });

  it('GIVEN the GitHub Releases job WHEN synthesized THEN it waits for the image jobs, as for every registry job (P12)', () => {
    expect(wf.jobs['github-releases'].needs).toEqual(expect.arrayContaining(['publish-image-quill-server', 'publish-image-quill-web']));
  });

  it('GIVEN the workflow WHEN the judges (actionlint, GitHub\'s parser, zizmor, shellcheck) run THEN they report nothing', () => {
    const { findings } = checkWorkflows([file]);
    expect(findings, formatFindings(findings)).toEqual([]);
  });

  it('GIVEN release.provenance never WHEN synthesized THEN the image job attests nothing and holds only contents: read and packages: write', () => {
    const never = withImages([], { release: { provenance: ReleaseProvenance.NEVER } }).wf.jobs['publish-image-quill-web'];
    expect(never.permissions).toEqual({ contents: 'read', packages: 'write' });
    expect(step(never, 'attestBuildProvenance')).toBeUndefined();
  });
});

describe('container image options (issue 17)', () => {
  it('GIVEN an image without a Dockerfile at its path WHEN synthesized THEN synth refuses it, naming the file and the options to fix', () => {
    const err = errorOf(() => withImages([Product.containerImage({ path: 'deploy/none', name: 'quill-none' })]));
    expect(err.message).toMatch(/\.dockerfile: deploy\/none\/Dockerfile not found\. A container-image product is built from its Dockerfile; fix `path` or `dockerfile`\./);
  });

  it('GIVEN an image name with capitals WHEN synthesized THEN synth refuses it (GHCR refuses capitals)', () => {
    const err = errorOf(() => withImages([Product.containerImage({ path: 'deploy/server', name: 'Quill-Server' })]));
    expect(err.message).toMatch(/\.image: the product name 'Quill-Server' is not an image name, so set `image`/);
  });

  it('GIVEN a platform not in docker\'s os/arch form WHEN synthesized THEN synth refuses it, with examples', () => {
    const err = errorOf(() => withImages([Product.containerImage({ path: 'deploy/server', name: 'quill-arm', platforms: ['arm64'] })]));
    expect(err.message).toMatch(/\.platforms: 'arm64' is not a docker platform; write it as os\/arch or os\/arch\/variant/);
  });

  it('GIVEN an image without a name WHEN synthesized THEN synth asks for one (it reads no manifest)', () => {
    const err = errorOf(() => withImages([Product.containerImage({ path: 'deploy/server' })]));
    expect(err.message).toMatch(/\(container-image at 'deploy\/server'\): a container-image product needs `name`; set it\./);
  });
});

describe('docs/release-secrets.md: container images (issue 17)', () => {
  const { out, wf } = withImages([], { trustedPublishing: { repository: 'example/quill' } });
  const doc: string = out['docs/release-secrets.md'];
  const section = chapter(doc, DOC_ANCHORS.images);

  it('GIVEN two images WHEN the doc is generated THEN it lists each image with its job and the permissions that job holds in the rendered workflow', () => {
    expect(doc).toContain('<a id="container-images"></a>');
    expect(section).toContain('| `ghcr.io/example/quill-server` | `quill-server` | `linux/amd64`, `linux/arm64` | `publish-image-quill-server` | `contents: read`, `packages: write`, `id-token: write`, `attestations: write` |');
    expect(section).toContain('| `ghcr.io/example/quill/web` | `quill-web` | `linux/amd64` | `publish-image-quill-web` |');
    expect(Object.keys(wf.jobs['publish-image-quill-server'].permissions)).toEqual(['contents', 'packages', 'id-token', 'attestations']);
  });

  it('GIVEN the images WHEN the doc is generated THEN it says no secret is needed (the job token pushes) and where to give an existing package write access for this repository', () => {
    expect(section).toMatch(/with the job's own `GITHUB_TOKEN`: there is no secret to create\. `packages: write` is held by these jobs only/);
    expect(section).toContain('https://github.com/orgs/example/packages/container/<image>/settings');
    expect(section).toContain('**Manage Actions access**');
  });

  it('P11 GIVEN the images WHEN the doc is generated THEN it says latest follows the tags when the job runs, so a re-run of an older release leaves it', () => {
    expect(section).toContain('`latest` only for a stable version no released stable version of the track is above, by the tags when the job runs');
    expect(section).toContain('leaves `latest` on the newer one');
  });

  it('GIVEN a project without images WHEN the doc is generated THEN it has no image section', () => {
    const plain = synthRelease(copyExample(), { products: exampleProducts() }).out['docs/release-secrets.md'];
    expect(plain).not.toContain('container-images');
  });
});
