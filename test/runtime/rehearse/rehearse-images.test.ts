import * as fs from 'fs';
import * as path from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Product } from '../../../src';
import { ScenarioResult } from '../../../src/runtime/rehearse/rehearsal';
import { git, gitInit, projectIn, writeRepo } from '../../support/fixtures';
import { REHEARSAL_TIMEOUT_MS, rehearseIn } from '../../support/rehearsal';

/**
 * Issue 17, end to end: a server crate (not published, as StarStats' platform track) and its container image,
 * rehearsed: the image's release.yml jobs run against the docker-registry the rehearsal starts in GHCR's place.
 * The first run pushes the version and latest; the re-run finds the version there and pushes nothing.
 */
function imageRepo(): string {
  const dir = writeRepo({
    'Cargo.toml': '[package]\nname = "box-server"\nversion = "0.9.0"\nedition = "2021"\nlicense = "MIT"\npublish = false\n',
    'src/main.rs': 'fn main() {}\n',
    'Dockerfile': 'FROM scratch\nCOPY Cargo.toml /\n',
    'package.json': `${JSON.stringify({ name: 'box-release', private: true }, null, 2)}\n`,
    'package-lock.json': `${JSON.stringify({ name: 'box-release', lockfileVersion: 3, requires: true, packages: { '': { name: 'box-release' } } }, null, 2)}\n`,
  });
  gitInit(dir);
  const post = process.env.PROJEN_DISABLE_POST;
  process.env.PROJEN_DISABLE_POST = 'true';
  try {
    projectIn(dir, {
      name: 'box',
      products: [
        Product.rustCrate({ path: '.', githubRelease: false }),
        Product.containerImage({ path: '.', name: 'box-image', image: 'box', githubRelease: false }),
      ],
    }).synth();
  } finally {
    if (post === undefined) delete process.env.PROJEN_DISABLE_POST;
    else process.env.PROJEN_DISABLE_POST = post;
  }
  fs.rmSync(path.join(dir, '.github', 'workflows', 'ci.yml'), { force: true });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'adopt projen-lockstep-release');
  return dir;
}

describe('lockstep rehearse with a container image: first release, then a re-run (issue 17)', () => {
  let rerun: ScenarioResult;
  let printed: string[];
  beforeAll(async () => {
    const rehearsed = await rehearseIn(imageRepo(), { scenarios: ['rerun'], log: 'images-rerun' });
    [rerun] = rehearsed.results;
    printed = rehearsed.printed;
  }, REHEARSAL_TIMEOUT_MS);

  it('GIVEN the first release WHEN its jobs run THEN the image is built before the approval, pushed after it by its own job, and the registry has it', () => {
    const [first] = rerun.runs;
    const ran = first.report.jobs.filter((j) => j.result !== 'skipped').map((j) => `${j.id} ${j.result}`);
    expect(ran.indexOf('build-box-image success')).toBeGreaterThan(-1);
    expect(ran.indexOf('build-box-image success')).toBeLessThan(ran.indexOf('tag-all success'));
    expect(ran.indexOf('publish-image-box-image success')).toBeGreaterThan(ran.indexOf('tag-all success'));
    expect(first.rows.find((r) => r.target === 'ghcr')).toMatchObject({ name: 'box', said: 'published', before: 'absent', after: 'there' });
  });

  it('GIVEN the re-run WHEN the registries are asked THEN the image is already there, nothing disagrees, and nothing is missing', () => {
    const second = rerun.runs[rerun.runs.length - 1];
    expect(second.rows.find((r) => r.target === 'ghcr')).toMatchObject({ said: 'already there', before: 'there', after: 'there' });
    // The plan job found the version in the registry: neither the build check nor the image job runs again.
    const skipped = second.report.jobs.filter((j) => j.result === 'skipped').map((j) => j.id);
    expect(skipped).toEqual(expect.arrayContaining(['build-box-image', 'publish-image-box-image']));
    expect(rerun.problems).toEqual([]);
    expect(rerun.misses).toEqual([]);
  });

  it('GIVEN the rehearsal WHEN it reports THEN it says GHCR is a local stand-in and that building the image is not rehearsable', () => {
    expect(printed.join('\n')).toMatch(/ghcr\.io \(images\)\s+→ docker-registry at http:\/\/127\.0\.0\.1:\d+, namespace rehearsal/);
    expect(printed.join('\n')).toContain('a rehearsal has no container builder');
  });
});
