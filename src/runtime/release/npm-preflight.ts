import { TOOL_VERSIONS, compareVersions } from '../../model';

/** What the preflight looks at: the versions and the npm configuration of the publish job. */
export interface NpmSetup {
  readonly nodeVersion: string;
  readonly npmVersion: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Text of every npmrc npm would read (user and project), by path. */
  readonly npmrcs: Record<string, string>;
}

/**
 * Why npm trusted publishing (OIDC) would not work in this job, if it would not: npm ≥ 11.5.1 on
 * Node ≥ 22.14 (O2), and no token anywhere, not even an empty one, because any token makes npm use token
 * auth and the OIDC publish answers 404 (O1).
 */
export function npmPreflightProblems(setup: NpmSetup): string[] {
  const problems: string[] = [];
  if (compareVersions(setup.nodeVersion, TOOL_VERSIONS.nodeTrustedPublishingMin) < 0) {
    problems.push(`Node ${setup.nodeVersion} cannot publish with npm trusted publishing; it needs ${TOOL_VERSIONS.nodeTrustedPublishingMin} or later (O2).`);
  }
  if (compareVersions(setup.npmVersion, TOOL_VERSIONS.npmTrustedPublishingMin) < 0) {
    problems.push(`npm ${setup.npmVersion} cannot publish with trusted publishing; it needs ${TOOL_VERSIONS.npmTrustedPublishingMin} or later (O2).`);
  }
  for (const name of ['NODE_AUTH_TOKEN', 'NPM_TOKEN', 'NPM_CONFIG__AUTH', 'NPM_CONFIG_TOKEN']) {
    if (name in setup.env) problems.push(`${name} is set${setup.env[name] === '' ? ' (even empty)' : ''}: npm would use token auth and the OIDC publish would answer 404 (O1). Remove it from the workflow.`);
  }
  for (const [file, text] of Object.entries(setup.npmrcs)) {
    if (/_authToken\s*=|_auth\s*=/.test(text)) problems.push(`${file} holds an npm token (setup-node's registry-url writes one): remove it so npm uses OIDC (O1).`);
  }
  return problems;
}
