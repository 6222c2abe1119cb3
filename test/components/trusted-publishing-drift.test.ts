import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { SynthedDoc, TITLE_OF, exampleDoc, minimalDoc, namesInDoc, namesInWorkflows } from './trusted-publishing-support';
import { ReleasePrTokenSource } from '../../src';
import { napiPlatformPackages, readNpmManifest } from '../../src/model';
import { EXAMPLE_DIR } from '../support/fixtures';

/** Packages the plan publishes, per doc registry title (napi-rs platform packages from the product's package.json). */
function planPackages(d: SynthedDoc, dir = EXAMPLE_DIR): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const p of d.plan.tracks.flatMap((t) => t.products).filter((x) => x.publish)) {
    for (const k of p.packages) {
      const title = TITLE_OF[k.registry];
      if (title === undefined) continue;
      const names = [k.name, ...(p.kind === 'napi' ? napiPlatformPackages(readNpmManifest('package.json', fs.readFileSync(path.join(dir, p.path, 'package.json'), 'utf8'))) : [])];
      out.set(title, new Set([...(out.get(title) ?? []), ...names]));
    }
  }
  return out;
}

/**
 * S5: everything the workflows name is in the doc, and everything the doc names is used by the workflows or
 * the plan. Both sides are read from the generated files: the workflows' YAML and the doc's Markdown.
 */
function expectNoDrift(d: SynthedDoc, packages: Map<string, Set<string>>): void {
  const wf = namesInWorkflows(d);
  const doc = namesInDoc(d.doc);
  expect(doc.environments, 'environments').toEqual(wf.environments);
  expect(doc.secrets, 'secrets').toEqual(wf.secrets);
  expect(doc.variables, 'variables').toEqual(wf.variables);
  expect(doc.files, 'workflow files').toEqual(wf.files);
  expect(doc.packages, 'packages').toEqual(packages);
}

describe('S5: docs/release-secrets.md and the workflows name the same things', () => {
  it('S5 GIVEN the example WHEN the doc and the parsed release.yml, release-pr.yml and ci.yml are compared THEN environments, secrets, workflow files and packages match both ways', () => {
    const d = exampleDoc({ trustedPublishing: { repository: 'example/quill' } });
    expect(Object.keys(d.texts).sort()).toEqual(['ci.yml', 'release-pr.yml', 'release.yml']);
    expect(namesInWorkflows(d).environments).toEqual(new Set(['release', 'release-publish']));
    expectNoDrift(d, planPackages(d));
  });

  it('S5 GIVEN release PRs opened with a GitHub App WHEN compared THEN the App\'s secret and variable are on both sides', () => {
    const d = exampleDoc({ releasePr: { tokenSource: ReleasePrTokenSource.GITHUB_APP, appClientIdVariable: 'LOCKSTEP_APP_ID', appPrivateKeySecret: 'LOCKSTEP_APP_KEY' } });
    expect(namesInWorkflows(d).secrets).toEqual(new Set(['LOCKSTEP_APP_KEY']));
    expectNoDrift(d, planPackages(d));
  });

  it('S5 T9 GIVEN release tags pushed with a GitHub App and the release PR with the job token WHEN compared THEN the App\'s secret and variable are on both sides', () => {
    const d = exampleDoc({ release: { tagTokenSource: ReleasePrTokenSource.GITHUB_APP } });
    expect(namesInWorkflows(d).secrets).toEqual(new Set(['RELEASE_APP_PRIVATE_KEY']));
    expect(namesInWorkflows(d).variables).toEqual(new Set(['RELEASE_APP_CLIENT_ID']));
    expectNoDrift(d, planPackages(d));
  });

  it('S5 GIVEN registries other than the public ones WHEN compared THEN their token secrets are on both sides', () => {
    const d = exampleDoc({ release: { registries: { cratesIndexUrl: 'sparse+https://crates.example.com/index/', npmRegistryUrl: 'https://npm.example.com/' } } });
    expect(namesInWorkflows(d).secrets).toEqual(new Set(['LOCKSTEP_CRATES_TOKEN', 'LOCKSTEP_NPM_TOKEN']));
    // Their packages have no trusted publisher to register: the doc lists only PyPI's and Go's.
    const trusted = new Map([...planPackages(d)].filter(([title]) => title !== TITLE_OF['crates-io'] && title !== TITLE_OF.npm));
    expectNoDrift(d, trusted);
  });

  it('S5 GIVEN renamed environments and workflow file (acknowledged) WHEN compared THEN the new names are on both sides and the old ones nowhere', () => {
    const d = exampleDoc({
      release: { workflowFile: 'publish.yml', approvalEnvironment: 'production', publishEnvironment: 'registries' },
      releasePr: { tokenSource: ReleasePrTokenSource.PAT },
      trustedPublishing: { acknowledgeTrustedPublisherRename: true },
    });
    expect(namesInWorkflows(d).environments).toEqual(new Set(['production', 'registries']));
    expectNoDrift(d, planPackages(d));
  });

  it('S5 GIVEN one crate without ci.yml and release-pr.yml WHEN compared THEN the doc names only release.yml and the crate', () => {
    const d = minimalDoc({ ci: { enabled: false }, releasePr: { enabled: false } });
    expect(Object.keys(d.texts)).toEqual(['release.yml']);
    expectNoDrift(d, new Map([['crates.io', new Set(['solo'])]]));
  });

  it('S5 GIVEN a doc that drifted WHEN compared THEN the comparison fails (the check can fail)', () => {
    const d = exampleDoc();
    const drifted = { ...d, doc: d.doc.replace('### Environment `release-publish`', '### Environment `release-publsh`') };
    expect(() => expectNoDrift(drifted, planPackages(d))).toThrow(/environments/);
    const missing = { ...d, doc: d.doc.replace(/^### npm: `quill-notes`$/m, '### npm: elsewhere') };
    expect(() => expectNoDrift(missing, planPackages(d))).toThrow(/packages/);
  });
});
