// O5: npm --provenance and build attestations are refused for private and internal repositories on most
// plans. release.yml passes the repository's visibility to the lockstep commands that decide (never into a
// run: line), release.provenance overrides it, and docs/release-secrets.md says what happens.
import { describe, expect, it } from 'vitest';
import { allSteps, exampleRelease, lockstepCommand } from './release-publish-support';
import { exampleDoc } from './trusted-publishing-support';
import { ReleaseProvenance } from '../../src';
import { ACTIONS } from '../../src/model';

const VISIBILITY = '${{ github.event.repository.visibility }}';
const HAS_ASSETS = "hashFiles('.lockstep/release-assets/**') != ''";

function stepOf(job: any, command: string): any {
  return job.steps.find((s: any) => lockstepCommand(s) === command);
}

function attestOf(job: any): any {
  return job.steps.find((s: any) => s.uses?.startsWith(`${ACTIONS.attestBuildProvenance.repo}@`));
}

/** The text of one `## ` section of the doc, from its anchor to the next section. */
function section(doc: string, anchor: string): string {
  const start = doc.indexOf(`<a id="${anchor}"></a>`);
  if (start < 0) throw new Error(`no section ${anchor}`);
  const next = doc.indexOf('\n## ', doc.indexOf('## ', start) + 3);
  return doc.slice(start, next < 0 ? undefined : next);
}

describe('O5: provenance decided from the repository\'s visibility (parsed release.yml)', () => {
  it('O5: GIVEN the default (auto) WHEN the npm job is read THEN the visibility reaches it through env, the preflight and the publish command get the mode, and no run: line holds an expression', () => {
    const { wf } = exampleRelease();
    const job = wf.jobs['publish-npm'];
    expect(job.env.LOCKSTEP_REPOSITORY_VISIBILITY).toBe(VISIBILITY);
    expect(stepOf(job, 'publish-npm').run).toBe('npx --no-install lockstep publish-npm --artifacts .lockstep/artifacts --provenance auto');
    expect(stepOf(job, 'preflight').run).toMatch(/ --registry npm .* --provenance auto$/);
    expect(job.permissions['id-token']).toBe('write');
    for (const { job: id, step } of allSteps(wf)) expect(step.run ?? '', id).not.toContain('${{');
  });

  it('O5: GIVEN the default (auto) WHEN the GitHub Release job is read THEN lockstep provenance decides first and the attestation runs only on its answer', () => {
    const { wf } = exampleRelease();
    const job = wf.jobs['github-releases'];
    expect(job.env.LOCKSTEP_REPOSITORY_VISIBILITY).toBe(VISIBILITY);
    const decide = stepOf(job, 'provenance');
    expect(decide).toMatchObject({ id: 'provenance', run: 'npx --no-install lockstep provenance --provenance auto' });
    const attest = attestOf(job);
    expect(attest.if).toBe(`steps.provenance.outputs.attest == 'true' && ${HAS_ASSETS}`);
    expect(job.steps.indexOf(decide)).toBeLessThan(job.steps.indexOf(attest));
    expect(job.permissions).toEqual({ 'contents': 'write', 'id-token': 'write', 'attestations': 'write' });
  });

  it('O5: GIVEN release.provenance never WHEN read THEN npm publishes with --provenance never, nothing is attested and the GitHub Release job asks for no OIDC token', () => {
    const { wf } = exampleRelease({ release: { provenance: ReleaseProvenance.NEVER } });
    const npm = wf.jobs['publish-npm'];
    expect(stepOf(npm, 'publish-npm').run).toMatch(/ --provenance never$/);
    expect(stepOf(npm, 'preflight').run).toMatch(/ --provenance never$/);
    expect(npm.env.LOCKSTEP_REPOSITORY_VISIBILITY).toBeUndefined();
    const gh = wf.jobs['github-releases'];
    expect(attestOf(gh)).toBeUndefined();
    expect(stepOf(gh, 'provenance')).toBeUndefined();
    expect(gh.permissions).toEqual({ contents: 'write' });
  });

  it('O5: GIVEN release.provenance always WHEN read THEN the assets are attested whenever there are any, with no visibility step', () => {
    const { wf } = exampleRelease({ release: { provenance: ReleaseProvenance.ALWAYS } });
    const gh = wf.jobs['github-releases'];
    expect(stepOf(gh, 'provenance')).toBeUndefined();
    expect(attestOf(gh).if).toBe(HAS_ASSETS);
    expect(stepOf(wf.jobs['publish-npm'], 'publish-npm').run).toMatch(/ --provenance always$/);
  });

  it('O5: GIVEN registries.npmProvenance false WHEN read THEN npm publishes with --provenance never while the assets are still attested by visibility', () => {
    const { wf } = exampleRelease({ release: { registries: { npmProvenance: false } } });
    expect(stepOf(wf.jobs['publish-npm'], 'publish-npm').run).toMatch(/ --provenance never$/);
    expect(stepOf(wf.jobs['github-releases'], 'provenance').run).toMatch(/ --provenance auto$/);
  });

  it('O5: GIVEN a provenance value that is not a mode WHEN synthesized THEN it is refused naming the option', () => {
    expect(() => exampleRelease({ release: { provenance: 'sometimes' as ReleaseProvenance } })).toThrow("release.provenance: 'sometimes' is not one of auto, always, never.");
  });
});

describe('O5: docs/release-secrets.md says what happens', () => {
  it('O5: GIVEN auto WHEN the doc is read THEN its Provenance section says the run decides from the visibility and what a private repository gets', () => {
    const { doc } = exampleDoc();
    const text = section(doc, 'provenance');
    expect(text).toContain('## Provenance');
    expect(text).toContain("`release.provenance: 'auto'`: each run decides from the repository's visibility when it starts");
    expect(text).toContain('| private or internal | neither: published without them, the run says so |');
    expect(text).toContain('| public | both |');
    expect(section(doc, 'provenance-refused')).toContain('npm would refuse the provenance');
  });

  it('O5: GIVEN never, and always WHEN the doc is read THEN it says no run signs, and that npm refuses a private repository', () => {
    const never = section(exampleDoc({ release: { provenance: ReleaseProvenance.NEVER } }).doc, 'provenance');
    expect(never).toContain("`release.provenance: 'never'`: no run signs or attests.");
    expect(never).toContain('| public | neither |');
    const always = section(exampleDoc({ release: { provenance: ReleaseProvenance.ALWAYS } }).doc, 'provenance');
    expect(always).toContain('| private or internal | npm refuses (`E422`): the npm job\'s preflight stops it before any upload; attestations only on GitHub Enterprise Cloud |');
  });
});
