import { Logger } from 'projen';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SynthedDoc, chapter, exampleDoc, minimalDoc, section, synthDoc, tableAfter } from './trusted-publishing-support';
import { Product, ReleasePrTokenSource } from '../../src';
import { PublishTarget, packageAnchor } from '../../src/model';
import { goModuleFixture, writeFixture } from '../support/kind-fixtures';

const REPO = { trustedPublishing: { repository: 'example/quill' } };

/** The settings page each registry's trusted-publisher form is on, written out as the issue gives them. */
const SETTINGS: Record<string, (name: string) => string> = {
  'crates-io': (n) => `https://crates.io/crates/${n}/settings`,
  'npm': (n) => `https://www.npmjs.com/package/${n}/access`,
  'pypi': (n) => `https://pypi.org/manage/project/${n}/settings/publishing/`,
};

function trustedPackages(d: SynthedDoc): Array<{ target: string; name: string; product: string }> {
  return d.plan.tracks.flatMap((t) => t.products.filter((p) => p.publish).flatMap((p) => p.packages
    .filter((k) => k.registry in SETTINGS)
    .map((k) => ({ target: k.registry, name: k.name, product: p.name }))));
}

/** The form rows of a package's section as { label: value }. */
function form(d: SynthedDoc, target: string, name: string): Record<string, string> {
  return Object.fromEntries(tableAfter(section(d.doc, packageAnchor(target, name))).map(([k, v]) => [k, v]));
}

describe('docs/release-secrets.md: one section per registry and package, exact to the field (O3)', () => {
  const d = exampleDoc(REPO);

  it('O3 GIVEN every crates.io, npm and PyPI package of the plan WHEN its section is read THEN it links to that package\'s settings page and gives owner, repository, workflow file and environment to type', () => {
    const packages = trustedPackages(d);
    expect(packages.map((p) => p.name).sort()).toEqual(['@quill-db/quill', '@quill-db/quill-wasm', 'quill-ask', 'quill-db', 'quill-engine', 'quill-mcp', 'quill-notes']);
    for (const p of packages) {
      const text = section(d.doc, packageAnchor(p.target, p.name));
      expect(text, p.name).toContain(`<${SETTINGS[p.target](p.name)}>`);
      const values = Object.values(form(d, p.target, p.name));
      expect(values.slice(-4), p.name).toEqual(['`example`', '`quill`', '`release.yml` (the file name only: no path, no URL)', '`release-publish`']);
    }
  });

  it('O3 GIVEN the values to type WHEN checked against release.yml THEN the file is the generated workflow and the environment is the one of the job that publishes the package with id-token: write', () => {
    const release = d.workflows['release.yml'];
    for (const p of trustedPackages(d)) {
      const text = section(d.doc, packageAnchor(p.target, p.name));
      const job = /published by the job `([^`]+)` of `([^`]+)`/.exec(text)!;
      expect(job[2]).toBe('release.yml');
      expect(release.jobs[job[1]], p.name).toBeDefined();
      expect(release.jobs[job[1]].permissions['id-token'], p.name).toBe('write');
      expect(Object.values(form(d, p.target, p.name)).pop()).toBe(`\`${release.jobs[job[1]].environment}\``);
    }
  });

  it('O3 GIVEN each registry WHEN its form is shown THEN the field labels are the registry\'s own', () => {
    expect(Object.keys(form(d, 'crates-io', 'quill-engine'))).toEqual(['Repository owner', 'Repository name', 'Workflow filename', 'Environment']);
    expect(Object.keys(form(d, 'npm', '@quill-db/quill'))).toEqual(['Organization or user', 'Repository', 'Workflow filename', 'Environment name']);
    expect(Object.keys(form(d, 'pypi', 'quill-db'))).toEqual(['PyPI Project Name', 'Owner', 'Repository name', 'Workflow name', 'Environment name']);
  });

  it('O3 GIVEN npm WHEN a package section offers the CLI THEN npm trust gets the same values as the form', () => {
    expect(section(d.doc, packageAnchor('npm', '@quill-db/quill-wasm')))
      .toContain('npm trust github @quill-db/quill-wasm --repository example/quill --file release.yml --env release-publish --allow-publish');
  });

  it('GIVEN the napi-rs product WHEN the doc is read THEN each platform package napi-rs publishes (one per target of its package.json) has its own section', () => {
    for (const suffix of ['linux-x64-gnu', 'darwin-arm64', 'win32-x64-msvc']) {
      const name = `@quill-db/quill-${suffix}`;
      expect(section(d.doc, packageAnchor('npm', name))).toContain(`<${SETTINGS.npm(name)}>`);
      expect(Object.values(form(d, 'npm', name)).slice(-2)).toEqual(['`release.yml` (the file name only: no path, no URL)', '`release-publish`']);
    }
  });

  it('GIVEN the setup order WHEN read THEN it links every package section that exists, crates in publish order', () => {
    const order = chapter(d.doc, 'setup-order');
    for (const a of [...order.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1])) expect(d.doc, a).toContain(`<a id="${a}"></a>`);
    const crates = /\[crates\.io\]\(#crates-io\), in this order: (.*)\./.exec(order)![1];
    expect([...crates.matchAll(/`([^`]+)`/g)].map((m) => m[1])).toEqual(['quill-engine', 'quill-ask', 'quill-mcp']);
  });
});

describe('docs/release-secrets.md: first-publish bootstrap per registry (O4)', () => {
  const d = exampleDoc(REPO);

  it('O4 GIVEN crates.io WHEN a crate is new THEN the doc creates a publish-new token scoped to the crates and publishes them by hand in dependency order, then revokes it', () => {
    const crates = chapter(d.doc, 'crates-io');
    expect(crates).toContain('<https://crates.io/settings/tokens/new>');
    expect(crates).toMatch(/scope `publish-new` only, limited to the new crates \(`quill-engine`, `quill-ask` and `quill-mcp`\)/);
    const lines = crates.split('\n').filter((l) => l.includes('cargo publish'));
    expect(lines.map((l) => /--manifest-path (\S+)/.exec(l)![1])).toEqual(['Cargo.toml', 'quill-ask/Cargo.toml', 'quill-mcp/Cargo.toml']);
    expect(crates).toContain('read -rs CARGO_REGISTRY_TOKEN');
    expect(crates).toMatch(/Revoke the token/);
  });

  it('O4 GIVEN npm WHEN a package is new THEN its section publishes a placeholder of that name naming this repository, public and under its own dist-tag', () => {
    for (const name of ['@quill-db/quill', '@quill-db/quill-wasm', 'quill-notes']) {
      const text = section(d.doc, packageAnchor('npm', name));
      const json = JSON.parse(/cat > package\.json <<'EOF'\n([\s\S]*?)\n\s*EOF/.exec(text)![1].split('\n').map((l) => l.trim()).join(''));
      expect(json).toMatchObject({ name, version: '0.0.0-placeholder.0', repository: { url: 'git+https://github.com/example/quill.git' } });
      expect(text).toContain('npm publish --access public --tag placeholder');
    }
  });

  it('O4 GIVEN PyPI WHEN the project is new THEN the doc registers a pending publisher with the project name, and a publisher on the project page otherwise', () => {
    const text = section(d.doc, packageAnchor('pypi', 'quill-db'));
    expect(text).toContain('<https://pypi.org/manage/account/publishing/>');
    expect(form(d, 'pypi', 'quill-db')['PyPI Project Name']).toBe('`quill-db`');
    expect(text).toContain('<https://pypi.org/manage/project/quill-db/settings/publishing/>');
    expect(chapter(d.doc, 'pypi')).toMatch(/reusable workflow/);
  });

  it('GIVEN a Go module and GitHub Releases WHEN read THEN the doc says they need no registration and that Go tags never move', () => {
    const other = chapter(d.doc, 'go-and-github-releases');
    expect(other).toContain('Go module `github.com/example/quill/sdk/go`');
    expect(other).toMatch(/never move or delete a Go tag/);
    // The module path names this repository: one naming another is refused at synth (test/model/accepted-mistakes.test.ts).
    expect(other).not.toMatch(/does not start with/);
  });
});

describe('docs/release-secrets.md: GitHub settings', () => {
  const d = exampleDoc(REPO);

  it('GIVEN release.yml\'s two environments WHEN read THEN the approval one gets required reviewers and the publish one must have none', () => {
    const approval = /### Environment `release`\n([\s\S]*?)### Environment/.exec(d.doc)![1];
    const publish = /### Environment `release-publish`\n([\s\S]*?)<a id=/.exec(d.doc)![1];
    expect(approval).toMatch(/\*\*Required reviewers\*\*: tick it/);
    expect(approval).toContain('`tag-all`');
    expect(publish).toMatch(/\*\*Required reviewers\*\*: leave it \*\*off\*\*/);
    expect(publish).toContain('`publish-crates`, `publish-npm` and `publish-pypi`');
    for (const text of [approval, publish]) expect(text).toContain('add a branch rule for `main`');
  });

  it('GIVEN ci.yml WHEN the branch ruleset is read THEN the one required check is the aggregate job of ci.yml', () => {
    const rows = tableAfter(chapter(d.doc, 'github-branch-and-tag-protection'));
    expect(rows).toEqual([['`ci-ok`', '`ci-ok` of `ci.yml`']]);
    expect(d.workflows['ci.yml'].jobs['ci-ok'].needs.length).toBe(Object.keys(d.workflows['ci.yml'].jobs).length - 1);
  });

  it('T3 GIVEN the release tags WHEN the tag ruleset is read THEN every published product\'s tag prefix and the umbrella prefix are protected from updates and deletions', () => {
    const protection = chapter(d.doc, 'github-branch-and-tag-protection');
    const patterns = /```text\n([\s\S]*?)```/.exec(protection)![1].split('\n').map((l) => l.trim()).filter(Boolean);
    const expected = d.plan.tracks.flatMap((t) => [...t.products.filter((p) => p.publish).map((p) => `${p.tagPrefix}*`), `${t.umbrellaTagPrefix}*`]);
    expect(new Set(patterns)).toEqual(new Set(expected));
    expect(patterns).toContain('sdk/go/v*');
    expect(protection).toMatch(/Tick \*\*Restrict updates\*\* and \*\*Restrict deletions\*\*/);
  });

  it('T2 GIVEN the default token for release PRs WHEN read THEN Actions must be allowed to create pull requests and no secret is needed', () => {
    expect(chapter(d.doc, 'github-actions-settings')).toMatch(/\*\*Allow GitHub Actions to create and approve pull requests\*\*: \*\*tick it\*\*/);
    expect(chapter(d.doc, 'release-pr-token')).toMatch(/no secret to create/);
    expect(chapter(d.doc, 'secrets')).toMatch(/\*\*None\.\*\*/);
  });

  it('T2 GIVEN a GitHub App for release PRs WHEN read THEN the App\'s key and client ID are listed with their reader, and Actions need not create pull requests', () => {
    const app = exampleDoc({ ...REPO, releasePr: { tokenSource: ReleasePrTokenSource.GITHUB_APP } });
    const rows = tableAfter(chapter(app.doc, 'secrets'));
    expect(rows.map((r) => [r[0], r[1]])).toEqual([['`RELEASE_APP_CLIENT_ID`', 'variable'], ['`RELEASE_APP_PRIVATE_KEY`', 'secret']]);
    expect(rows[1][3]).toBe('release-pr.yml: release-pr ("Create a GitHub App token")');
    expect(rows[1][4]).toMatch(/OIDC token proves a job's identity to services outside GitHub/);
    expect(chapter(app.doc, 'github-actions-settings')).toMatch(/create and approve pull requests\*\*: leave it off/);
    expect(chapter(app.doc, 'release-pr-token')).toMatch(/`RELEASE_APP_PRIVATE_KEY`/);
    expect(chapter(app.doc, 'release-pr-token')).toContain('**Contents**: Read and write, **Pull requests**: Read and write');
  });

  it('GIVEN a PAT for release PRs WHEN read THEN its secret is listed with its reader', () => {
    const pat = exampleDoc({ ...REPO, releasePr: { tokenSource: ReleasePrTokenSource.PAT, patSecret: 'RELEASE_BOT_PAT' } });
    expect(tableAfter(chapter(pat.doc, 'secrets')).map((r) => r[0])).toEqual(['`RELEASE_BOT_PAT`']);
    expect(chapter(pat.doc, 'release-pr-token')).toMatch(/fine-grained personal access token/);
  });
});

describe('TrustedPublishing: the repository option', () => {
  afterEach(() => vi.restoreAllMocks());

  it('GIVEN no repository WHEN synthesized THEN every form shows marked placeholders, the doc says so first, and npx projen warns', () => {
    const warn = vi.spyOn(Logger.prototype, 'warn');
    const d = minimalDoc();
    expect(Object.values(form(d, 'crates-io', 'solo')).slice(0, 2)).toEqual([
      '`<OWNER>` ⚠ placeholder: your GitHub user or organization',
      '`<REPOSITORY>` ⚠ placeholder: your repository name',
    ]);
    expect(d.doc.split('\n').slice(0, 8).join('\n')).toMatch(/⚠ The repository is not configured/);
    expect(warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('trustedPublishing.repository'))).toHaveLength(1);
  });

  it('GIVEN a repository WHEN synthesized THEN no placeholder is left and nothing is warned about it', () => {
    const warn = vi.spyOn(Logger.prototype, 'warn');
    const d = minimalDoc({ trustedPublishing: { repository: 'acme/solo' } });
    expect(d.doc).not.toMatch(/<OWNER>|<REPOSITORY>|placeholder: your/);
    expect(d.doc).toContain('<https://github.com/acme/solo/settings/environments>');
    expect(warn.mock.calls.filter((c) => String(c[0]).includes('trustedPublishing.repository'))).toHaveLength(0);
  });

  it.each([
    ['https://github.com/acme/solo.git', /trustedPublishing\.repository: '.*' is a URL; give the repository as 'owner\/name': 'acme\/solo'/],
    ['git@github.com:acme/solo.git', /is a URL; .*'acme\/solo'/],
    ['acme/solo.git', /ends in '\.git'; .*'acme\/solo'/],
    ['solo', /trustedPublishing\.repository: 'solo' must be 'owner\/name'/],
    ['acme/solo/extra', /must be 'owner\/name'/],
    ['-acme/solo', /has an owner GitHub does not allow/],
    ['acme/so lo', /has a repository name GitHub does not allow/],
  ])('O3 GIVEN repository %s WHEN constructed THEN it is refused naming the option and the value to write', (value, message) => {
    expect(() => minimalDoc({ trustedPublishing: { repository: value } })).toThrow(message);
  });
});

describe('TrustedPublishing: renaming what trusted publishers are bound to (O3)', () => {
  it('O3 GIVEN a renamed release workflow WHEN not acknowledged THEN the project is refused, naming the option, the count of publishers and the acknowledgement', () => {
    expect(() => minimalDoc({ release: { workflowFile: 'publish.yml' } })).toThrow(
      /release\.workflowFile: 'publish\.yml' renames the release workflow \(release\.yml\)\. Every trusted publisher on crates\.io, npm and PyPI \(1 here\).*acknowledgeTrustedPublisherRename: true/,
    );
  });

  it('O3 GIVEN a renamed publish environment WHEN not acknowledged THEN the project is refused too', () => {
    expect(() => minimalDoc({ release: { publishEnvironment: 'registries' } })).toThrow(/release\.publishEnvironment: 'registries' renames the publish environment/);
  });

  it('O3 GIVEN a rename WHEN acknowledged THEN every form shows the new names and the renaming section says so', () => {
    const d = exampleDoc({ ...REPO, release: { workflowFile: 'publish.yml', publishEnvironment: 'registries' }, trustedPublishing: { repository: 'example/quill', acknowledgeTrustedPublisherRename: true } });
    expect(d.texts['publish.yml']).toBeDefined();
    for (const target of [PublishTarget.CRATES_IO, PublishTarget.NPM, PublishTarget.PYPI]) {
      const name = d.plan.tracks[0].products.flatMap((p) => p.packages).find((k) => k.registry === target)!.name;
      expect(Object.values(form(d, target, name)).slice(-2)).toEqual(['`publish.yml` (the file name only: no path, no URL)', '`registries`']);
    }
    expect(chapter(d.doc, 'renaming-the-release-workflow')).toMatch(/renamed them from the defaults \(`release\.yml`, `release-publish`\)/);
    const outsideRenaming = d.doc.replace(chapter(d.doc, 'renaming-the-release-workflow'), '');
    expect(outsideRenaming).not.toMatch(/release\.yml|release-publish/);
  });

  it('GIVEN the default names WHEN read THEN the doc says that renaming breaks every publisher and is refused without the acknowledgement', () => {
    const text = chapter(exampleDoc(REPO).doc, 'renaming-the-release-workflow');
    expect(text).toMatch(/Every trusted publisher above \(10\) names the workflow file `release\.yml`/);
    expect(text).toMatch(/refuses `release\.workflowFile` other than `release\.yml`.*unless `trustedPublishing\.acknowledgeTrustedPublisherRename` is `true`/);
  });

  it('GIVEN a plan without trusted-publishing packages WHEN the workflow is renamed THEN nothing is refused (no publisher to break)', () => {
    const fixture = goModuleFixture();
    const d = synthDoc(writeFixture(fixture), { products: fixture.products, release: { workflowFile: 'publish.yml' } });
    expect(d.texts['publish.yml']).toBeDefined();
  });

  it('GIVEN the doc turned off WHEN the workflow is renamed without acknowledgement THEN the guard still refuses, and no doc is written otherwise', () => {
    expect(() => minimalDoc({ release: { workflowFile: 'publish.yml' }, trustedPublishing: { enabled: false } })).toThrow(/acknowledgeTrustedPublisherRename/);
    expect(() => minimalDoc({ trustedPublishing: { enabled: false } })).toThrow(/no docs\/release-secrets\.md/);
  });

  it('GIVEN release.yml turned off WHEN synthesized THEN there is no doc (nothing to register)', () => {
    expect(() => minimalDoc({ release: { enabled: false } })).toThrow(/no docs\/release-secrets\.md/);
  });
});

describe('docs/release-secrets.md: the file', () => {
  it('S5 GIVEN the doc WHEN synthesized THEN it is generated, read-only and carries the projen marker', () => {
    const d = minimalDoc();
    expect(d.doc.split('\n')[0]).toBe('<!-- ~~ Generated by projen. To modify, edit .projenrc.ts and run "npx projen". -->');
  });

  it('GIVEN a single crate WHEN synthesized THEN only crates.io has a registry section', () => {
    const d = minimalDoc({ products: [Product.rustCrate({ path: '.' })] });
    expect(d.doc).toContain('<a id="crates-io"></a>');
    expect(d.doc).not.toMatch(/<a id="(npm|pypi)"><\/a>/);
  });
});

describe('docs/release-secrets.md: speaks to maintainers', () => {
  /** An incident id of the design notes, as "(T3)" or "(T3, T4)", or one closing a parenthesis ("…, O1)"). */
  const INTERNAL_ID = /\([A-Z]\d+(, [A-Z]\d+)*\)|, [A-Z]\d+\)/;

  /** Every step name of every workflow the project generates. */
  function stepNames(d: SynthedDoc): string[] {
    return Object.values<any>(d.workflows).flatMap((wf) => Object.values<any>(wf.jobs ?? {}))
      .flatMap((job) => (job.steps ?? []).map((s: any) => s.name).filter((n: unknown): n is string => typeof n === 'string'));
  }

  it('GIVEN the example and fixtures with other release options WHEN synthesized THEN neither the doc nor a step name carries an incident id', () => {
    const go = goModuleFixture();
    const docs: Array<[string, SynthedDoc]> = [
      ['the example', exampleDoc(REPO)],
      ['the example with a GitHub App', exampleDoc({ ...REPO, releasePr: { tokenSource: ReleasePrTokenSource.GITHUB_APP } })],
      ['the example renamed', exampleDoc({
        ...REPO,
        release: { workflowFile: 'publish.yml', publishEnvironment: 'registries' },
        trustedPublishing: { repository: 'example/quill', acknowledgeTrustedPublisherRename: true },
      })],
      ['one crate without a repository', minimalDoc()],
      ['a Go module', synthDoc(writeFixture(go), { products: go.products })],
    ];
    for (const [what, d] of docs) {
      const names = stepNames(d);
      expect(names.length, what).toBeGreaterThan(0);
      expect(d.doc.split('\n').filter((l) => INTERNAL_ID.test(l)), `${what}: docs/release-secrets.md`).toEqual([]);
      expect(names.filter((n) => INTERNAL_ID.test(n)), `${what}: step names`).toEqual([]);
    }
  });
});
