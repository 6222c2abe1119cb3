import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { ExampleRepo, TableRegistry, bumpAndCommit, commitAll, exampleRepo, memoryLog, tagAndPush } from './helpers';
import { decideRelease, highestReleased } from '../../../src/runtime/release/decide';
import { releasePlan } from '../../../src/runtime/release/release-plan';
import { git } from '../../support/fixtures';

const push = (sha: string) => ({ event: 'push', ref: 'refs/heads/main', sha, dryRun: false });
const dispatch = (sha: string, version: string) => ({ event: 'workflow_dispatch', ref: 'refs/heads/main', sha, version, dryRun: false });

function releasedAt030(): { r: ExampleRepo; first: string } {
  const r = exampleRepo();
  const first = git(r.dir, 'rev-parse', 'HEAD').trim();
  tagAndPush(r, 'v0.3.0', first);
  return { r, first };
}

describe('deciding what a run releases', () => {
  it('T1 GIVEN a squash-merge subject with " (#18)" and an unreleased version in the manifests WHEN pushed THEN it releases that version', async () => {
    const { r } = releasedAt030();
    const sha = bumpAndCommit(r, '0.3.0', '0.4.0', 'Release v0.4.0 (#18)');
    const d = await decideRelease(r.plan, push(sha), r.git);
    expect(d).toMatchObject({ release: true, version: '0.4.0', commit: sha });
  });

  it('T1 GIVEN a subject "release: v0.5.0" but manifests still at the released 0.3.0 WHEN pushed THEN nothing is released', async () => {
    const { r } = releasedAt030();
    const sha = commitAll(r, 'release: v0.5.0');
    const d = await decideRelease(r.plan, push(sha), r.git);
    expect(d.release).toBe(false);
    expect(d.reason).toMatch(/0\.3\.0 is already released \(v0\.3\.0/);
  });

  it('T1 GIVEN the umbrella tag already points at the pushed commit WHEN the push run is re-run THEN it releases again (registries are probed)', async () => {
    const { r, first } = releasedAt030();
    const d = await decideRelease(r.plan, push(first), r.git);
    expect(d).toMatchObject({ release: true, version: '0.3.0', commit: first });
    expect(d.reason).toMatch(/re-run of v0\.3\.0/);
  });

  it('T1 GIVEN a merged release PR whose run failed before tagging WHEN an unrelated commit is pushed THEN that push releases nothing and says to dispatch', async () => {
    const { r } = releasedAt030();
    const releasePr = bumpAndCommit(r, '0.3.0', '0.4.0', 'Release v0.4.0 (#31)');
    // The release PR's own run failed (or was cancelled while pending): no v0.4.0 tag exists.
    const unrelated = commitAll(r, 'docs: fix a typo (#32)');
    const d = await decideRelease(r.plan, push(unrelated), r.git);
    expect(d.release).toBe(false);
    expect(d.reason).toContain(`0.4.0 has no v0.4.0 tag yet, but it was set by ${releasePr.slice(0, 12)}, not by this push (${unrelated.slice(0, 12)})`);
    expect(d.reason).toMatch(/Dispatch release\.yml with version 0\.4\.0 to \(re\)run its release/);
  });

  it('T1 GIVEN the same failed release PR and a later unrelated push WHEN release.yml is dispatched with the version THEN it releases from the release PR\'s commit', async () => {
    const { r } = releasedAt030();
    const releasePr = bumpAndCommit(r, '0.3.0', '0.4.0', 'Release v0.4.0 (#31)');
    const head = commitAll(r, 'docs: fix a typo (#32)');
    expect((await decideRelease(r.plan, push(head), r.git)).release).toBe(false);
    const d = await decideRelease(r.plan, dispatch(head, '0.4.0'), r.git);
    expect(d).toMatchObject({ release: true, version: '0.4.0', commit: releasePr });
  });

  it('T1 GIVEN the release commit set a version already set once before WHEN pushed THEN it fails naming both commits instead of guessing', async () => {
    const { r } = releasedAt030();
    const a = bumpAndCommit(r, '0.3.0', '0.4.0', 'bump');
    bumpAndCommit(r, '0.4.0', '0.4.1', 'bump again');
    const b = bumpAndCommit(r, '0.4.1', '0.4.0', 'back');
    await expect(decideRelease(r.plan, push(b), r.git)).rejects.toThrow(new RegExp(`set on main more than once \\(${b.slice(0, 12)}, ${a.slice(0, 12)}\\)`));
  });

  it('T3 GIVEN a run on another branch WHEN deciding THEN it refuses to release', async () => {
    const { r, first } = releasedAt030();
    await expect(decideRelease(r.plan, { ...push(first), ref: 'refs/heads/feature' }, r.git)).rejects.toThrow(/only from the release branch 'main'.*refs\/heads\/feature/);
  });

  it('T6 GIVEN a dispatch of a tagged release WHEN the branch moved on THEN the run uses the tagged commit, not the branch head', async () => {
    const { r, first } = releasedAt030();
    const head = bumpAndCommit(r, '0.3.0', '0.4.0', 'Release v0.4.0');
    const d = await decideRelease(r.plan, dispatch(head, '0.3.0'), r.git);
    expect(d).toMatchObject({ release: true, version: '0.3.0', commit: first });
  });

  it('T6 GIVEN a dispatch of an untagged version WHEN later commits exist THEN the run uses the commit that set the version', async () => {
    const { r } = releasedAt030();
    const bump = bumpAndCommit(r, '0.3.0', '0.4.0', 'chore: bump');
    const head = commitAll(r, 'docs: later work');
    const d = await decideRelease(r.plan, dispatch(head, '0.4.0'), r.git);
    expect(d).toMatchObject({ release: true, commit: bump });
    expect(d.commit).not.toBe(head);
  });

  it('T6 GIVEN a version set twice on the branch WHEN dispatched without a tag THEN it fails loudly naming both commits', async () => {
    const { r } = releasedAt030();
    const a = bumpAndCommit(r, '0.3.0', '0.4.0', 'bump');
    bumpAndCommit(r, '0.4.0', '0.4.1', 'bump again');
    const b = bumpAndCommit(r, '0.4.1', '0.4.0', 'back');
    await expect(decideRelease(r.plan, dispatch(b, '0.4.0'), r.git)).rejects.toThrow(new RegExp(`set on main more than once \\(${b.slice(0, 12)}, ${a.slice(0, 12)}\\)`));
  });

  it('T6 GIVEN a dispatch of a version no commit carries WHEN deciding THEN it fails naming the file', async () => {
    const { r, first } = releasedAt030();
    await expect(decideRelease(r.plan, dispatch(first, '0.9.0'), r.git)).rejects.toThrow(/no commit on main sets Cargo\.toml package\.version to 0\.9\.0/);
  });

  it('S1 GIVEN a dispatch version that is not strict semver WHEN deciding THEN it is refused before anything else', async () => {
    const { r, first } = releasedAt030();
    await expect(decideRelease(r.plan, dispatch(first, '0.4.0; rm -rf /'), r.git)).rejects.toThrow(/input version: .*not a semver 2\.0\.0 version/);
    await expect(decideRelease(r.plan, dispatch(first, 'v0.4.0'), r.git)).rejects.toThrow(/starts with 'v'/);
  });

  it('B8 GIVEN manifests set by hand to 2.0.0 while the Go module path has no /v2 WHEN the push, or a dispatch of that version, is decided THEN it is refused before anything is tagged, naming the product', async () => {
    const { r } = releasedAt030();
    for (const file of [...r.plan.tracks[0].manifests, ...r.plan.tracks[0].lockfiles.map((l) => l.file)]) {
      const full = path.join(r.dir, file);
      fs.writeFileSync(full, fs.readFileSync(full, 'utf8').split('0.3.0').join('2.0.0'));
    }
    const sha = commitAll(r, 'chore: release 2.0.0');
    await expect(decideRelease(r.plan, push(sha), r.git))
      .rejects.toThrow(/^this push sets 2\.0\.0, but sdk-go cannot carry 2\.0\.0: .*\/v2.*\. Nothing was tagged: set a version every product of track default can carry\.$/);
    await expect(decideRelease(r.plan, dispatch(sha, '2.0.0'), r.git))
      .rejects.toMatchObject({ message: expect.stringMatching(/^input version: sdk-go cannot carry 2\.0\.0: .*\/v2.*\. Nothing was tagged\.$/), exitCode: 2 });
  });

  it('T7 GIVEN 0.4.0 is released WHEN a push carries 0.3.5 THEN the version is refused: versions only move forward', async () => {
    const { r } = releasedAt030();
    tagAndPush(r, 'v0.4.0', bumpAndCommit(r, '0.3.0', '0.4.0', 'bump'));
    const back = bumpAndCommit(r, '0.4.0', '0.3.5', 'oops');
    await expect(decideRelease(r.plan, push(back), r.git)).rejects.toThrow(
      /0\.3\.5 is lower than 0\.4\.0, the highest released version \(v0\.4\.0\); versions only move forward\. Bump to a higher version, or dispatch an existing release to re-run it\./,
    );
  });

  it('T7 GIVEN alpha.3 is released WHEN alpha.2 is dispatched without a tag THEN it is refused', async () => {
    const { r } = releasedAt030();
    const a2 = bumpAndCommit(r, '0.3.0', '0.4.0-alpha.2', 'alpha 2');
    tagAndPush(r, 'v0.4.0-alpha.3', bumpAndCommit(r, '0.4.0-alpha.2', '0.4.0-alpha.3', 'alpha 3'));
    await expect(decideRelease(r.plan, dispatch(a2, '0.4.0-alpha.2'), r.git)).rejects.toThrow(/lower than 0\.4\.0-alpha\.3/);
  });

  it('T7 GIVEN 0.4.0 is released WHEN the older release 0.3.0 is dispatched THEN the explicit re-run is allowed', async () => {
    const { r, first } = releasedAt030();
    const b = bumpAndCommit(r, '0.3.0', '0.4.0', 'bump');
    tagAndPush(r, 'v0.4.0', b);
    await expect(decideRelease(r.plan, dispatch(b, '0.3.0'), r.git)).resolves.toMatchObject({ release: true, commit: first });
  });
});

describe('the plan job: decision, one version everywhere, tags and probes', () => {
  it('GIVEN an unreleased version WHEN planned THEN every published product has its tag and its registries probed', async () => {
    // A word prerelease: the Tauri app carries it too; its Windows installer gets the MSI form at build time (B8).
    const { r } = releasedAt030();
    const sha = bumpAndCommit(r, '0.3.0', '0.4.0-rc.1', 'bump');
    const registry = new TableRegistry(new Set(['crates-io:quill-engine@0.4.0-rc.1']));
    const run = await releasePlan(r.plan, push(sha), { git: r.git, registry, log: memoryLog() });
    expect(run).toMatchObject({ release: true, version: '0.4.0-rc.1', umbrellaTag: 'v0.4.0-rc.1', commit: sha });
    const byName = Object.fromEntries(run.products.map((p) => [p.name, p]));
    expect(byName['sdk-go'].tag).toBe('sdk/go/v0.4.0-rc.1');
    expect(byName['quill-desktop'].tag).toBe('quill-desktop-v0.4.0-rc.1');
    expect(byName['quill-py'].packages[0]).toEqual({ target: 'pypi', name: 'quill-db', version: '0.4.0rc1', state: 'missing' });
    expect(byName['quill-node'].packages[0]).toMatchObject({ target: 'npm', distTag: 'rc' });
    expect(byName.quill.packages[0].state).toBe('published');
    expect(run.todo).toEqual(['crates-io', 'github-release', 'go', 'npm', 'pypi']);
    expect(run.publishWaves[0]).toEqual(['quill', 'sdk-go']);
  });

  it('P1 GIVEN every package is already published WHEN planned THEN nothing is left to do but PyPI, whose upload resumes file by file', async () => {
    const { r, first } = releasedAt030();
    const everything = new TableRegistry();
    const first1 = await releasePlan(r.plan, push(first), { git: r.git, registry: everything, log: memoryLog() });
    const all = new TableRegistry(new Set(everything.asked));
    const again = await releasePlan(r.plan, push(first), { git: r.git, registry: all, log: memoryLog() });
    expect(first1.todo.length).toBeGreaterThan(0);
    expect(again.todo).toEqual(['pypi']);
  });

  it('P2 GIVEN a registry that errors WHEN planned THEN the package is unknown (asked again later), never "published"', async () => {
    const { r, first } = releasedAt030();
    const log = memoryLog();
    const registry = new TableRegistry(new Set(), new Set(['pypi:quill-db@0.3.0']));
    const run = await releasePlan(r.plan, push(first), { git: r.git, registry, log });
    expect(run.products.find((p) => p.name === 'quill-py')!.packages[0].state).toBe('unknown');
    expect(run.todo).toContain('pypi');
    expect(log.lines.join('\n')).toMatch(/::warning::probing pypi:quill-db@0\.3\.0: HTTP 503/);
  });

  it('T4 GIVEN an umbrella tag made by hand on a commit carrying another version WHEN that release is dispatched THEN the plan job refuses it', async () => {
    const { r } = releasedAt030();
    const later = bumpAndCommit(r, '0.3.0', '0.4.0', 'bump');
    git(r.dir, 'push', '-q', 'origin', 'main');
    tagAndPush(r, 'v0.5.0', later);
    await expect(releasePlan(r.plan, dispatch(later, '0.5.0'), { git: r.git, registry: new TableRegistry(), log: memoryLog() }))
      .rejects.toThrow(/does not carry 0\.5\.0 everywhere:\n {2}Cargo\.toml: carries 0\.4\.0, not the 0\.5\.0 this run releases/);
  });

  it('GIVEN one manifest left behind on the release commit WHEN planned THEN the plan job fails naming the file and value', async () => {
    const { r } = releasedAt030();
    bumpAndCommit(r, '0.3.0', '0.4.0', 'bump');
    const file = `${r.dir}/sdk/nodejs/package.json`;
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"version": "0.4.0"', '"version": "0.3.9"'));
    // The release commit itself is the half bump.
    git(r.dir, 'commit', '-q', '--amend', '-a', '--no-edit');
    const sha = git(r.dir, 'rev-parse', 'HEAD').trim();
    await expect(releasePlan(r.plan, push(sha), { git: r.git, registry: new TableRegistry(), log: memoryLog() })).rejects.toThrow(/sdk\/nodejs\/package\.json:\d+: version is '0\.3\.9', .*should be '0\.4\.0'/);
  });

  it('T1 GIVEN an unrelated push after an untagged release commit WHEN planned THEN nothing is probed and the reason says to dispatch', async () => {
    const { r } = releasedAt030();
    bumpAndCommit(r, '0.3.0', '0.4.0', 'Release v0.4.0 (#31)');
    const sha = commitAll(r, 'docs');
    const registry = new TableRegistry();
    const run = await releasePlan(r.plan, push(sha), { git: r.git, registry, log: memoryLog() });
    expect(run).toMatchObject({ release: false, products: [], todo: [] });
    expect(run.reason).toMatch(/Dispatch release\.yml with version 0\.4\.0/);
    expect(registry.asked).toEqual([]);
  });

  it('GIVEN nothing to release WHEN planned THEN no product is listed and nothing is probed', async () => {
    const { r } = releasedAt030();
    const sha = commitAll(r, 'docs');
    const registry = new TableRegistry();
    const run = await releasePlan(r.plan, push(sha), { git: r.git, registry, log: memoryLog() });
    expect(run).toMatchObject({ release: false, products: [], todo: [] });
    expect(registry.asked).toEqual([]);
  });
});

describe('the release commit and the highest release, at their edges (mutation survivors, issue 21)', () => {
  /** Edits the track's version source (the root Cargo.toml) without changing its version, and commits. */
  function editKeepingVersion(r: ExampleRepo, subject: string): string {
    const file = path.join(r.dir, 'Cargo.toml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('rust-version = "1.75"', 'rust-version = "1.76"'));
    return commitAll(r, subject);
  }

  it('T1 GIVEN a release commit whose run failed and a later commit that edits Cargo.toml but keeps 0.4.0 WHEN the later commit is pushed THEN it is not taken for the release commit', async () => {
    const { r } = releasedAt030();
    const releasePr = bumpAndCommit(r, '0.3.0', '0.4.0', 'Release v0.4.0 (#31)');
    const later = editKeepingVersion(r, 'chore: raise the MSRV (#32)');
    expect(git(r.dir, 'show', '--stat', '--format=', later)).toContain('Cargo.toml');
    const d = await decideRelease(r.plan, push(later), r.git);
    expect(d.release).toBe(false);
    expect(d.reason).toContain(`0.4.0 has no v0.4.0 tag yet, but it was set by ${releasePr.slice(0, 12)}, not by this push (${later.slice(0, 12)})`);
  });

  it('T1 T6 GIVEN that later commit WHEN 0.4.0 is dispatched THEN the one commit that set it is the release commit, not ambiguous', async () => {
    const { r } = releasedAt030();
    const releasePr = bumpAndCommit(r, '0.3.0', '0.4.0', 'Release v0.4.0 (#31)');
    const later = editKeepingVersion(r, 'chore: raise the MSRV (#32)');
    await expect(decideRelease(r.plan, dispatch(later, '0.4.0'), r.git)).resolves.toMatchObject({ release: true, version: '0.4.0', commit: releasePr });
  });

  it('T7 GIVEN umbrella tags v0.9.0 and v0.10.0, listed in either order WHEN the highest release is asked THEN it is 0.10.0 (version order, not text order)', () => {
    const { r } = releasedAt030();
    const track = r.plan.tracks[0];
    const tag = (name: string) => [name, { name, commit: 'c'.repeat(40), annotated: true }] as const;
    expect(highestReleased(track, new Map([tag('v0.9.0'), tag('v0.10.0')]))).toBe('0.10.0');
    expect(highestReleased(track, new Map([tag('v0.10.0'), tag('v0.9.0')]))).toBe('0.10.0');
    expect(highestReleased(track, new Map([tag('v0.10.0'), tag('v0.10.0-rc.1'), tag('v0.9.0')]))).toBe('0.10.0');
    // Tags that are no release of this track (another track's prefix, not a version) do not count.
    expect(highestReleased(track, new Map([tag('v0.9.0'), tag('sdk/go/v1.0.0'), tag('v1.0'), tag('vnext')]))).toBe('0.9.0');
    expect(highestReleased(track, new Map([tag('sdk/go/v1.0.0')]))).toBeUndefined();
  });

  it('T7 GIVEN v0.9.0 and v0.10.0 are released WHEN a push carries 0.9.5 THEN it is refused against 0.10.0', async () => {
    const { r } = releasedAt030();
    tagAndPush(r, 'v0.10.0', bumpAndCommit(r, '0.3.0', '0.10.0', 'bump'));
    tagAndPush(r, 'v0.9.0', git(r.dir, 'rev-parse', 'HEAD').trim());
    const back = bumpAndCommit(r, '0.10.0', '0.9.5', 'oops');
    await expect(decideRelease(r.plan, push(back), r.git)).rejects.toThrow(/0\.9\.5 is lower than 0\.10\.0, the highest released version \(v0\.10\.0\)/);
    await expect(decideRelease(r.plan, dispatch(back, '0.9.5'), r.git)).rejects.toThrow(/0\.9\.5 is lower than 0\.10\.0/);
  });

  it('T7 GIVEN 0.10.0 is released WHEN a push carries 0.11.0 THEN it is released (higher in version order though lower as text)', async () => {
    const { r } = releasedAt030();
    tagAndPush(r, 'v0.10.0', bumpAndCommit(r, '0.3.0', '0.10.0', 'bump'));
    const next = bumpAndCommit(r, '0.10.0', '0.11.0', 'Release v0.11.0');
    await expect(decideRelease(r.plan, push(next), r.git)).resolves.toMatchObject({ release: true, version: '0.11.0', commit: next });
  });
});

describe('what a decision says, and the runs it refuses (mutation survivors, issue 21)', () => {
  /** Sets the root crate's own `package.version` line (the track's version source) to `line` (or drops it), and commits. */
  function setPackageVersionLine(r: ExampleRepo, line: string, subject: string): string {
    const file = path.join(r.dir, 'Cargo.toml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('name = "quill-engine"\nversion = "0.3.0"\n', `name = "quill-engine"\n${line}`));
    return commitAll(r, subject);
  }

  it('T1 GIVEN the release commit WHEN pushed THEN the reason says which track and version it releases and why', async () => {
    const { r } = releasedAt030();
    const sha = bumpAndCommit(r, '0.3.0', '0.4.0', 'Release v0.4.0 (#18)');
    const d = await decideRelease(r.plan, push(sha), r.git);
    expect(d.reason).toBe('track default: 0.4.0 has no v0.4.0 tag yet and this push sets it');
  });

  it('T7 GIVEN no umbrella tag yet WHEN the first release commit is pushed THEN it is released (nothing to go backwards from)', async () => {
    const r = exampleRepo();
    const sha = bumpAndCommit(r, '0.3.0', '0.4.0', 'Release v0.4.0 (#1)');
    await expect(decideRelease(r.plan, push(sha), r.git)).resolves.toMatchObject({ release: true, version: '0.4.0', commit: sha });
  });

  it('T1 GIVEN a version set twice and then an unrelated push WHEN pushed THEN the reason names every commit that set it', async () => {
    const { r } = releasedAt030();
    const a = bumpAndCommit(r, '0.3.0', '0.4.0', 'bump');
    bumpAndCommit(r, '0.4.0', '0.4.1', 'bump again');
    const b = bumpAndCommit(r, '0.4.1', '0.4.0', 'back');
    const docs = commitAll(r, 'docs');
    const d = await decideRelease(r.plan, push(docs), r.git);
    expect(d.reason).toContain(`0.4.0 has no v0.4.0 tag yet, but it was set by ${b.slice(0, 12)}, ${a.slice(0, 12)}, not by this push`);
  });

  it('GIVEN a manifest whose version is not a release version WHEN pushed THEN it fails naming the file, the key, the value and the fix', async () => {
    const { r } = releasedAt030();
    const sha = setPackageVersionLine(r, 'version = "0.4"\n', 'half a version');
    await expect(decideRelease(r.plan, push(sha), r.git)).rejects.toThrow(
      `Cargo.toml package.version at ${sha.slice(0, 12)} is '0.4', not a release version; fix the manifest.`,
    );
  });

  it('GIVEN a manifest without its version WHEN pushed THEN it fails saying the version is missing', async () => {
    const { r } = releasedAt030();
    const sha = setPackageVersionLine(r, '', 'no version');
    await expect(decideRelease(r.plan, push(sha), r.git)).rejects.toThrow(
      `Cargo.toml package.version at ${sha.slice(0, 12)} is 'missing', not a release version; fix the manifest.`,
    );
  });

  it('T6 GIVEN a tagged release WHEN dispatched THEN the reason says it re-runs the tag at its commit', async () => {
    const { r, first } = releasedAt030();
    const head = commitAll(r, 'docs');
    const d = await decideRelease(r.plan, dispatch(head, '0.3.0'), r.git);
    expect(d.reason).toBe(`dispatch: re-run of v0.3.0 at ${first.slice(0, 12)}`);
  });

  it('T6 GIVEN an untagged version WHEN dispatched THEN the reason names the commit that set it', async () => {
    const { r } = releasedAt030();
    const bump = bumpAndCommit(r, '0.3.0', '0.4.0', 'chore: bump');
    const d = await decideRelease(r.plan, dispatch(commitAll(r, 'docs'), '0.4.0'), r.git);
    expect(d.reason).toBe(`dispatch: 0.4.0 was set by ${bump.slice(0, 12)} and has no v0.4.0 tag yet`);
  });

  it('T6 GIVEN a version set twice WHEN dispatched THEN the message says how to settle it: tag the right commit by hand', async () => {
    const { r } = releasedAt030();
    bumpAndCommit(r, '0.3.0', '0.4.0', 'bump');
    bumpAndCommit(r, '0.4.0', '0.4.1', 'bump again');
    const b = bumpAndCommit(r, '0.4.1', '0.4.0', 'back');
    await expect(decideRelease(r.plan, dispatch(b, '0.4.0'), r.git)).rejects.toThrow(/release commit is ambiguous\. Tag the right commit as v0\.4\.0 by hand, then dispatch again\.$/);
  });

  it('T6 GIVEN an umbrella tag on a commit that is not on the release branch WHEN its version is dispatched THEN it is refused', async () => {
    const { r, first } = releasedAt030();
    git(r.dir, 'checkout', '-q', '-b', 'elsewhere');
    const off = bumpAndCommit(r, '0.3.0', '0.5.0', 'bump on a side branch');
    tagAndPush(r, 'v0.5.0', off);
    git(r.dir, 'checkout', '-q', 'main');
    await expect(decideRelease(r.plan, dispatch(first, '0.5.0'), r.git)).rejects.toThrow(
      `v0.5.0 points at ${off.slice(0, 12)}, which is not on main; a release is only re-run from its own branch.`,
    );
  });

  it('S1 GIVEN a dispatch without a version WHEN deciding THEN it is refused as an input error', async () => {
    const { r, first } = releasedAt030();
    const { version: _none, ...noVersion } = dispatch(first, '');
    await expect(decideRelease(r.plan, noVersion, r.git)).rejects.toMatchObject({ message: 'input version: the version is empty.', exitCode: 2 });
  });

  it('GIVEN a dispatch naming a track the plan does not have WHEN deciding THEN it is refused naming the tracks there are', async () => {
    const { r, first } = releasedAt030();
    await expect(decideRelease(r.plan, { ...dispatch(first, '0.3.0'), track: 'nope' }, r.git)).rejects.toMatchObject({
      message: "input track: no track named 'nope' in the plan; tracks: default",
      exitCode: 2,
    });
  });

  it('T3 GIVEN a dispatch from a tag whose name ends in the branch name (refs/tags/vmain) WHEN deciding THEN it is refused: only a branch runs a dispatch', async () => {
    // 'refs/tags/v' is as long as 'refs/heads/': the branch is read from a refs/heads/ ref only, and a tag is no push.
    const { r, first } = releasedAt030();
    await expect(decideRelease(r.plan, { ...dispatch(first, '0.3.0'), ref: 'refs/tags/vmain' }, r.git)).rejects.toThrow(
      "releases run only from the release branch 'main', but this run is on 'refs/tags/vmain'. Dispatch release.yml from main.",
    );
  });

  it('GIVEN an event release.yml does not run on WHEN deciding THEN it is refused naming the events', async () => {
    const { r, first } = releasedAt030();
    await expect(decideRelease(r.plan, { ...push(first), event: 'schedule' }, r.git)).rejects.toMatchObject({
      message: "release.yml runs on push and workflow_dispatch, not on 'schedule'.",
      exitCode: 2,
    });
  });
});
