import { describe, expect, it } from 'vitest';
import { SynthedRelease, allSteps, depthOf, environmentsOf, exampleRelease, lockstepCommand, minimalRelease, synthRelease, twoTrackRelease } from './release-publish-support';
import { ReleasePlatform } from '../../src';
import { releaseWorkflowFacts } from '../../src/components/release-publish';
import { ACTIONS, FsRepoReader, TOOL_VERSIONS, buildPlan, planConfigOf } from '../../src/model';
import { exampleProducts } from '../support/example-products';
import { copyExample } from '../support/fixtures';
import { checkWorkflows, formatFindings } from '../support/workflow-gates';

const PUBLISHERS = ['publish-crates', 'publish-npm', 'publish-pypi', 'publish-go', 'github-releases'];
const BUILDS = ['check-crates', 'check-npm', 'build-quill-ffi', 'build-quill-py', 'build-quill-node', 'build-quill-wasm', 'build-quill-desktop', 'build-npm-packages'];

describe('release.yml for the example monorepo: the job graph', () => {
  const { wf } = exampleRelease();

  it('GIVEN the example WHEN synthesized THEN it has the plan, build, tag, publish, umbrella and summary jobs', () => {
    expect(Object.keys(wf.jobs).sort()).toEqual(['plan', ...BUILDS, 'tag-all', ...PUBLISHERS, 'release-umbrella', 'summary'].sort());
  });

  it('GIVEN the job graph WHEN measured THEN the umbrella release is 6 jobs deep: plan, build, tag, registries, GitHub Releases, umbrella', () => {
    expect(depthOf(wf, 'plan')).toBe(1);
    for (const b of BUILDS) expect(depthOf(wf, b), b).toBe(2);
    expect(depthOf(wf, 'tag-all')).toBe(3);
    for (const p of PUBLISHERS.filter((j) => j !== 'github-releases')) expect(depthOf(wf, p), p).toBe(4);
    expect(depthOf(wf, 'github-releases')).toBe(5);
    expect(depthOf(wf, 'release-umbrella')).toBe(6);
  });

  it('P12 GIVEN the registry publish jobs WHEN the GitHub Releases and the umbrella are made THEN they come after every one of them and read their outcomes and results', () => {
    expect(wf.jobs['github-releases'].needs).toEqual(expect.arrayContaining(['publish-crates', 'publish-npm', 'publish-pypi', 'publish-go']));
    for (const id of ['github-releases', 'release-umbrella']) {
      const step = wf.jobs[id].steps.find((st: any) => lockstepCommand(st) === 'github-release');
      expect(step.run, id).toContain('--outcomes .lockstep/collected-outcomes');
      expect(step.env.NEEDS_JSON, id).toBe('${{ toJSON(needs) }}');
      const collect = wf.jobs[id].steps.findIndex((st: any) => st.name === 'Collect the outcomes');
      expect(collect, id).toBeGreaterThan(-1);
      expect(collect, id).toBeLessThan(wf.jobs[id].steps.indexOf(step));
    }
  });

  it('GIVEN the build jobs WHEN read THEN each needs only the plan, reads the repository only and has no environment', () => {
    for (const b of BUILDS) {
      expect(wf.jobs[b].needs, b).toEqual(['plan']);
      expect(wf.jobs[b].permissions, b).toEqual({ contents: 'read' });
      expect(wf.jobs[b].environment, b).toBeUndefined();
    }
  });

  it('T3 GIVEN the approval WHEN the graph is read THEN tag-all alone waits in the approval environment, after every build, and every publisher needs it', () => {
    expect(environmentsOf(wf)).toEqual({ 'release': ['tag-all'], 'release-publish': ['publish-crates', 'publish-npm', 'publish-pypi'] });
    expect([...wf.jobs['tag-all'].needs].sort()).toEqual(['plan', ...BUILDS].sort());
    for (const p of [...PUBLISHERS, 'release-umbrella']) expect(wf.jobs[p].needs, p).toContain('tag-all');
    // Exact: any weakening (`always() || ...`, a dropped clause) must fail here.
    expect(wf.jobs['tag-all'].if).toBe(
      "!cancelled() && needs.plan.outputs.release == 'true' && needs.plan.outputs.dry_run != 'true' && !contains(needs.*.result, 'failure') && !contains(needs.*.result, 'cancelled')",
    );
  });

  it('T3 GIVEN the publish jobs WHEN their conditions are read THEN each runs exactly when tag-all succeeded and its target has something to publish', () => {
    const targets: Record<string, string> = {
      'publish-crates': 'crates-io', 'publish-npm': 'npm', 'publish-pypi': 'pypi', 'publish-go': 'go', 'github-releases': 'github-release',
    };
    expect(Object.keys(targets).sort()).toEqual([...PUBLISHERS].sort());
    for (const [job, target] of Object.entries(targets)) {
      expect(wf.jobs[job].if, job).toBe(`!cancelled() && needs.tag-all.result == 'success' && contains(fromJSON(needs.plan.outputs.todo), '${target}')`);
    }
  });

  it('T3 GIVEN the triggers WHEN read THEN releases start only from the release branch (push) or a dispatch, never from tags', () => {
    expect(wf.on.push).toEqual({ branches: ['main'] });
    expect(Object.keys(wf.on).sort()).toEqual(['push', 'workflow_dispatch']);
  });

  it('T4 GIVEN the tag and publish jobs WHEN read THEN each checks out the plan\'s release commit with its tags', () => {
    for (const id of ['tag-all', 'publish-crates', 'publish-npm', 'publish-pypi', 'publish-go']) {
      const checkout = wf.jobs[id].steps.find((s: any) => s.uses?.startsWith(ACTIONS.checkout.repo));
      expect(checkout.with, id).toMatchObject({ 'ref': '${{ needs.plan.outputs.commit }}', 'fetch-depth': 0 });
    }
    expect(wf.jobs['tag-all'].steps.map(lockstepCommand)).toContain('tag');
  });

  it('GIVEN the GitHub Release jobs WHEN read THEN each checks out the release commit with every tag and commit, where the notes start at the previous tag of the same track or product', () => {
    for (const id of ['github-releases', 'release-umbrella']) {
      const checkout = wf.jobs[id].steps.find((s: any) => s.uses?.startsWith(ACTIONS.checkout.repo));
      expect(checkout.with, id).toMatchObject({ 'ref': '${{ needs.plan.outputs.commit }}', 'fetch-depth': 0 });
    }
  });

  it('T1 GIVEN a push WHEN the plan job runs THEN it decides from event, ref and commit through lockstep release-plan, with no commit-message filter', () => {
    const decide = wf.jobs.plan.steps.find((s: any) => lockstepCommand(s) === 'release-plan');
    expect(decide.run).toMatch(/--event "\$GITHUB_EVENT_NAME" --ref "\$GITHUB_REF" --sha "\$GITHUB_SHA"/);
    expect(JSON.stringify(wf.on)).not.toMatch(/message|release:/);
    expect(wf.jobs.plan.steps[0].with['fetch-depth']).toBe(0);
  });

  it('T6 GIVEN a recovery dispatch WHEN read THEN it takes a version and a dry_run flag, and every later job uses the plan\'s commit', () => {
    expect(wf.on.workflow_dispatch.inputs.version).toMatchObject({ required: true, type: 'string' });
    expect(wf.on.workflow_dispatch.inputs.dry_run).toMatchObject({ type: 'boolean', default: false });
    for (const [id, job] of Object.entries<any>(wf.jobs)) {
      if (id === 'plan' || id === 'summary') continue;
      const checkout = job.steps.find((s: any) => s.uses?.startsWith(ACTIONS.checkout.repo));
      expect(checkout.with.ref, id).toBe('${{ needs.plan.outputs.commit }}');
    }
  });

  it('T5 GIVEN the publish jobs WHEN they decide to run THEN it is from the registries\' answers (todo), never from tags', () => {
    for (const p of PUBLISHERS) {
      expect(wf.jobs[p].if, p).toMatch(/contains\(fromJSON\(needs\.plan\.outputs\.todo\), '[a-z-]+'\)/);
      expect(wf.jobs[p].if, p).not.toMatch(/refs\/tags|github\.ref/);
    }
  });
});

describe('release.yml: publishing (P1-P7)', () => {
  const { wf } = exampleRelease();
  const commands = (job: string) => wf.jobs[job].steps.map(lockstepCommand).filter(Boolean);

  it('P1 GIVEN a re-run WHEN everything is published THEN no publish job runs (its target is not in todo) and each command probes first', () => {
    expect(wf.jobs['publish-crates'].if).toContain("contains(fromJSON(needs.plan.outputs.todo), 'crates-io')");
    expect(wf.jobs['publish-npm'].if).toContain("contains(fromJSON(needs.plan.outputs.todo), 'npm')");
    expect(commands('publish-pypi')).toContain('pre-publish');
  });

  it('P2 GIVEN any run: step WHEN read THEN no failure is turned into success', () => {
    for (const { job, step } of allSteps(wf)) expect(step.run ?? '', `${job}: ${step.name}`).not.toMatch(/\|\||; *true|set \+e|exit 0/);
  });

  it('P3 GIVEN crates WHEN published THEN one job publishes them all in dependency order, waiting for the index', () => {
    expect(commands('publish-crates')).toEqual(['preflight', 'publish-crates']);
    expect(wf.jobs['publish-crates'].env.VISIBILITY_TIMEOUT).toBe('600');
  });

  it('P4 GIVEN crates and npm tarballs WHEN built THEN contents and size are checked before tag-all', () => {
    expect(commands('check-crates')).toEqual(['crate-check']);
    expect(wf.jobs['check-crates'].env.MAX_CRATE_BYTES).toBe('10485760');
    expect(commands('build-npm-packages')).toContain('pack-npm');
    expect(wf.jobs['tag-all'].needs).toContain('check-crates');
  });

  it('P13: GIVEN npm packages WHEN released THEN check-npm checks every one\'s contents and size with `lockstep npm-check` before tag-all, and every pack-npm uses the same limit', () => {
    expect(commands('check-npm')).toEqual(['npm-check']);
    const step = wf.jobs['check-npm'].steps.find((st: any) => lockstepCommand(st) === 'npm-check');
    expect(step.run).toBe('npx --no-install lockstep npm-check --max-bytes "$MAX_NPM_BYTES"');
    expect(wf.jobs['check-npm'].env.MAX_NPM_BYTES).toBe('104857600');
    expect(wf.jobs['check-npm'].if).toBe("needs.plan.outputs.release == 'true' && contains(fromJSON(needs.plan.outputs.todo), 'npm')");
    expect(wf.jobs['tag-all'].needs).toContain('check-npm');
    for (const job of ['build-npm-packages', 'build-quill-wasm']) {
      const pack = wf.jobs[job].steps.find((st: any) => lockstepCommand(st) === 'pack-npm');
      expect(pack.run, job).toMatch(/ --max-bytes "\$MAX_NPM_BYTES"$/);
      expect(wf.jobs[job].env.MAX_NPM_BYTES, job).toBe('104857600');
    }
  });

  it('P13: GIVEN release.maxNpmPackageBytes WHEN synthesized THEN every npm check uses it; a limit that is no positive whole number is refused', () => {
    const { wf: limited } = exampleRelease({ release: { maxNpmPackageBytes: 5_000_000 } });
    for (const job of ['check-npm', 'build-npm-packages', 'build-quill-wasm']) expect(limited.jobs[job].env.MAX_NPM_BYTES, job).toBe('5000000');
    expect(() => exampleRelease({ release: { maxNpmPackageBytes: 0 } })).toThrow(/^release\.maxNpmPackageBytes: 0 is not a positive whole number of bytes\.$/);
  });

  it('GIVEN PyPI wheels WHEN built THEN each leg runs twine check on what it built (the sdist required on the leg that builds it) before the import and the upload', () => {
    const steps = wf.jobs['build-quill-py'].steps;
    const at = (pred: (st: any) => boolean) => steps.findIndex(pred);
    const twine = at((st: any) => st.name === 'Install twine');
    const check = at((st: any) => lockstepCommand(st) === 'pypi-check');
    const sdist = at((st: any) => st.with?.command === 'sdist');
    expect(steps[twine].run).toBe('python -m pip install "twine==$TWINE_VERSION"');
    expect(steps[twine].env.TWINE_VERSION).toBe(TOOL_VERSIONS.twine);
    expect(steps[check].run).toBe('npx --no-install lockstep pypi-check --product quill-py --dist sdk/python/dist --sdist "$SDIST"');
    expect(steps[check].env.SDIST).toBe("${{ matrix.platform == 'linux-x64' }}");
    expect(steps[sdist].if).toBe("matrix.platform == 'linux-x64'");
    expect(sdist).toBeLessThan(check);
    expect(twine).toBeLessThan(check);
    expect(check).toBeLessThan(at((st: any) => lockstepCommand(st) === 'smoke'));
    expect(check).toBeLessThan(at((st: any) => st.uses?.startsWith(ACTIONS.uploadArtifact.repo)));
    expect(wf.jobs['tag-all'].needs).toContain('build-quill-py');
  });

  it('P5 GIVEN PyPI WHEN uploading THEN every wheel was built first and the lockstep command uploads the downloaded files with the pinned twine (skipping those already there)', () => {
    expect(wf.jobs['publish-pypi'].needs).toEqual(expect.arrayContaining(['tag-all', 'build-quill-py']));
    const steps = wf.jobs['publish-pypi'].steps;
    const upload = steps.findIndex((s: any) => lockstepCommand(s) === 'publish-pypi');
    expect(steps[upload].run).toBe('npx --no-install lockstep publish-pypi --product quill-py --dist dist/pypi/quill-py');
    expect(steps[upload]['continue-on-error']).toBe(true);
    // Trusted publishing: no token anywhere, the command mints one with the job's OIDC token.
    expect(steps[upload].env).toBeUndefined();
    const twine = steps.findIndex((s: any) => s.name === 'Install twine');
    expect(steps[twine]).toMatchObject({ run: 'python -m pip install "twine==$TWINE_VERSION"', env: { TWINE_VERSION: TOOL_VERSIONS.twine } });
    expect(steps.findIndex((s: any) => s.uses?.startsWith(ACTIONS.setupPython.repo))).toBeLessThan(twine);
    expect(twine).toBeLessThan(upload);
  });

  it('P6 GIVEN a failed publish WHEN the run goes on THEN the umbrella is still made and the summary always runs after every job', () => {
    expect(wf.jobs['release-umbrella'].if).toBe("!cancelled() && needs.tag-all.result == 'success'");
    expect(wf.jobs.summary.if).toBe('always()');
    expect([...wf.jobs.summary.needs].sort()).toEqual(Object.keys(wf.jobs).filter((j) => j !== 'summary').sort());
    expect(wf.jobs.summary.steps.map(lockstepCommand)).toContain('summary');
    for (const p of [...PUBLISHERS, 'tag-all', 'release-umbrella']) {
      const keep = wf.jobs[p].steps.find((s: any) => s.name === 'Keep the outcomes for the summary');
      expect(keep, p).toMatchObject({ if: 'always()', with: { name: `outcome-${p}` } });
    }
  });

  it('P6 GIVEN a failed job re-run with "re-run failed jobs" WHEN it keeps its outcome again THEN the upload replaces the earlier attempt\'s artifact', () => {
    const keeps = allSteps(wf).filter(({ step }) => step.uses?.startsWith(ACTIONS.uploadArtifact.repo) && step.with.name.startsWith('outcome-'));
    expect(keeps.map(({ job }) => job).sort()).toEqual([...PUBLISHERS, 'tag-all', 'release-umbrella'].sort());
    for (const { job, step } of keeps) expect(step.with.overwrite, job).toBe(true);
    // `overwrite` exists since upload-artifact v4.2.0.
    const [major, minor] = ACTIONS.uploadArtifact.version.slice(1).split('.').map(Number);
    expect(major > 4 || (major === 4 && minor >= 2)).toBe(true);
  });

  it('GIVEN a build job re-run after it kept its artifacts WHEN it uploads them again THEN every upload replaces the earlier one', () => {
    const uploads = allSteps(wf).filter(({ step }) => step.uses?.startsWith(ACTIONS.uploadArtifact.repo));
    expect(uploads.filter(({ job }) => job.startsWith('build-')).length).toBeGreaterThan(0);
    for (const { job, step } of uploads) expect(step.with.overwrite, `${job}: ${step.name}`).toBe(true);
  });

  it('P7 GIVEN a dry run WHEN the jobs are read THEN every job that can tag, upload or release is off: tag-all refuses dry runs and the rest need tag-all', () => {
    expect(wf.jobs['tag-all'].if).toContain("needs.plan.outputs.dry_run != 'true'");
    for (const [id, job] of Object.entries<any>(wf.jobs)) {
      const writes = Object.entries<string>(job.permissions).some(([scope, level]) => level === 'write' && scope !== 'attestations');
      if (writes && id !== 'tag-all') expect(job.if, id).toContain("needs.tag-all.result == 'success'");
    }
  });

  it('P7 GIVEN a dry run WHEN the PyPI job is read THEN the upload step checks the dry run itself, after pre-publish (which refuses dry runs)', () => {
    const steps = wf.jobs['publish-pypi'].steps;
    const upload = steps.findIndex((s: any) => lockstepCommand(s) === 'publish-pypi');
    expect(steps[upload].if).toBe("!cancelled() && needs.plan.outputs.dry_run != 'true' && steps.download-quill-py.outcome == 'success'");
    const check = steps.findIndex((s: any) => lockstepCommand(s) === 'pre-publish');
    expect(steps[check].id).toBe('check-quill-py');
    expect(steps[upload - 1]).toMatchObject({ id: 'download-quill-py', if: "!cancelled() && steps.check-quill-py.outcome == 'success'" });
    expect(check).toBeLessThan(upload);
  });

  it('npm prereleases WHEN published THEN the lockstep command picks the dist-tag from the plan (no hand-written --tag)', () => {
    expect(commands('publish-npm')).toEqual(['preflight', 'publish-npm']);
  });
});

describe('release.yml: trusted publishing (O1-O4)', () => {
  const { wf, text } = exampleRelease();

  it('O1 GIVEN npm trusted publishing WHEN setup-node is read THEN it has no registry-url, and no npm token appears anywhere', () => {
    for (const { job, step } of allSteps(wf)) {
      if (step.uses?.startsWith(ACTIONS.setupNode.repo)) expect(step.with['registry-url'], job).toBeUndefined();
    }
    expect(text).not.toMatch(/NODE_AUTH_TOKEN|NPM_TOKEN|secrets\./);
  });

  it('O2 GIVEN npm publishing WHEN read THEN it uses Node 24 and checks Node and npm before publishing', () => {
    const steps = wf.jobs['publish-npm'].steps;
    expect(steps.find((s: any) => s.uses?.startsWith(ACTIONS.setupNode.repo)).with['node-version']).toBe(TOOL_VERSIONS.node);
    expect(Number(TOOL_VERSIONS.node)).toBeGreaterThanOrEqual(24);
    const names = steps.map(lockstepCommand);
    expect(names.indexOf('preflight')).toBeGreaterThan(-1);
    expect(names.indexOf('preflight')).toBeLessThan(names.indexOf('publish-npm'));
  });

  it('O3 GIVEN the workflow file name WHEN renamed by the option THEN the file and the trusted-publisher facts follow it', () => {
    const dir = copyExample();
    const repo = new FsRepoReader(dir);
    const plan = buildPlan(planConfigOf({ products: exampleProducts() }, repo, '0.0.0'), repo);
    // Renaming is refused unless acknowledged (the trusted-publishing guard); acknowledge it here.
    const acknowledged = { trustedPublishing: { acknowledgeTrustedPublisherRename: true } } as object;
    const release = { workflowFile: 'publish.yml', publishEnvironment: 'registries' };
    const { out, wf: renamed } = synthRelease(dir, { products: exampleProducts(), release, ...acknowledged }, 'publish.yml');
    expect(out['.github/workflows/release.yml']).toBeUndefined();
    // The preflight checks the OIDC identity the renamed file and environment really have.
    const preflights = allSteps(renamed).filter(({ step }) => lockstepCommand(step) === 'preflight');
    expect(preflights.map(({ job }) => job).sort()).toEqual(['publish-crates', 'publish-npm', 'publish-pypi']);
    for (const { job, step } of preflights) expect(step.run, job).toMatch(/ --workflow publish\.yml --environment registries( --provenance auto)?$/);
    const facts = releaseWorkflowFacts(plan, { workflowFile: 'publish.yml' });
    expect(new Set(facts.trustedPublishers.map((t) => t.workflowFile))).toEqual(new Set(['publish.yml']));
  });

  it('O4 GIVEN PyPI refuses reusable workflows WHEN read THEN every publish job is a job of release.yml itself', () => {
    for (const [id, job] of Object.entries<any>(wf.jobs)) expect(job.uses, id).toBeUndefined();
    expect(wf.jobs['publish-pypi'].steps.some((s: any) => lockstepCommand(s) === 'publish-pypi')).toBe(true);
  });

  it('GIVEN OIDC WHEN permissions are read THEN id-token: write is only on the jobs that publish or attest', () => {
    const oidc = Object.entries<any>(wf.jobs).filter(([, j]) => j.permissions['id-token'] === 'write').map(([id]) => id).sort();
    expect(oidc).toEqual(['github-releases', 'publish-crates', 'publish-npm', 'publish-pypi']);
  });

  it('GIVEN crates.io WHEN publishing THEN the short-lived token from crates-io-auth-action is only in the publish step\'s env', () => {
    const steps = wf.jobs['publish-crates'].steps;
    const auth = steps.find((s: any) => s.uses?.startsWith(ACTIONS.cratesIoAuth.repo));
    expect(auth.id).toBe('crates-io-auth');
    const holders = steps.filter((s: any) => JSON.stringify(s).includes('steps.crates-io-auth.outputs.token'));
    expect(holders.map(lockstepCommand)).toEqual(['publish-crates']);
    expect(wf.jobs['publish-crates'].env.CARGO_REGISTRY_TOKEN).toBeUndefined();
  });
});

describe('release.yml: workflow security (S1-S4)', () => {
  const { wf, text } = exampleRelease();

  it('S1 GIVEN every run: step WHEN read THEN none holds a ${{ }} expression; inputs reach the plan job through env', () => {
    for (const { job, step } of allSteps(wf)) expect(step.run ?? '', `${job}: ${step.name}`).not.toContain('${{');
    const decide = wf.jobs.plan.steps.find((s: any) => lockstepCommand(s) === 'release-plan');
    expect(decide.env).toMatchObject({ INPUT_VERSION: '${{ inputs.version }}', INPUT_DRY_RUN: '${{ inputs.dry_run }}' });
  });

  it('S2 GIVEN the permissions WHEN read THEN the top grants nothing and only tag-all, the releases and the umbrella can write contents', () => {
    expect(wf.permissions).toEqual({});
    const writers = Object.entries<any>(wf.jobs).filter(([, j]) => j.permissions.contents === 'write').map(([id]) => id).sort();
    expect(writers).toEqual(['github-releases', 'release-umbrella', 'tag-all']);
    for (const [id, job] of Object.entries<any>(wf.jobs)) expect(Object.keys(job.permissions).length, id).toBeGreaterThan(0);
  });

  it('S3 GIVEN the release workflow WHEN read THEN there is no cache, credentials are kept only by the job that pushes, and actions are pinned by SHA with a version comment', () => {
    const uses = allSteps(wf).map((s) => s.step.uses).filter(Boolean) as string[];
    expect(uses.some((u) => u.startsWith(ACTIONS.cache.repo) || u.startsWith(ACTIONS.rustCache.repo))).toBe(false);
    for (const { job, step } of allSteps(wf)) {
      if (step.uses?.startsWith(ACTIONS.setupNode.repo)) expect(step.with['package-manager-cache'], job).toBe(false);
      if (step.uses?.startsWith(ACTIONS.setupGo.repo)) expect(step.with.cache, job).toBe(false);
      if (step.uses?.startsWith(ACTIONS.setupPython.repo)) expect(step.with.cache, job).toBeUndefined();
      if (step.uses?.startsWith(ACTIONS.maturin.repo)) expect(step.with.sccache, job).toBe(false);
      if (step.uses?.startsWith(ACTIONS.checkout.repo)) expect(step.with['persist-credentials'], job).toBe(job === 'tag-all');
    }
    for (const u of uses) expect(u).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
    expect(text.match(/uses: \S+@[0-9a-f]{40} # v\S+/g)!.length).toBe(uses.length);
    expect(text).not.toMatch(/npm (i|install) -g|curl [^\n]*\| *(ba)?sh/);
  });

  it('S4 GIVEN pinned tools WHEN read THEN their versions and checksums come from the library\'s one pin table', () => {
    const wasm = wf.jobs['build-quill-wasm'];
    expect(wasm.env).toMatchObject({
      WASM_PACK_VERSION: TOOL_VERSIONS.wasmPack,
      BINARYEN_VERSION: TOOL_VERSIONS.binaryen,
      BINARYEN_SHA256: TOOL_VERSIONS.binaryenSha256,
    });
    expect(wasm.steps.map((s: any) => s.run ?? '').join('\n')).not.toMatch(/version_\d|0\.\d+\.\d+/);
    const maturin = wf.jobs['build-quill-py'].steps.find((s: any) => s.uses?.startsWith(ACTIONS.maturin.repo));
    expect(maturin.with['maturin-version']).toBe(`v${TOOL_VERSIONS.maturin}`);
  });
});

describe('release.yml passes the workflow gates (actionlint with shellcheck, GitHub\'s parser, zizmor)', () => {
  const check = (r: SynthedRelease) => {
    const { findings } = checkWorkflows([r.file]);
    expect(findings, formatFindings(findings)).toEqual([]);
  };
  it('GIVEN the example monorepo WHEN synthesized THEN every gate finds nothing', () => check(exampleRelease()));
  it('GIVEN a repository with one crate WHEN synthesized THEN every gate finds nothing', () => check(minimalRelease()));
});

describe('release.yml options and shapes', () => {
  it('GIVEN two release tracks WHEN synthesized THEN a dispatch names its track, the plan job receives it through env, and the gates pass', () => {
    const r = twoTrackRelease();
    expect(r.wf.on.workflow_dispatch.inputs.track).toEqual(expect.objectContaining({ type: 'choice', options: ['engine', 'cli'], required: true }));
    const decide = r.wf.jobs.plan.steps.find((s: any) => lockstepCommand(s) === 'release-plan');
    expect(decide.run).toContain('--track "$INPUT_TRACK"');
    expect(decide.env.INPUT_TRACK).toBe('${{ inputs.track }}');
    // core-cli, a plain npm package, is a cell of the npm packages' job when the plan builds it (issue 20).
    expect(r.wf.jobs['build-npm-packages'].if).toContain("needs.plan.outputs.npm_packages != '[]'");
    const { findings } = checkWorkflows([r.file]);
    expect(findings, formatFindings(findings)).toEqual([]);
  });

  it('GIVEN one track WHEN synthesized THEN there is no track input to pass', () => {
    const { wf } = minimalRelease();
    expect(wf.on.workflow_dispatch.inputs.track).toBeUndefined();
    expect(JSON.stringify(wf.jobs.plan)).not.toContain('INPUT_TRACK');
  });

  it('GIVEN other environment names and platforms WHEN synthesized THEN tag-all and the publish jobs use them and the matrices follow', () => {
    const acknowledged = { trustedPublishing: { acknowledgeTrustedPublisherRename: true } } as object;
    const platforms = [ReleasePlatform.LINUX_X64, ReleasePlatform.MACOS_ARM64, ReleasePlatform.WINDOWS_X64];
    const release = { approvalEnvironment: 'ship-it', publishEnvironment: 'registries', platforms };
    const { wf } = exampleRelease({ release, ...acknowledged });
    expect(environmentsOf(wf)).toEqual({ 'ship-it': ['tag-all'], 'registries': ['publish-crates', 'publish-npm', 'publish-pypi'] });
    expect(wf.jobs['build-quill-py'].strategy.matrix.include.map((l: any) => [l.platform, l.runner])).toEqual([['linux-x64', 'ubuntu-24.04'], ['macos-arm64', 'macos-26'], ['windows-x64', 'windows-2025']]);
  });

  it('T3 GIVEN the approval environment also as the publish environment WHEN constructed THEN it is refused: the publish jobs would wait again', () => {
    expect(() => exampleRelease({ release: { approvalEnvironment: 'release', publishEnvironment: 'release' } })).toThrow(/release\.publishEnvironment: 'release' is also the approval environment; every publish job would wait/);
  });

  it('GIVEN release.enabled false WHEN synthesized THEN no release.yml is generated', () => {
    expect(() => minimalRelease({ release: { enabled: false } })).toThrow(/no \.github\/workflows\/release\.yml was generated/);
  });

  it('GIVEN a workflow file name with a path WHEN constructed THEN it is refused naming the option', () => {
    expect(() => exampleRelease({ release: { workflowFile: '../release.yml' } })).toThrow(/release\.workflowFile: '\.\.\/release\.yml' must be a file name/);
  });
});

describe('the facts of release.yml for the secrets doc', () => {
  it('GIVEN the example WHEN its facts are read THEN each trusted publisher names its package, job, workflow file and environment, and no secret is used', () => {
    const dir = copyExample();
    const repo = new FsRepoReader(dir);
    const plan = buildPlan(planConfigOf({ products: exampleProducts() }, repo, '0.0.0'), repo);
    const facts = releaseWorkflowFacts(plan);
    expect(facts).toMatchObject({ workflowFile: 'release.yml', approvalEnvironment: 'release', publishEnvironment: 'release-publish', releaseBranch: 'main', secrets: [] });
    expect(facts.trustedPublishers.map((t) => `${t.target}:${t.package}:${t.job}`)).toEqual([
      'crates-io:quill-engine:publish-crates', 'crates-io:quill-ask:publish-crates', 'crates-io:quill-mcp:publish-crates',
      'pypi:quill-db:publish-pypi', 'npm:@quill-db/quill:publish-npm', 'npm:@quill-db/quill-wasm:publish-npm', 'npm:quill-notes:publish-npm',
    ]);
    expect(facts.packagesByTarget.go).toEqual(['github.com/example/quill/sdk/go']);
  });
});
