import { DocInputs, DocRepo } from './doc-context';
import { anchor, code, names, table, url } from './markdown';
import { DOC_ANCHORS, IMAGE_ACCESS_SETUP, imagePublishJobOf, imagesToPublish } from '../../model';

/**
 * Issue 17: each container image, the job that pushes it and the token permissions only that job holds, read
 * from the rendered release workflow (S5), and the one-time setup on GHCR. No secret: the job token pushes.
 */
export function imagesSection(inputs: DocInputs, repo: DocRepo): string[] {
  const products = imagesToPublish(inputs.plan.tracks.flatMap((t) => t.products));
  if (products.length === 0) return [];
  const jobs = inputs.release.scanned.workflow.jobs;
  const owner = repo.placeholder ? '<owner>' : repo.owner.toLowerCase();
  const rows = products.map((p) => {
    const job = imagePublishJobOf(p.name);
    const permissions = Object.entries(jobs[job]?.permissions ?? {}).map(([scope, level]) => code(`${scope}: ${level}`)).join(', ');
    return [code(`ghcr.io/${owner}/${p.settings.image}`), code(p.name), p.settings.platforms.split(',').map(code).join(', '), code(job), permissions];
  });
  const f = inputs.release.facts;
  return [
    anchor(DOC_ANCHORS.images),
    '## Container images (GitHub\'s container registry)',
    '',
    `Each image is built and pushed by a job of its own of ${code(f.workflowFile)}, after the approval, in the environment ${code(f.publishEnvironment)}. ` +
      'It signs in to `ghcr.io` with the job\'s own `GITHUB_TOKEN`: there is no secret to create. `packages: write` is held by these jobs only; ' +
      '`id-token: write` and `attestations: write` are there for the build provenance attestation of the pushed image, when `release.provenance` is not `never`.',
    '',
    ...table(['Image', 'Product', 'Platforms', 'Job', 'Token permissions of the job'], rows),
    '',
    'Each job first asks the registry whether the version\'s tag is there (`lockstep image-probe`): a re-run finds it and builds nothing. ' +
      'It pushes the version\'s tag, and `latest` only for a stable version no released stable version of the track is above, by the tags when the job runs: ' +
      're-running the failed jobs of an older release after a newer one leaves `latest` on the newer one.',
    '',
    'One-time setup:',
    '',
    `- The first push creates each package under ${code(owner)}, linked to this repository. A package that already exists (pushed before by another workflow or repository) must give this repository write access: ` +
      `${url(`https://github.com/users/${owner}/packages/container/<image>/settings`)} (for an organization: ${url(`https://github.com/orgs/${owner}/packages/container/<image>/settings`)}) → ${IMAGE_ACCESS_SETUP.steps.map((step) => `**${step}**`).join(' → ')} → ${repo.cell('name')} with the role **${IMAGE_ACCESS_SETUP.role}**.`,
    '- A new package is private. To let anyone pull it, set its visibility to public on the same settings page (**Danger Zone** → **Change visibility**).',
    '',
    `To change the images, edit ${names(products.map((p) => p.name))} in \`.projenrc.ts\` (\`image\`, \`dockerfile\`, \`platforms\`) and run \`npx projen\`.`,
    '',
  ];
}
