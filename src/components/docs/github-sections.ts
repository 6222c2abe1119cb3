import { DOC_ANCHORS, RELEASE_JOBS, ReleaseTrigger, releaseTagPatterns, umbrellaTagPattern } from '../../model';
import { ReleasePrTokenSource } from '../release-pr-options';
import { DocInputs, DocRepo, scannedWorkflows } from './doc-context';
import { anchor, code, fence, link, names, steps, table, url } from './markdown';
import { ownPublishSecretNames } from './own-publish-sections';
import { signingProducts } from './signing-sections';
import { CredentialUse, Reader, environmentsOf } from './workflow-scan';

function jobsText(readers: readonly Reader[]): string {
  return names(readers.map((r) => r.job)) + (new Set(readers.map((r) => r.workflow)).size === 1 ? ` (${readers[0].workflow})` : '');
}

/**
 * What the publish environment's secrets step says: the sections whose secrets go there (signing, products'
 * own publish commands, on the same conditions as those sections' secret tables), else no secret at all.
 */
function publishEnvironmentSecrets(inputs: DocInputs): string {
  const sections = [
    ...(signingProducts(inputs).length > 0 ? [link('Desktop signing', DOC_ANCHORS.signing)] : []),
    ...(ownPublishSecretNames(inputs).length > 0 ? [link('Products\' own publish commands', DOC_ANCHORS.ownPublish)] : []),
  ];
  return sections.length > 0
    ? `Add only the secrets ${sections.join(' and ')} list${sections.length === 1 ? 's' : ''}: in particular no \`NPM_TOKEN\` or \`NODE_AUTH_TOKEN\`. **Save protection rules**.`
    : 'Add no secrets: in particular no `NPM_TOKEN` or `NODE_AUTH_TOKEN`. **Save protection rules**.';
}

/** One section per environment the workflows use: which needs required reviewers and which must not have them. */
export function environmentsSection(inputs: DocInputs, repo: DocRepo): string[] {
  const { approvalEnvironment, publishEnvironment, releaseBranch } = inputs.release.facts;
  const envs = environmentsOf(scannedWorkflows(inputs));
  // A track released by pushing its umbrella tag runs on that tag's ref: without a tag rule, none of its jobs
  // could enter these environments (GitHub refuses the deployment), signing builds and publish jobs alike.
  const tagPatterns = inputs.plan.tracks.filter((t) => t.trigger === ReleaseTrigger.TAG_PUSH).map(umbrellaTagPattern);
  const branchRule = `**Deployment branches and tags** → **Selected branches and tags** → add a branch rule for ${code(releaseBranch)}` + (tagPatterns.length > 0
    ? `, and a tag rule (**Ref type**: Tag) for ${names([...new Set(tagPatterns)])}: a release started by pushing its tag runs on that tag.`
    : '.');
  const from = tagPatterns.length > 0 ? `${code(releaseBranch)} or a pushed release tag` : code(releaseBranch);
  const body = (name: string, readers: Reader[]): string[] => {
    if (name === approvalEnvironment) {
      return [
        `The release's one approval. Only ${jobsText(readers)} uses it; every tag and publish job runs after it, so one approval releases every product.`,
        '',
        ...steps([
          `**New environment** → name ${code(name)} → **Configure environment**.`,
          '**Required reviewers**: tick it and add the people or team who approve releases (optionally tick **Prevent self-review**). ' +
            'If the option is missing (a private repository on a plan without it), the release has no approval gate: every push that changes the version releases.',
          `${branchRule} A release then runs only from ${from}.`,
          'Add no secrets. **Save protection rules**.',
        ]),
      ];
    }
    if (name === publishEnvironment) {
      return [
        // A signing build runs here for its secrets, without an OIDC token: only the jobs that ask for one carry it.
        `The jobs ${jobsText(readers)} run in it. Every trusted publisher below names it, and the OIDC token of each job here that asks for one (\`id-token: write\`) carries it.`,
        '',
        ...steps([
          `**New environment** → name ${code(name)} → **Configure environment**.`,
          `**Required reviewers**: leave it **off**. The approval already happened in ${code(approvalEnvironment)}; reviewers here would make each publish job wait for another approval.`,
          `${branchRule} A job started from ${tagPatterns.length > 0 ? 'another branch or tag' : 'another branch'} cannot enter it, so it cannot get a token the registries accept.`,
          publishEnvironmentSecrets(inputs),
        ]),
      ];
    }
    return [`Used by ${jobsText(readers)}.`, '', ...steps([`**New environment** → name ${code(name)}.`, `${branchRule}`])];
  };
  return [
    anchor(DOC_ANCHORS.environments),
    '## GitHub environments',
    '',
    `Open ${url(repo.web('/settings/environments'))}. Create ${envs.size === 1 ? 'this environment' : `these ${envs.size} environments`} before the first release: GitHub creates a missing environment the first time a job names it, **without any protection**, so the release would run unapproved.`,
    '',
    ...[...envs.entries()].flatMap(([name, readers]) => [`### Environment ${code(name)}`, '', ...body(name, readers), '']),
  ];
}

/** The branch ruleset (the one required check) and the tag ruleset (release tags never move). */
export function protectionSection(inputs: DocInputs, repo: DocRepo): string[] {
  const branch = inputs.release.facts.releaseBranch;
  const check = inputs.ci?.requiredCheck;
  const releaseFile = inputs.release.facts.workflowFile;
  return [
    anchor(DOC_ANCHORS.protection),
    '## Branch and tag protection',
    '',
    `Open ${url(repo.web('/settings/rules'))}.`,
    '',
    `### Branch ruleset for ${code(branch)}`,
    '',
    ...steps([
      `**New ruleset** → **New branch ruleset**; name it ${code('release branch')}; enforcement **Active**.`,
      `**Target branches** → **Add target** → **Include by pattern** → ${code(branch)}.`,
      [
        'Tick **Restrict deletions**, **Block force pushes** and **Require a pull request before merging** (1 approval)' + (check ? ', and **Require status checks to pass** with this one check:' : '.'),
        ...(check
          ? ['', ...table(['Status check', 'Job'], [[code(check), `${code(check)} of ${code(inputs.ci!.scanned.fileName)}`]]), '',
            `Type ${code(check)} if it is not suggested yet (it appears once it has run). Require only this check: it runs on every change and fails when any job that should have run failed, was cancelled or was skipped, while product jobs a change does not touch are skipped on purpose.`]
          : ['', 'This configuration generates no CI workflow: require your own CI\'s checks here.']),
      ],
      `Leave the bypass list empty: a release goes through a pull request, and ${code(releaseFile)} pushes tags, never commits.`,
    ]),
    '',
    '### Tag ruleset for the release tags',
    '',
    ...steps([
      `**New ruleset** → **New tag ruleset**; name it ${code('release tags')}; enforcement **Active**.`,
      ['**Target tags** → **Include by pattern**, once per pattern:', '', ...fence('text', releaseTagPatterns(inputs.plan)), ''],
      `Tick **Restrict updates** and **Restrict deletions**, and leave the bypass list empty: a release tag never moves, and a Go tag the module proxy has seen is permanent anyway. Leave **Restrict creations** off: the job ${code(RELEASE_JOBS.tag)} of ${code(releaseFile)} creates these tags with ${TAG_TOKEN_WORDS[inputs.release.facts.tagTokenSource]}, after the approval (${link('Release tag token', DOC_ANCHORS.tagToken)}).`,
    ]),
    '',
  ];
}

/** Repository Actions settings: default token permissions and whether Actions may open pull requests. */
export function actionsSettingsSection(inputs: DocInputs, repo: DocRepo): string[] {
  const pr = inputs.releasePr?.facts;
  const allow = pr?.needsActionsCanCreatePullRequests === true;
  return [
    anchor(DOC_ANCHORS.actionsSettings),
    '## GitHub Actions settings',
    '',
    `Open ${url(repo.web('/settings/actions'))} → **Workflow permissions**:`,
    '',
    ...steps([
      '**Read repository contents and packages permissions**: every generated job asks for exactly the permissions it needs, so nothing needs a broader default.',
      allow
        ? `**Allow GitHub Actions to create and approve pull requests**: **tick it**. ${code(inputs.releasePr!.scanned.fileName)} opens the release PR with the workflow's own \`GITHUB_TOKEN\`. If it is greyed out, an organization owner must first allow it in the organization's Actions settings.`
        : `**Allow GitHub Actions to create and approve pull requests**: leave it off; ${pr ? `${code(inputs.releasePr!.scanned.fileName)} opens the release PR with ${pr.tokenSource === ReleasePrTokenSource.GITHUB_APP ? 'a GitHub App token' : 'a personal access token'}` : 'no generated workflow opens pull requests'}.`,
      '**Save**.',
    ]),
    '',
  ];
}

/** The token that opens the release PR: the default, a GitHub App, or a PAT, with the exact names to create. */
export function releasePrTokenSection(inputs: DocInputs, repo: DocRepo): string[] {
  if (!inputs.releasePr) return [];
  const { facts, scanned } = inputs.releasePr;
  const file = code(scanned.fileName);
  const secret = facts.credentials.find((c) => c.kind === 'secret');
  const variable = facts.credentials.find((c) => c.kind === 'variable');
  const perms = facts.tokenPermissions.map(uiPermission).join(', ');
  const body: Record<ReleasePrTokenSource, string[]> = {
    [ReleasePrTokenSource.GITHUB_TOKEN]: [
      `${file} pushes the release branch and opens the PR with its own \`GITHUB_TOKEN\`: no secret to create. That token's events start no workflows, so ${file} dispatches ${code(facts.dispatchedCiWorkflow ?? 'ci.yml')} on the release branch itself and the required check reports on the PR's head commit.`,
      '',
      'Optional: to have the PR\'s own events start CI and the PR authored by a bot of yours, use a GitHub App (or a fine-grained personal access token). Set `releasePr: { tokenSource: ReleasePrTokenSource.GITHUB_APP }` in `.projenrc.ts` and run `npx projen`: this file then names the exact secret and variable to create.',
    ],
    [ReleasePrTokenSource.GITHUB_APP]: steps([
      `Create a GitHub App (owner's **Settings → Developer settings → GitHub Apps → New GitHub App**): any name, homepage ${url(repo.web())}, **Webhook** unticked, repository permissions ${perms}, installable only on this account.`,
      `Copy its **Client ID** into the repository variable ${code(variable?.name ?? '')} (${url(repo.web('/settings/variables/actions'))}): not a secret.`,
      `**Generate a private key** and paste the whole \`.pem\` file into the repository secret ${code(secret?.name ?? '')} (${url(repo.web('/settings/secrets/actions'))}); delete the downloaded file.`,
      `**Install App** → only this repository (${code(repo.full)}).`,
    ]),
    [ReleasePrTokenSource.PAT]: steps([
      `Create a fine-grained personal access token (${url('https://github.com/settings/personal-access-tokens/new')}): resource owner ${repo.cell('owner')}, **Only select repositories** → ${code(repo.name)}, repository permissions ${perms}, the shortest expiration you can live with (and a reminder to renew it).`,
      `Store it as the repository secret ${code(secret?.name ?? '')} (${url(repo.web('/settings/secrets/actions'))}).`,
      'Prefer a GitHub App: a PAT acts as its owner and expires.',
    ]),
  };
  return [anchor(DOC_ANCHORS.releasePrToken), '## Release PR token', '', ...body[facts.tokenSource], ''];
}

/** `contents: write` as GitHub's permission pages show it: **Contents**: Read and write. */
function uiPermission(permission: string): string {
  const [scope, level] = permission.split(':').map((s) => s.trim());
  const label = scope.charAt(0).toUpperCase() + scope.slice(1).replace(/-/g, ' ');
  return `**${label}**: ${level === 'write' ? 'Read and write' : level === 'read' ? 'Read-only' : level}`;
}

const WHY_NOT_OIDC = 'GitHub\'s OIDC token proves a job\'s identity to services outside GitHub, such as the registries; it is no GitHub token. ' +
  'The job\'s own `GITHUB_TOKEN` could push and open the PR, but its events start no workflows; this token\'s do.';

/** Why a signing secret is a secret: a signature is made with a key the signer holds, not with a job's identity. */
const WHY_NOT_OIDC_SIGNING = 'A signature is made with a key or certificate the build holds (the updater key, an Apple Developer ID certificate) or with the credentials of a signing service; ' +
  'GitHub\'s OIDC token proves which job is running, it signs nothing.';

/** Every secret and variable the generated workflows read, who reads it and why OIDC does not replace it. */
export function secretsSection(inputs: DocInputs, repo: DocRepo, used: readonly CredentialUse[]): string[] {
  const purposes = new Map([...inputs.release.facts.credentials, ...(inputs.releasePr?.facts.credentials ?? [])].map((c) => [c.name, c.purpose]));
  // One App or PAT may serve the release PR and the tags: say both.
  for (const c of inputs.release.facts.credentials) {
    const pr = inputs.releasePr?.facts.credentials.find((x) => x.name === c.name);
    if (pr && pr.purpose !== c.purpose) purposes.set(c.name, `${pr.purpose}, and that pushes the release tags`);
  }
  // A desktop app's signing secrets, which only its build job reads (issue 17), go there too.
  const signingSecrets = new Set(signingProducts(inputs).flatMap((p) => p.signing!.secrets.map((s) => s.name)));
  const rows = used.map((c) => [
    code(c.name),
    c.kind,
    purposes.get(c.name) ?? 'not described by projen-lockstep-release',
    c.readers.map((r) => `${r.workflow}: ${r.job}${r.step ? ` ("${r.step}")` : ''}`).join('; '),
    c.kind === 'variable' ? 'Not a secret: it identifies, it does not authenticate.' : signingSecrets.has(c.name) ? WHY_NOT_OIDC_SIGNING : WHY_NOT_OIDC,
  ]);
  // A product's own publish secrets belong to the publish environment, where only its job can read them.
  const ownSecrets = new Set(ownPublishSecretNames(inputs));
  const ownInEnvironment = used.some((c) => ownSecrets.has(c.name));
  const signingInEnvironment = used.some((c) => signingSecrets.has(c.name));
  const ownLink = link('Products\' own publish commands', DOC_ANCHORS.ownPublish);
  const publishEnvironment = code(inputs.release.facts.publishEnvironment);
  const where = ownInEnvironment && !signingInEnvironment
    ? `at repository level, except the secrets of the products' own publish commands, which go in the environment ${publishEnvironment} (${ownLink})`
    : ownInEnvironment || signingInEnvironment
      ? `at repository level, except ${[
        ...(ownInEnvironment ? [`the secrets of the products' own publish commands (${ownLink})`] : []),
        ...(signingInEnvironment ? [`the desktop signing secrets (${link('Desktop signing', DOC_ANCHORS.signing)})`] : []),
      ].join(' and ')}, which go in the environment ${publishEnvironment}`
      : 'at repository level';
  return [
    anchor(DOC_ANCHORS.secrets),
    '## Secrets and variables',
    '',
    ...(rows.length === 0
      ? ['**None.** The generated workflows read no secret and no variable:']
      : [`The generated workflows read ${rows.length === 1 ? 'this one' : `these ${rows.length}`}; create ${rows.length === 1 ? 'it' : 'them'} in ${url(repo.web('/settings/secrets/actions'))} (secrets) or ${url(repo.web('/settings/variables/actions'))} (variables), ${where}:`, '',
        ...table(['Name', 'Kind', 'What it holds', 'Read by (workflow: job ("step"))', 'Why OIDC does not cover it'], rows), '', 'Everything else needs none:']),
    '',
    inputs.release.facts.registryOverrides.some((o) => o.tokenSecret !== undefined)
      ? `- The public registries this release publishes to: trusted publishing. Each publish job exchanges its OIDC token for a registry token that lives minutes. The others take the token secrets above (${link('Other registries', DOC_ANCHORS.otherRegistries)}).`
      : '- crates.io, npm and PyPI: trusted publishing. Each publish job exchanges its OIDC token for a registry token that lives minutes.',
    inputs.release.facts.tagTokenSource === ReleasePrTokenSource.GITHUB_TOKEN
      ? '- Tags, GitHub Releases, CI dispatch and reading the repository: the `GITHUB_TOKEN` GitHub creates for each job, with the permissions the job declares.'
      : `- GitHub Releases, CI dispatch and reading the repository: the \`GITHUB_TOKEN\` GitHub creates for each job, with the permissions the job declares. The tags: ${TAG_TOKEN_WORDS[inputs.release.facts.tagTokenSource]}.`,
    '',
    'Delete these if an older pipeline left them, in the repository and in every environment: `NPM_TOKEN` and `NODE_AUTH_TOKEN` (their mere presence breaks npm trusted publishing), `CARGO_REGISTRY_TOKEN` or `CRATES_IO_TOKEN`, `PYPI_API_TOKEN`. Revoke them on the registry too.',
    '',
    'A secret that does not exist reaches a workflow as an empty string, not as an error: the step that uses it fails instead, often with a message about authentication.',
    '',
  ];
}

/** Who pushes the release tags, as the doc says it. */
export const TAG_TOKEN_WORDS: Record<ReleasePrTokenSource, string> = {
  [ReleasePrTokenSource.GITHUB_TOKEN]: 'the workflow\'s own `GITHUB_TOKEN`',
  [ReleasePrTokenSource.GITHUB_APP]: 'a GitHub App token',
  [ReleasePrTokenSource.PAT]: 'a personal access token',
};

/**
 * T9: which token pushes the release tags, what that means for workflows a tag should start, and what to
 * create. An App or PAT shared with the release PR is set up once, in the release PR section.
 */
export function tagTokenSection(inputs: DocInputs, repo: DocRepo): string[] {
  const f = inputs.release.facts;
  const job = `The job ${code(RELEASE_JOBS.tag)} of ${code(f.workflowFile)}`;
  const shared = inputs.releasePr !== undefined && inputs.releasePr.facts.tokenSource === f.tagTokenSource
    && f.credentials.every((c) => inputs.releasePr!.facts.credentials.some((x) => x.name === c.name));
  const secret = f.credentials.find((c) => c.kind === 'secret');
  const variable = f.credentials.find((c) => c.kind === 'variable');
  const setup: Record<ReleasePrTokenSource, string[]> = {
    [ReleasePrTokenSource.GITHUB_TOKEN]: [
      `${job} pushes the tags with its own \`GITHUB_TOKEN\`: no secret to create. GitHub starts no workflow for pushes made with that token, so a workflow of yours triggered by a release tag (\`on: push: tags:\`), an image build for instance, does not run for them.`,
      '',
      'To have release tags start workflows, push them with a GitHub App token: set `release: { tagTokenSource: ReleasePrTokenSource.GITHUB_APP }` in `.projenrc.ts` (it uses the release PR\'s App unless you name another) and run `npx projen`: this section then says what to create.',
    ],
    [ReleasePrTokenSource.GITHUB_APP]: shared
      ? [`${job} pushes the tags with a token of the GitHub App the release PR uses (${link('Release PR token', DOC_ANCHORS.releasePrToken)}): nothing more to create. Its pushes start workflows; the tags go three per push, since GitHub creates no push event for more than three tags pushed at once.`]
      : [`${job} pushes the tags with a GitHub App token; its pushes start workflows, so the tags go three per push (GitHub creates no push event for more than three tags pushed at once).`, '', ...steps([
        `Create a GitHub App (owner's **Settings → Developer settings → GitHub Apps → New GitHub App**): any name, homepage ${url(repo.web())}, **Webhook** unticked, repository permissions **Contents**: Read and write, installable only on this account.`,
        `Copy its **Client ID** into the repository variable ${code(variable?.name ?? '')} (${url(repo.web('/settings/variables/actions'))}): not a secret.`,
        `**Generate a private key** and paste the whole \`.pem\` file into a secret ${code(secret?.name ?? '')} of the environment ${code(f.approvalEnvironment)} (only ${code(RELEASE_JOBS.tag)} can then read it, after the approval); delete the downloaded file.`,
        `**Install App** → only this repository (${code(repo.full)}).`,
      ])],
    [ReleasePrTokenSource.PAT]: shared
      ? [`${job} pushes the tags with the personal access token the release PR uses (${link('Release PR token', DOC_ANCHORS.releasePrToken)}). Its pushes start workflows; the tags go three per push. Prefer a GitHub App: a PAT acts as its owner and expires.`]
      : [`${job} pushes the tags with a personal access token; its pushes start workflows, so the tags go three per push.`, '', ...steps([
        `Create a fine-grained personal access token (${url('https://github.com/settings/personal-access-tokens/new')}): resource owner ${repo.cell('owner')}, **Only select repositories** → ${code(repo.name)}, repository permission **Contents**: Read and write.`,
        `Store it as a secret ${code(secret?.name ?? '')} of the environment ${code(f.approvalEnvironment)}.`,
      ])],
  };
  return [anchor(DOC_ANCHORS.tagToken), '## Release tag token', '', ...setup[f.tagTokenSource], ''];
}

/** The registries `release.registries` points elsewhere: where, and with which token. */
export function otherRegistriesSection(inputs: DocInputs): string[] {
  const f = inputs.release.facts;
  if (f.registryOverrides.length === 0 && f.npmProvenance) return [];
  const rows = f.registryOverrides.map((o) => [
    code(o.target),
    o.urls.map(code).join(' (uploads), ') + (o.urls.length > 1 ? ' (checks)' : ''),
    o.tokenSecret ? `token from the secret ${code(o.tokenSecret)}` : o.target === 'go' ? 'none' : 'trusted publishing',
  ]);
  return [
    anchor(DOC_ANCHORS.otherRegistries),
    '## Other registries',
    '',
    `${code(f.workflowFile)} publishes to these instead of the public registries (\`release.registries\` in \`.projenrc.ts\`). ` +
      'The plan job\'s checks and the publish jobs read the same setting, so they never look at different registries. Trusted publishing exists only on the public registries (and TestPyPI): the others authenticate with a token, which you create on that registry and store as a secret of the environment ' +
      `${code(f.publishEnvironment)}.`,
    '',
    ...(rows.length > 0 ? [...table(['Target', 'Registry', 'Authentication'], rows), ''] : []),
    ...(f.npmProvenance ? [] : ['npm packages are published without provenance (`npmProvenance: false`).', '']),
  ];
}
