import { DocInputs, DocRepo } from './doc-context';
import { anchor, code, names, table, url } from './markdown';
import { DOC_ANCHORS, ProductPlan, customPublishJobOf } from '../../model';

/** The generic products of the plan that publish with declared secrets or permissions (issue 17). */
export function ownPublishProducts(inputs: Pick<DocInputs, 'plan'>): ProductPlan[] {
  return inputs.plan.tracks.flatMap((t) => t.products).filter((p) => p.publish && p.publishAccess !== undefined && p.settings.publishCommand);
}

/** The secrets those products' publish commands read (the section's secret table lists them; they go in the publish environment). */
export function ownPublishSecretNames(inputs: Pick<DocInputs, 'plan'>): string[] {
  return ownPublishProducts(inputs).flatMap((p) => p.publishAccess!.secrets);
}

/**
 * Issue 17: each generic product whose own publish command declares secrets or permissions: the job it
 * publishes in, every secret with where to create it, and the permissions only that job holds.
 */
export function ownPublishSection(inputs: DocInputs, repo: DocRepo): string[] {
  const products = ownPublishProducts(inputs);
  if (products.length === 0) return [];
  const f = inputs.release.facts;
  const environment = code(f.publishEnvironment);
  const rows = products.flatMap((p) => p.publishAccess!.secrets.map((s) => [
    code(s),
    `${code(p.name)} (\`publishSecrets\`)`,
    code(customPublishJobOf(p)),
    `a secret of the environment ${environment}: ${url(repo.web('/settings/environments'))} → ${environment} → **Environment secrets** → **Add environment secret**`,
  ]));
  const permissions = products.map((p) => [
    code(p.name),
    code(customPublishJobOf(p)),
    Object.entries(p.publishAccess!.permissions).map(([scope, level]) => code(`${scope}: ${level}`)).join(', '),
  ]);
  return [
    anchor(DOC_ANCHORS.ownPublish),
    '## Products\' own publish commands',
    '',
    `These products publish with their own command (\`publishCommand\`), each in a job of its own of ${code(f.workflowFile)} that runs after the approval, in the environment ${environment}. ` +
      'Only that job holds the permissions below, and only its publish step (and the preflight before it) reads its secrets, as environment variables of the same names.',
    '',
    ...(rows.length > 0 ? [
      `Create each secret in the environment ${environment} (not at repository level: only the release branch's publish jobs can then read it). ` +
        'The job starts with `lockstep preflight --secrets`, which stops it before anything is published when one is empty.',
      '',
      ...table(['Secret', 'Product', 'Job', 'Where to create it'], rows),
      '',
    ] : []),
    ...table(['Product', 'Job', 'Token permissions of the job'], permissions),
    '',
    `Other jobs get none of these. To change them, edit \`publishSecrets\` and \`publishPermissions\` of ${names(products.map((p) => p.name))} in \`.projenrc.ts\` and run \`npx projen\`.`,
    '',
  ];
}
