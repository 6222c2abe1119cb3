import { describe, expect, it } from 'vitest';
import { memoryLog } from './helpers';
import { PlanOptions, Product, trackOf } from '../../../src/model';
import { productSubject, releaseNotes, runNotes, trackSubject } from '../../../src/runtime/release/notes';
import { lockstep } from '../../support/cli';
import { ReleaseHistory } from '../../support/release-histories';
import { releaseRun } from '../../support/release-run';

/**
 * Generated release notes on real git histories: two tracks shaped like StarStats (a platform workspace
 * released with bare-version tags, a tray crate with `tray-v` tags), squash merges, and the other track's
 * release tagged in between, the history StarStats PR #91 fixed (GitHub's generated notes started a tray
 * release at a platform tag and listed the platform's commits).
 */
const FILES = {
  'Cargo.toml': '[workspace]\nresolver = "2"\nmembers = ["crates/core", "crates/server", "crates/tray"]\n\n[workspace.package]\nversion = "0.1.2"\n',
  'crates/core/Cargo.toml': '[package]\nname = "starstats-core"\nversion.workspace = true\npublish = false\n',
  'crates/core/src/lib.rs': '',
  'crates/server/Cargo.toml': '[package]\nname = "starstats-server"\nversion.workspace = true\npublish = false\n\n[dependencies]\nstarstats-core = { path = "../core" }\n',
  'crates/server/src/main.rs': 'fn main() {}\n',
  'crates/tray/Cargo.toml': '[package]\nname = "starstats-client"\nversion = "0.1.2"\npublish = false\n',
  'crates/tray/src/main.rs': 'fn main() {}\n',
  'README.md': '# StarStats\n',
};

function options(trayChangelog?: string): PlanOptions {
  return {
    tracks: [
      { name: 'platform', umbrellaTagPrefix: '', products: [Product.rustCrate({ path: 'crates/core', githubRelease: false }), Product.rustCrate({ path: 'crates/server', githubRelease: false })] },
      { name: 'tray', umbrellaTagPrefix: 'tray-v', products: [Product.rustCrate({ path: 'crates/tray', publish: false, tagPrefix: 'tray-client-v' })], ...(trayChangelog ? { changelog: trayChangelog } : {}) },
    ],
  };
}

/** Both tracks released at 0.1.2, then tray and platform work, a platform release (`0.2.0`) and a tray release commit. */
function history(files: Record<string, string> = {}, trayChangelog?: string) {
  const h = ReleaseHistory.ofFiles({ ...FILES, ...files }, options(trayChangelog));
  h.tag('0.1.2').tag('tray-v0.1.2').tag('tray-client-v0.1.2');
  const trayFix = h.write('crates/tray/src/main.rs', 'fn main() { icon(); }\n').commit('fix(tray): the icon shows the session state (#93)');
  h.branch('server-feature');
  h.write('crates/server/src/main.rs', 'fn main() { serve(); }\n').commit('wip');
  h.write('crates/server/src/routes.rs', '').commit('more wip');
  h.checkout('main');
  const serverSquash = h.squashMerge('server-feature', 'feat(server): the leaderboard route (#94)');
  const platformRelease = h.setVersion('platform', '0.2.0').commit('chore: release 0.2.0');
  h.tag('0.2.0');
  h.branch('tray-menu');
  h.write('crates/tray/src/menu.rs', '').commit('menu wip');
  h.checkout('main');
  const traySquash = h.squashMerge('tray-menu', 'feat(tray): a menu for @someone *now* (#96)');
  const docs = h.write('README.md', '# StarStats\n\nSee the docs.\n').commit('docs: readme');
  const trayRelease = h.setVersion('tray', '0.2.0').commit('chore: release tray-v0.2.0');
  h.push('main');
  return { h, trayFix, serverSquash, platformRelease, traySquash, docs, trayRelease };
}

describe('release notes: from the previous tag of the same track or product, only its commits', () => {
  it('GIVEN a platform tag and platform commits between two tray releases WHEN the tray notes are made THEN they start at tray-v0.1.2 and list only the tray commits, the squash merge as one', async () => {
    const { h, trayFix, traySquash, trayRelease } = history();
    const track = trackOf(h.plan, 'tray');
    const notes = await releaseNotes(h.plan, trackSubject(track), { version: '0.2.0', commit: trayRelease, tag: 'tray-v0.2.0', repositoryUrl: 'https://github.com/o/r' }, { git: h.git, log: memoryLog() });
    expect(notes.source).toBe('generated');
    expect(notes.since?.name).toBe('tray-v0.1.2');
    // The platform's squash merge, its release commit (which moved the workspace version) and the docs are not tray changes.
    expect(notes.commits.map((c) => c.sha)).toEqual([trayRelease, traySquash, trayFix]);
    expect(notes.text).toBe([
      '## Changes to track tray since `tray-v0.1.2`',
      '',
      `- chore: release tray-v0.2.0 (${trayRelease.slice(0, 12)})`,
      `- feat(tray): a menu for @\u200bsomeone \\*now\\* (#96) (${traySquash.slice(0, 12)})`,
      `- fix(tray): the icon shows the session state (#93) (${trayFix.slice(0, 12)})`,
      '',
      '**Full diff**: https://github.com/o/r/compare/tray-v0.1.2...tray-v0.2.0',
      '',
    ].join('\n'));
  });

  it('GIVEN bare-version platform tags WHEN the platform notes of 0.2.0 are made THEN they start at 0.1.2, not at a tray tag, and list the squash merge of the server work', async () => {
    const { h, serverSquash, platformRelease } = history();
    const notes = await releaseNotes(h.plan, trackSubject(trackOf(h.plan, 'platform')), { version: '0.2.0', commit: platformRelease, tag: '0.2.0' }, { git: h.git, log: memoryLog() });
    expect(notes.since?.name).toBe('0.1.2');
    expect(notes.commits.map((c) => c.sha)).toEqual([platformRelease, serverSquash]);
    expect(notes.text).not.toContain('compare');
  });

  it('GIVEN the tray product\'s own prefix WHEN its product notes are made THEN they start at its own previous tag', async () => {
    const { h, trayFix, traySquash, trayRelease } = history();
    const product = trackOf(h.plan, 'tray').products[0];
    const notes = await releaseNotes(h.plan, productSubject(product), { version: '0.2.0', commit: trayRelease, tag: 'tray-client-v0.2.0' }, { git: h.git, log: memoryLog() });
    expect(notes.since?.name).toBe('tray-client-v0.1.2');
    expect(notes.commits.map((c) => c.sha)).toEqual([trayRelease, traySquash, trayFix]);
  });

  it('GIVEN a track never released WHEN its notes are made THEN they list every commit that touched it, headed as its first release', async () => {
    const h = ReleaseHistory.ofFiles(FILES, options());
    const fix = h.write('crates/tray/src/main.rs', 'fn main() { icon(); }\n').commit('fix(tray): icon');
    h.write('crates/server/src/main.rs', 'fn main() { serve(); }\n').commit('feat(server): serve');
    const notes = await releaseNotes(h.plan, trackSubject(trackOf(h.plan, 'tray')), { version: '0.1.2', commit: h.head(), tag: 'tray-v0.1.2' }, { git: h.git, log: memoryLog() });
    expect(notes.since).toBeUndefined();
    expect(notes.text.split('\n')[0]).toBe('## Changes to track tray up to its first release');
    // The first commit of the repository added the tray too.
    expect(notes.commits.map((c) => c.subject)).toEqual(['fix(tray): icon', 'initial']);
    expect(notes.commits[0].sha).toBe(fix);
  });

  it('GIVEN an alpha after tray-v0.2.0 WHEN the stable 0.3.0 is released THEN its notes start at tray-v0.2.0 (the previous stable), and the alpha\'s at tray-v0.2.0 too', async () => {
    const { h } = history();
    h.tag('tray-v0.2.0');
    const alphaWork = h.write('crates/tray/src/alpha.rs', '').commit('feat(tray): alpha work');
    const alpha = h.setVersion('tray', '0.3.0-alpha.1').commit('chore: release tray-v0.3.0-alpha.1');
    h.tag('tray-v0.3.0-alpha.1');
    const more = h.write('crates/tray/src/stable.rs', '').commit('fix(tray): before stable');
    const stable = h.setVersion('tray', '0.3.0').commit('chore: release tray-v0.3.0');
    const subject = trackSubject(trackOf(h.plan, 'tray'));
    const deps = { git: h.git, log: memoryLog() };
    const alphaNotes = await releaseNotes(h.plan, subject, { version: '0.3.0-alpha.1', commit: alpha, tag: 'tray-v0.3.0-alpha.1' }, deps);
    expect([alphaNotes.since?.name, alphaNotes.commits.map((c) => c.sha)]).toEqual(['tray-v0.2.0', [alpha, alphaWork]]);
    const stableNotes = await releaseNotes(h.plan, subject, { version: '0.3.0', commit: stable, tag: 'tray-v0.3.0' }, deps);
    expect([stableNotes.since?.name, stableNotes.commits.map((c) => c.sha)]).toEqual(['tray-v0.2.0', [stable, more, alpha, alphaWork]]);
  });

  it('GIVEN a tray CHANGELOG.md with the version\'s section WHEN the notes are made THEN they are that section; without the section THEN generated, with a warning', async () => {
    const changelog = '# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2026-05-24\n\n### Fixed\n- the icon\n\n## [0.1.2] - 2026-05-01\n- first\n';
    const { h, trayRelease } = history({ 'crates/tray/CHANGELOG.md': changelog }, 'crates/tray/CHANGELOG.md');
    const subject = trackSubject(trackOf(h.plan, 'tray'));
    const log = memoryLog();
    const notes = await releaseNotes(h.plan, subject, { version: '0.2.0', commit: trayRelease, tag: 'tray-v0.2.0' }, { git: h.git, log });
    expect(notes).toMatchObject({ source: 'changelog', text: '### Fixed\n- the icon\n' });
    const missing = await releaseNotes(h.plan, subject, { version: '0.2.1', commit: trayRelease, tag: 'tray-v0.2.1' }, { git: h.git, log });
    expect(missing.source).toBe('generated');
    expect(log.lines.join('\n')).toContain('crates/tray/CHANGELOG.md has no section for 0.2.1; the notes of track tray are generated from git instead.');
  });

  it('GIVEN a release run of the tray WHEN the GitHub Release job makes its notes THEN the umbrella\'s start at tray-v0.1.2 and the product\'s at tray-client-v0.1.2, each with its compare link', async () => {
    const { h, traySquash, trayRelease } = history();
    const product = trackOf(h.plan, 'tray').products[0];
    const run = releaseRun({
      track: 'tray',
      version: '0.2.0',
      commit: trayRelease,
      umbrellaTag: 'tray-v0.2.0',
      products: [{ name: product.name, kind: product.kind, path: product.path, tag: 'tray-client-v0.2.0', githubRelease: true, dependsOn: [], settings: {}, packages: [] }],
    });
    const notes = await runNotes(h.plan, run, { git: h.git, log: memoryLog() }, 'https://github.com/o/r');
    expect(notes.umbrella).toContain('**Full diff**: https://github.com/o/r/compare/tray-v0.1.2...tray-v0.2.0');
    expect(notes.products[product.name]).toContain('**Full diff**: https://github.com/o/r/compare/tray-client-v0.1.2...tray-client-v0.2.0');
    expect(notes.products[product.name]).toContain(traySquash.slice(0, 12));
    expect(Object.keys(notes.products)).toEqual([product.name]);
  });

  it('GIVEN that history WHEN `lockstep notes --track tray --version 0.2.0` runs THEN it prints the tray notes; an unknown track is one clear message', async () => {
    const { h, traySquash } = history();
    const ok = await lockstep(h.dir, ['notes', '--track', 'tray', '--version', '0.2.0'], { GITHUB_REPOSITORY: 'o/r', LOCKSTEP_RELEASE_FILE: '' });
    expect([ok.code, ok.err]).toEqual([0, '']);
    expect(ok.out).toContain('## Changes to track tray since `tray-v0.1.2`');
    expect(ok.out).toContain(traySquash.slice(0, 12));
    expect(ok.out).not.toContain('leaderboard');
    const bad = await lockstep(h.dir, ['notes', '--track', 'web', '--version', '0.2.0'], { LOCKSTEP_RELEASE_FILE: '' });
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('lockstep notes: --track: no track web in .lockstep/release-plan.json; its tracks are platform, tray\n');
  });
});

describe('release notes on the StarStats fixture (seed 002): tray and platform tracks', () => {
  it('GIVEN a platform release tagged between two tray releases WHEN the tray notes are made THEN they start at tray-v0.1.2 and list no platform commit', async () => {
    const h = ReleaseHistory.of('starstats');
    const trayFix = h.write('crates/starstats-client/src/main.rs', 'fn main() {}\n').commit('fix(tray): start minimised (#93)');
    h.branch('server-route');
    h.write('crates/starstats-server/src/main.rs', 'fn main() {}\n').commit('wip');
    h.checkout('main');
    const serverSquash = h.squashMerge('server-route', 'feat(server): leaderboard route (#94)');
    const platformRelease = h.setVersion('platform', '0.2.0').commit('chore: bump platform to 0.2.0');
    h.tag('v0.2.0');
    const trayRelease = h.setVersion('tray', '0.2.0').commit('chore: bump tray to 0.2.0');
    const deps = { git: h.git, log: memoryLog() };
    const tray = await releaseNotes(h.plan, trackSubject(trackOf(h.plan, 'tray')), { version: '0.2.0', commit: trayRelease, tag: 'tray-v0.2.0' }, deps);
    expect(tray.since?.name).toBe('tray-v0.1.2');
    expect(tray.commits.map((c) => c.subject)).toEqual(['chore: bump tray to 0.2.0', 'fix(tray): start minimised (#93)']);
    expect(tray.commits[1].sha).toBe(trayFix);
    const platform = await releaseNotes(h.plan, trackSubject(trackOf(h.plan, 'platform')), { version: '0.2.0', commit: platformRelease, tag: 'v0.2.0' }, deps);
    expect(platform.since?.name).toBe('v0.1.2');
    expect(platform.commits.map((c) => c.sha)).toEqual([platformRelease, serverSquash]);
  });
});
