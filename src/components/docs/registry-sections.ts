import {
  CRATES_IO_NEW_TOKEN_URL, PUBLISH_JOB_OF, PYPI_PENDING_PUBLISHER_URL, PackageToSetUp, ProductKind, PublishTarget, REGISTRY_SETUP, TESTPYPI_SETUP,
  TOOL_VERSIONS, TrustedTarget, joinRepoPath, packageAnchor, packagesInPublishOrder, registryAnchor, tagGlobOf,
} from '../../model';
import { TrustedPublisherFact } from '../release-publish';
import { DocInputs, DocRepo } from './doc-context';
import { anchor, code, fence, names, steps, table, url } from './markdown';

/** A trusted publisher to register, with the product and package it is for. */
export interface PublisherToRegister extends TrustedPublisherFact {
  readonly setup: PackageToSetUp;
  /** For a napi-rs platform package: the main package it belongs to. */
  readonly platformOf?: string;
  /** For a PyPI package: the track and prerelease identifiers it sends to TestPyPI instead (`testPypiPrereleases`). */
  readonly testPypi?: { readonly track: string; readonly channels: readonly string[] };
}

/**
 * Trusted publishers per registry, in publish order (a crate's dependencies first); a napi-rs product's
 * platform packages follow its main package, since each is an npm package of its own.
 */
export function publishersByTarget(inputs: DocInputs): Map<TrustedTarget, PublisherToRegister[]> {
  const out = new Map<TrustedTarget, PublisherToRegister[]>();
  for (const setup of packagesInPublishOrder(inputs.plan)) {
    const fact = inputs.release.facts.trustedPublishers.find(
      (t) => t.target === setup.target && t.package === setup.name && t.product === setup.product.name,
    );
    if (fact === undefined) continue;
    const target = fact.target as TrustedTarget;
    const track = inputs.plan.tracks.find((t) => t.products.some((p) => p.name === setup.product.name));
    const channels = target === PublishTarget.PYPI ? track?.testPypiPrereleases ?? [] : [];
    const testPypi = track !== undefined && channels.length > 0 ? { testPypi: { track: track.name, channels } } : {};
    const platforms = target === PublishTarget.NPM ? inputs.napiPlatformPackages[setup.product.name] ?? [] : [];
    out.set(target, [
      ...(out.get(target) ?? []),
      { ...fact, setup, ...testPypi },
      ...platforms.map((name) => ({ ...fact, package: name, setup: { ...setup, name }, platformOf: fact.package })),
    ]);
  }
  return out;
}

/** The values to type into a registry's trusted-publisher form. */
function formTable(target: TrustedTarget, p: PublisherToRegister, repo: DocRepo, indent: string, projectField?: string): string[] {
  const f = REGISTRY_SETUP[target].fields;
  return indented(indent, table(['Field', 'Type exactly'], [
    ...(projectField ? [[projectField, code(p.package)]] : []),
    [f.owner, repo.cell('owner')],
    [f.repository, repo.cell('name')],
    [f.workflow, `${code(p.workflowFile)} (the file name only: no path, no URL)`],
    [f.environment, code(p.environment)],
  ]));
}

function indented(indent: string, lines: readonly string[]): string[] {
  return lines.map((l) => (l === '' ? l : `${indent}${l}`));
}

function packageHeading(target: TrustedTarget, p: PublisherToRegister): string[] {
  const title = REGISTRY_SETUP[target].title;
  return [
    anchor(packageAnchor(target, p.package)),
    `### ${title}: ${code(p.package)}`,
    '',
    `Product ${code(p.product)} (${p.setup.product.path === '.' ? 'at the repository root' : `in ${code(`${p.setup.product.path}/`)}`}), tags ${code(tagGlobOf(p.setup.product.tagPrefix))}, published by the job ${code(p.job)} of ${code(p.workflowFile)}.` +
      (p.platformOf ? ` A napi-rs platform package of ${code(p.platformOf)}: \`napi ${p.setup.product.settings.napiCli === '2' ? 'create-npm-dir' : 'create-npm-dirs'}\` makes it at release time from the \`napi\` targets of ${code(joinRepoPath(p.setup.product.path, 'package.json'))}.` : ''),
    '',
  ];
}

/** crates.io: one bootstrap token for the new crates, then one trusted publisher per crate. */
export function cratesSection(publishers: readonly PublisherToRegister[], repo: DocRepo): string[] {
  const t = PublishTarget.CRATES_IO;
  const several = publishers.length > 1;
  const publishLines = publishers.map((p) => `cargo publish --locked --manifest-path ${joinRepoPath(p.setup.product.path, 'Cargo.toml')}   # ${p.package}`);
  return [
    anchor(registryAnchor(t)),
    '## crates.io',
    '',
    `The job ${code(publishers[0].job)} publishes ${several ? `these ${publishers.length} crates, in this order (dependencies first)` : 'this crate'}. ` +
      'It exchanges its OIDC token for a crates.io token that lives 30 minutes (`rust-lang/crates-io-auth-action`); no crates.io token is stored in GitHub.',
    '',
    '**First publish.** Trusted publishing cannot create a crate: a crate that is not on crates.io yet is published once by hand, from the root of a clean, up-to-date checkout of the release branch.',
    '',
    ...steps([
      `Create a token at ${url(CRATES_IO_NEW_TOKEN_URL)}: name it after this repository and "bootstrap", the shortest expiration, scope ${code('publish-new')} only, limited to the new crates (${names(publishers.map((p) => p.package))}).`,
      [
        `Paste the token when \`read\` waits (it stays out of the shell history), then publish each crate that is not on crates.io yet${several ? ', in this order; leave out the lines of crates that already exist' : ''}:`,
        '',
        ...fence('sh', ['read -rs CARGO_REGISTRY_TOKEN && export CARGO_REGISTRY_TOKEN', ...publishLines, 'unset CARGO_REGISTRY_TOKEN']),
        '',
      ],
      `Revoke the token (crates.io → **Account Settings → API Tokens → Revoke**), then register each crate's trusted publisher below. From now on ${code(publishers[0].workflowFile)} publishes; the next release finds this version published and skips it.`,
    ]),
    '',
    ...publishers.flatMap((p) => [
      ...packageHeading(t, p),
      ...steps([
        `New crate? ${url(REGISTRY_SETUP[t].packageUrl(p.package))} says whether it exists; if not, publish it first (above).`,
        [`Open ${url(REGISTRY_SETUP[t].settingsUrl(p.package))} → **Trusted Publishing** → **Add** → GitHub, type these values and save:`, '', ...formTable(t, p, repo, '')],
      ]),
      '',
    ]),
  ];
}

/**
 * Where a wasm-pack package's `repository` comes from: wasm-pack copies its Cargo.toml's, but a package.json of
 * the product's own beside the crate (issue 17: it wraps `pkg/`) is what npm publishes, so its own is read.
 */
function wasmRepository(publishers: readonly PublisherToRegister[]): string {
  const wrapping = publishers.map((p) => p.setup.product).filter((p) => p.kind === ProductKind.WASM_PACK && p.settings.npmPackageDir !== undefined);
  const own = [...new Set(wrapping.map((p) => joinRepoPath(p.settings.npmPackageDir, 'package.json')))];
  const cargo = 'for a wasm-pack package, `repository` in its Cargo.toml';
  return own.length === 0 ? cargo : `${cargo}, but in its own package.json for one that wraps wasm-pack's \`pkg/\` (${own.map(code).join(', ')})`;
}

/** npm: a placeholder publish for a new package, the publisher per package, and the provenance repository check. */
export function npmSection(publishers: readonly PublisherToRegister[], repo: DocRepo): string[] {
  const t = PublishTarget.NPM;
  return [
    anchor(registryAnchor(t)),
    '## npm',
    '',
    `The job ${code(publishers[0].job)} publishes with trusted publishing (npm ≥ ${TOOL_VERSIONS.npmTrustedPublishingMin} on Node ≥ ${TOOL_VERSIONS.nodeTrustedPublishingMin}; the job sets up Node ${TOOL_VERSIONS.node}). ` +
      'npm exchanges the job\'s OIDC token itself and signs a provenance statement. Three things break it:',
    '',
    '- **Any npm token.** An `NPM_TOKEN` or `NODE_AUTH_TOKEN` (even empty), or an `.npmrc` with `_authToken` (which `setup-node` writes when given `registry-url`), makes npm use token auth, and the publish answers 404. Create no npm token secret anywhere.',
    `- **\`repository.url\` of each package.json.** With provenance npm refuses (\`E422\`) a package whose \`repository.url\` is missing or names another repository, letter case included. It must be ${code(`git+${repo.web()}.git`)} (${wasmRepository(publishers)}; napi-rs platform packages copy it from their main package).`,
    '- **A package that does not exist yet.** Trusted publishing cannot create a package. Publish a placeholder version first, logged in (`npm login`) as a maintainer of its scope or user: `--access public` because a scoped package is private by default, `--tag placeholder` because npm refuses a prerelease without a dist-tag.',
    '',
    ...publishers.flatMap((p) => npmPackage(p, repo)),
    'After the first release, tidy the placeholders and lock each package to trusted publishing:',
    '',
    ...steps([
      ['Hide the placeholder versions:', '', ...fence('sh', publishers.flatMap((p) => [
        `npm deprecate ${p.package}@0.0.0-placeholder.0 "placeholder, not a release"`,
        `npm dist-tag rm ${p.package} placeholder`,
      ])), ''],
      'On each package\'s page → **Settings → Publishing access** → **Require two-factor authentication and disallow tokens**. Trusted publishing keeps working; a stolen token no longer can publish.',
    ]),
    '',
  ];
}

function npmPackage(p: PublisherToRegister, repo: DocRepo): string[] {
  const t = PublishTarget.NPM;
  const manifest = JSON.stringify({
    name: p.package,
    version: '0.0.0-placeholder.0',
    description: `Placeholder: releases of ${p.package} are published by ${p.workflowFile}.`,
    repository: { type: 'git', url: `git+${repo.web()}.git` },
  }, undefined, 2);
  return [
    ...packageHeading(t, p),
    ...steps([
      [
        `New package? If ${url(REGISTRY_SETUP[t].packageUrl(p.package))} is "not found", publish the placeholder:`,
        '',
        ...fence('sh', ['cd "$(mktemp -d)"', "cat > package.json <<'EOF'", ...manifest.split('\n'), 'EOF', 'npm publish --access public --tag placeholder']),
        '',
      ],
      [
        `Open ${url(REGISTRY_SETUP[t].settingsUrl(p.package))} → **Trusted Publisher** → **GitHub Actions**, type these values (allow \`npm publish\` if it asks which commands the publisher may run) and save:`,
        '',
        ...formTable(t, p, repo, ''),
        '',
        'Or, instead of the form, from a terminal (npm 11.15 or later, an account with 2FA):',
        '',
        ...fence('sh', [`npm trust github ${p.package} --repository ${repo.full} --file ${p.workflowFile} --env ${p.environment} --allow-publish`]),
      ],
    ]),
    '',
  ];
}

/** PyPI: a pending publisher for a new project, a publisher for an existing one. */
export function pypiSection(publishers: readonly PublisherToRegister[], repo: DocRepo): string[] {
  const t = PublishTarget.PYPI;
  return [
    anchor(registryAnchor(t)),
    '## PyPI',
    '',
    `The job ${code(publishers[0].job)} uploads every wheel and the sdist with twine (\`lockstep publish-pypi\`), which exchanges the job's OIDC token for a short-lived PyPI token; files already on PyPI are skipped, so a re-run finishes an interrupted upload, and an upload PyPI answers 429 waits, within a bound, before it is retried. ` +
      `PyPI refuses trusted publishing from a reusable workflow, so the upload runs in ${code(publishers[0].workflowFile)} itself.`,
    '',
    ...publishers.flatMap((p) => [
      ...packageHeading(t, p),
      `- If ${url(REGISTRY_SETUP[t].packageUrl(p.package))} is "not found", register a **pending publisher**: the first upload from ${code(p.workflowFile)} creates the project. Open ${url(PYPI_PENDING_PUBLISHER_URL)} → **Add a new pending publisher** → GitHub, type these values and add:`,
      '',
      ...formTable(t, p, repo, '  ', 'PyPI Project Name'),
      '',
      '  A pending publisher does not reserve the name: whoever uploads first owns it. Release soon after registering.',
      '',
      `- If the project exists: open ${url(REGISTRY_SETUP[t].settingsUrl(p.package))} → **Add a new publisher** → GitHub, type the same values (without the project name) and add.`,
      '',
      ...(p.testPypi ? testPypiPublisher(p, p.testPypi, repo) : []),
    ]),
  ];
}

/** TestPyPI: the same publisher again, on its own site, for a package whose track sends prereleases there. */
function testPypiPublisher(p: PublisherToRegister, testPypi: { track: string; channels: readonly string[] }, repo: DocRepo): string[] {
  const example = `1.2.0-${testPypi.channels[0]}.1`;
  return [
    anchor(packageAnchor('testpypi', p.package)),
    `#### TestPyPI: ${code(p.package)}`,
    '',
    `Track ${code(testPypi.track)} sends its ${names(testPypi.channels)} prereleases (such as ${code(example)}) to TestPyPI instead of PyPI, from the same job ${code(p.job)}. ` +
      'TestPyPI is a site of its own: sign in with a TestPyPI account (PyPI accounts do not carry over) and register the same publisher there.',
    '',
    `- If ${url(TESTPYPI_SETUP.packageUrl(p.package))} is "not found", register a **pending publisher**: open ${url(TESTPYPI_SETUP.pendingPublisherUrl)} → **Add a new pending publisher** → GitHub, type these values and add:`,
    '',
    ...formTable(PublishTarget.PYPI, p, repo, '  ', 'PyPI Project Name'),
    '',
    `- If the project exists on TestPyPI: open ${url(TESTPYPI_SETUP.settingsUrl(p.package))} → **Add a new publisher** → GitHub, type the same values (without the project name) and add.`,
    '',
  ];
}

/** Go modules and GitHub Releases need no registration; say so, and why the Go tags are protected. */
export function otherTargetsSection(inputs: DocInputs, repo: DocRepo, anchorId: string): string[] {
  const go = packagesInPublishOrder(inputs.plan).filter((p) => p.target === PublishTarget.GO);
  const releases = inputs.release.facts.githubReleases;
  if (go.length === 0 && releases.length === 0) return [];
  const goLines = go.flatMap((p) => {
    const expected = `github.com/${repo.full}`;
    const foreign = !repo.placeholder && p.name !== expected && !p.name.startsWith(`${expected}/`);
    return [
      `- Go module ${code(p.name)} (product ${code(p.product.name)}): released by the tag ${code(`${p.product.tagPrefix}X.Y.Z`)}; the job ${code(PUBLISH_JOB_OF[PublishTarget.GO])} checks the tag and asks the Go module proxy to fetch it. No account, no secret. ` +
        'Once the proxy has seen a version it is permanent: never move or delete a Go tag (the tag ruleset above prevents it).',
      ...(foreign ? [`  ⚠ The module path does not start with ${code(expected)}: \`go get\` fetches it from the repository its path names, not from this one.`] : []),
    ];
  });
  return [
    anchor(anchorId),
    '## Go modules and GitHub Releases: nothing to register',
    '',
    ...goLines,
    ...(releases.length > 0
      ? [`- GitHub Releases of ${names(releases)} and the umbrella release: created with the job's own \`GITHUB_TOKEN\` (\`contents: write\`) as a draft, assets attached, then published, so they also work with immutable releases turned on.`]
      : []),
    '',
  ];
}
