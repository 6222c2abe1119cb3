import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { SynthedDoc, section, synthDoc, tableAfter } from './trusted-publishing-support';
import { packageAnchor } from '../../src/model';
import { copyRealFixture, realFixture } from '../support/real-repos';

/** dioxide (seed 001) with its alphas and betas going to TestPyPI, as its release design asks (FR5). */
function dioxideDoc(testPypiPrereleases?: string[]): SynthedDoc {
  const dir = copyRealFixture('dioxide');
  // Synth refuses to replace dioxide's own .gitattributes (own-files.test.ts); the doc does not depend on it.
  fs.rmSync(path.join(dir, '.gitattributes'));
  return synthDoc(dir, {
    ...realFixture('dioxide').options(),
    ...(testPypiPrereleases ? { testPypiPrereleases } : {}),
    trustedPublishing: { repository: 'mikelane/dioxide' },
    ci: { enabled: false },
  });
}

describe('docs/release-secrets.md: TestPyPI\'s trusted publisher when a track sends prereleases there', () => {
  const d = dioxideDoc(['alpha', 'beta']);
  const name = d.plan.tracks[0].products.flatMap((p) => p.packages).find((k) => k.registry === 'pypi')!.name;

  it('GIVEN testPypiPrereleases alpha and beta WHEN the doc is rendered THEN the package has a TestPyPI section with the pending-publisher form, exact to the field', () => {
    const text = section(d.doc, packageAnchor('testpypi', name));
    expect(text).toContain(`#### TestPyPI: \`${name}\``);
    expect(text).toContain('Track `default` sends its `alpha` and `beta` prereleases (such as `1.2.0-alpha.1`) to TestPyPI instead of PyPI');
    expect(text).toContain(`<https://test.pypi.org/project/${name}/>`);
    expect(text).toContain('<https://test.pypi.org/manage/account/publishing/>');
    expect(text).toContain(`<https://test.pypi.org/manage/project/${name}/settings/publishing/>`);
    expect(tableAfter(text)).toEqual([
      ['PyPI Project Name', `\`${name}\``],
      ['Owner', '`mikelane`'],
      ['Repository name', '`dioxide`'],
      ['Workflow name', '`release.yml` (the file name only: no path, no URL)'],
      ['Environment name', '`release-publish`'],
    ]);
  });

  it('GIVEN that form WHEN checked against release.yml THEN its workflow and environment are those of the job that uploads the package with id-token: write', () => {
    const text = section(d.doc, packageAnchor('testpypi', name));
    const job = /from the same job `([^`]+)`/.exec(text)![1];
    const release = d.workflows['release.yml'];
    expect(release.jobs[job].permissions['id-token']).toBe('write');
    expect(tableAfter(text).pop()).toEqual(['Environment name', `\`${release.jobs[job].environment}\``]);
  });

  it('GIVEN TestPyPI publishers WHEN the doc opens THEN the count of publishers to register names them', () => {
    const row = tableAfter(d.doc, d.doc.indexOf('## At a glance')).find((r) => r[0] === 'Trusted publishers to register')!;
    expect(row[1]).toBe('1 on PyPI, 1 on TestPyPI');
  });

  it('GIVEN no testPypiPrereleases WHEN the doc is rendered THEN it never mentions TestPyPI', () => {
    expect(dioxideDoc().doc).not.toMatch(/TestPyPI|test\.pypi\.org/);
  });
});
