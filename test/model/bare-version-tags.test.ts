import { describe, expect, it } from 'vitest';
import {
  MemoryRepoReader, PlanOptions, Product, ReleasePlan, ReleaseTrigger, buildPlan, planConfigOf, planProblems,
  releaseTagPatterns, tagPrefixProblem, tagTriggeredRelease, umbrellaTagPattern,
} from '../../src/model';
import { decideRelease } from '../../src/runtime/release/decide';
import { highestReleased } from '../../src/runtime/release/released';
import { synthRelease } from '../components/release-publish-support';
import { synthDoc } from '../components/trusted-publishing-support';
import { writeRepo } from '../support/fixtures';
import { githubFilterMatches } from '../support/github-filters';
import { ReleaseHistory } from '../support/release-histories';
import { checkWorkflows, formatFindings } from '../support/workflow-gates';

/**
 * Issue 11, item 7: tags that are the bare version (`1.4.2`, no prefix) are declared with an explicit `''`
 * prefix, for the umbrella (`umbrellaTagPrefix: ''`) or a product (`tagPrefix: ''`). The overlap rule stays
 * sound: the bare versions' glob is `[0-9]*`, so `name-v` product tags are apart from it and a prefix
 * starting with a digit is not.
 */
const crate = (name: string) => `[package]\nname = "${name}"\nversion = "1.4.2"\nedition = "2021"\n`;
const files = { 'core/Cargo.toml': crate('core'), 'cli/Cargo.toml': crate('cli') };

function plan(options: PlanOptions, repoFiles: Record<string, string> = files): ReleasePlan {
  const repo = new MemoryRepoReader(repoFiles);
  return buildPlan(planConfigOf(options, repo, '0.0.0'), repo);
}

describe('bare-version tags: the model', () => {
  it('GIVEN umbrellaTagPrefix \'\' and products with their default prefixes WHEN planned THEN the umbrella tag is the bare version and the plan passes its own checks', () => {
    const p = plan({ umbrellaTagPrefix: '', products: [Product.rustCrate({ path: 'core' }), Product.rustCrate({ path: 'cli' })] });
    expect(p.tracks[0].umbrellaTagPrefix).toBe('');
    expect(p.tracks[0].products.map((x) => x.tagPrefix)).toEqual(['core-v', 'cli-v']);
    expect(planProblems(p)).toEqual([]);
    expect(tagPrefixProblem('')).toBeUndefined();
  });

  it('GIVEN a one-product track with \'\' for both umbrella and product WHEN planned THEN they share the one bare tag', () => {
    const p = plan({ umbrellaTagPrefix: '', products: [Product.rustCrate({ path: 'core', tagPrefix: '' })] }, { 'core/Cargo.toml': crate('core') });
    expect([p.tracks[0].umbrellaTagPrefix, p.tracks[0].products[0].tagPrefix]).toEqual(['', '']);
  });

  it('GIVEN a bare-version umbrella and a product prefix starting with a digit WHEN planned THEN the overlap is refused naming the option and the [0-9]* glob', () => {
    expect(() => plan({ umbrellaTagPrefix: '', products: [Product.rustCrate({ path: 'core', tagPrefix: '2-' }), Product.rustCrate({ path: 'cli' })] })).toThrow(
      "products[0].tagPrefix: tag prefix '2-' (core) starts with a digit, as the bare versions of '' do (umbrella, umbrellaTagPrefix), so a tag glob '[0-9]*' also matches core's tags.",
    );
  });

  it('GIVEN two products with \'\' WHEN planned THEN the shared prefix is refused', () => {
    expect(() => plan({ products: [Product.rustCrate({ path: 'core', tagPrefix: '' }), Product.rustCrate({ path: 'cli', tagPrefix: '' })] }))
      .toThrow("products[1].tagPrefix: '' is already the tag prefix of products[0] ('core').");
  });

  it('GIVEN tracks with a bare-version umbrella and a \'tray-v\' one WHEN planned THEN they are apart; a second track whose prefix starts with a digit is not', () => {
    const tracks = (second: string) => [
      { name: 'platform', umbrellaTagPrefix: '', products: [Product.rustCrate({ path: 'core' })] },
      { name: 'tray', umbrellaTagPrefix: second, products: [Product.rustCrate({ path: 'cli' })] },
    ];
    expect(plan({ tracks: tracks('tray-v') }).tracks.map((t) => t.umbrellaTagPrefix)).toEqual(['', 'tray-v']);
    expect(() => plan({ tracks: tracks('1x-') })).toThrow(
      "tracks: tag prefix '1x-' of track 'tray' starts with a digit, as the bare versions of '' do of track 'platform', so one track's tag glob ('[0-9]*') matches the other's tags.",
    );
  });

  it('GIVEN a prefix other than \'\' that git cannot take WHEN planned THEN it is still refused, naming \'\' as the bare-version choice', () => {
    expect(() => plan({ products: [Product.rustCrate({ path: 'core', tagPrefix: '-v' })] }, { 'core/Cargo.toml': crate('core') }))
      .toThrow("products[0].tagPrefix: '-v' is not usable in a git tag name. Use letters, digits, '.', '_', '-' and '/', starting with a letter or digit, or '' for tags that are the bare version.");
  });
});

describe('bare-version tags: every place tags are matched', () => {
  it('GIVEN a bare-version umbrella WHEN the secrets doc lists the tags to protect THEN it names [0-9]* (a ruleset takes character sets), not every tag', () => {
    const p = plan({ umbrellaTagPrefix: '', products: [Product.rustCrate({ path: 'core' }), Product.rustCrate({ path: 'cli' })] });
    expect(releaseTagPatterns(p)).toEqual(['[0-9]*', 'cli-v*', 'core-v*']);
    const doc = synthDoc(writeRepo({ 'core/Cargo.toml': crate('core') }), { umbrellaTagPrefix: '', products: [Product.rustCrate({ path: 'core', tagPrefix: '' })] }).doc;
    expect(doc).toContain('tags `[0-9]*`');
    expect(doc).not.toContain('tags `*`');
  });

  const tagTrack = () => plan({ umbrellaTagPrefix: '', releaseTrigger: ReleaseTrigger.TAG_PUSH, products: [Product.rustCrate({ path: 'core' }), Product.rustCrate({ path: 'cli' })] });

  it('GIVEN a tag-triggered bare-version track WHEN release.yml is generated THEN on.push.tags matches bare versions only, and the runtime reads the same tags', () => {
    const { wf, file } = synthRelease(writeRepo(files), { umbrellaTagPrefix: '', releaseTrigger: ReleaseTrigger.TAG_PUSH, products: [Product.rustCrate({ path: 'core' }), Product.rustCrate({ path: 'cli' })] });
    expect(wf.on.push).toEqual({ tags: ['[0-9]*.[0-9]*.[0-9]*'] });
    const { findings } = checkWorkflows([file]);
    expect(findings, formatFindings(findings)).toEqual([]);
    const p = tagTrack();
    expect(umbrellaTagPattern(p.tracks[0])).toBe('[0-9]*.[0-9]*.[0-9]*');
    for (const tag of ['1.4.2', '2.0.0-rc.1']) {
      expect(githubFilterMatches(wf.on.push.tags[0], tag), tag).toBe(true);
      expect(tagTriggeredRelease(p, tag), tag).toMatchObject({ version: tag });
    }
    for (const tag of ['core-v1.4.2', 'v1.4.2', 'cli-v2.0.0']) {
      expect(githubFilterMatches(wf.on.push.tags[0], tag), tag).toBe(false);
      expect(tagTriggeredRelease(p, tag), tag).toBeUndefined();
    }
  });

  it('GIVEN bare-version, product and unrelated tags WHEN the highest release is read THEN only bare versions count', () => {
    const tags = new Map(['1.3.0', '1.4.2', 'core-v9.0.0', 'v8.0.0', 'nightly'].map((t) => [t, { commit: 'c' } as any]));
    expect(highestReleased(tagTrack().tracks[0], tags)).toBe('1.4.2');
  });

  it('GIVEN a bare-version track released by tag WHEN 1.5.0 is pushed on the merged bump THEN it is released; core-v1.5.0 releases nothing', async () => {
    const h = ReleaseHistory.ofFiles(files, { umbrellaTagPrefix: '', releaseTrigger: ReleaseTrigger.TAG_PUSH, products: [Product.rustCrate({ path: 'core' }), Product.rustCrate({ path: 'cli' })] });
    h.tag('1.4.2');
    h.setVersion('default', '1.5.0');
    const bump = h.commit('chore: release 1.5.0');
    h.push('main');
    h.tag('1.5.0', bump).tag('core-v1.5.0', bump);
    const push = (tag: string) => ({ event: 'push', ref: `refs/tags/${tag}`, sha: bump, dryRun: false });
    const d = await decideRelease(h.plan, push('1.5.0'), h.clone().git);
    expect(d).toMatchObject({ release: true, version: '1.5.0', commit: bump });
    const product = await decideRelease(h.plan, push('core-v1.5.0'), h.clone().git);
    expect(product.release).toBe(false);
    expect(product.reason).toMatch(/core-v1\.5\.0 is not the umbrella tag of a track released by tag/);
  });

  it('GIVEN 1.4.2 released WHEN 1.4.1 is tagged later THEN versions only move forward, read from the bare tags', async () => {
    const h = ReleaseHistory.ofFiles(files, { umbrellaTagPrefix: '', releaseTrigger: ReleaseTrigger.TAG_PUSH, products: [Product.rustCrate({ path: 'core' }), Product.rustCrate({ path: 'cli' })] });
    h.tag('1.4.2');
    h.setVersion('default', '1.4.1');
    const back = h.commit('chore: release 1.4.1');
    h.push('main');
    h.tag('1.4.1', back);
    await expect(decideRelease(h.plan, { event: 'push', ref: 'refs/tags/1.4.1', sha: back, dryRun: false }, h.clone().git))
      .rejects.toThrow(/1\.4\.1 is lower than 1\.4\.2, the highest released version \(1\.4\.2\)/);
  });
});
