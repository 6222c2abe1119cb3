// The library's own build.yml and release.yml come from projen's JsiiProject. They must pass the same three
// judges (actionlint with shellcheck, GitHub's workflow parser, zizmor) as the workflows the library generates
// for its users. .projenrc.ts sets every projen option that gets there; this module does the rest, which
// projen 0.103 has no option for, in one component that rewrites the jobs projen built just before synth.
import { Component, JsonPatch, github } from 'projen';
import { ACTIONS, TOOL_VERSIONS } from '../src/model/pins';

type JobStep = github.workflows.JobStep;
const { JobPermission } = github.workflows;

/**
 * Shell scripts projen 0.103.25 writes into run: steps, each with a replacement that does the same with its
 * expansions quoted (shellcheck SC2086) and an if/else instead of `a && b || c` (SC2015). Matched by exact
 * text: when a projen upgrade changes a script, it is no longer replaced, and the repository gate
 * (test/gates/repository.test.ts) reports the finding instead of this table hiding it.
 */
const QUOTED_SCRIPTS: ReadonlyMap<string, string> = new Map([
  [
    // build.yml, "Find mutations"
    'git add .\ngit diff --staged --patch --exit-code > repo.patch || echo "self_mutation_happened=true" >> $GITHUB_OUTPUT',
    'git add .\ngit diff --staged --patch --exit-code > repo.patch || echo "self_mutation_happened=true" >> "$GITHUB_OUTPUT"',
  ],
  [
    // release.yml, "Check if version has already been tagged"
    'TAG=$(cat dist/releasetag.txt)\n([ ! -z "$TAG" ] && git ls-remote -q --exit-code --tags origin $TAG && (echo "exists=true" >> $GITHUB_OUTPUT)) || (echo "exists=false" >> $GITHUB_OUTPUT)\ncat $GITHUB_OUTPUT',
    [
      'TAG=$(cat dist/releasetag.txt)',
      'if [ -n "$TAG" ] && git ls-remote -q --exit-code --tags origin "$TAG"; then',
      '  echo "exists=true" >> "$GITHUB_OUTPUT"',
      'else',
      '  echo "exists=false" >> "$GITHUB_OUTPUT"',
      'fi',
      'cat "$GITHUB_OUTPUT"',
    ].join('\n'),
  ],
  [
    // release.yml, "Check for new commits"
    'echo "latest_commit=$(git ls-remote origin -h "$GITHUB_REF" | cut -f1)" >> $GITHUB_OUTPUT\ncat $GITHUB_OUTPUT',
    'echo "latest_commit=$(git ls-remote origin -h "$GITHUB_REF" | cut -f1)" >> "$GITHUB_OUTPUT"\ncat "$GITHUB_OUTPUT"',
  ],
  [
    // release.yml, "Publish to GitHub Releases"
    'tag=$(cat "$RELEASE_TAG_FILE") &&\ngh release view "$tag" -R "$GITHUB_REPOSITORY" 2>/dev/null ||\ngh release create "$tag" -R "$GITHUB_REPOSITORY" -F "$CHANGELOG_FILE" -t "$tag" --target "$GITHUB_SHA"',
    [
      'tag=$(cat "$RELEASE_TAG_FILE")',
      'if ! gh release view "$tag" -R "$GITHUB_REPOSITORY" 2>/dev/null; then',
      '  gh release create "$tag" -R "$GITHUB_REPOSITORY" -F "$CHANGELOG_FILE" -t "$tag" --target "$GITHUB_SHA"',
      'fi',
    ].join('\n'),
  ],
]);

/** Job permissions projen grants more broadly than the job needs, by workflow and job id. */
const NARROWED_PERMISSIONS: Readonly<Record<string, Readonly<Record<string, github.workflows.JobPermissions>>>> = {
  // projen gives the release job contents: write, and its options cannot lower it. The job only bumps,
  // builds and unbumps locally and reads tags; the tag and the GitHub release are made by release_github.
  release: { release: { contents: JobPermission.READ } },
};

/** The job that publishes the library to npm (projen's Publisher names it `release_npm`). */
export const NPM_PUBLISH_JOB = 'release_npm';

/**
 * npm trusted publishing needs npm ≥ TOOL_VERSIONS.npmTrustedPublishingMin; projen does not ensure it, and
 * setup-node's Node 24 brings its own npm. Installing a pinned npm would be a package outside any lockfile in
 * a job holding an OIDC token (zizmor adhoc-packages), so the job checks the npm it has, with the semver CLI
 * the library's own lockfile installed in .repo, and stops before publib runs `npm publish` with an older one.
 */
const NPM_VERSION_CHECK: JobStep = {
  id: 'npm_supports_trusted_publishing',
  name: `Check npm >= ${TOOL_VERSIONS.npmTrustedPublishingMin} (trusted publishing)`,
  workingDirectory: '.repo',
  run: `npx --no-install semver --range ">=${TOOL_VERSIONS.npmTrustedPublishingMin}" "$(npm --version)"`,
};

/**
 * Pins every action projen's steps use to the SHA in the library's pin table (src/model/pins.ts), through
 * projen's own actions provider. An action the table lacks keeps projen's reference, which zizmor reports.
 */
export function pinActions(gh: github.GitHub): void {
  for (const pin of Object.values(ACTIONS)) gh.actions.set(pin.repo, `${pin.repo}@${pin.sha}`);
}

/** A checkout that leaves no token in .git/config for later steps or uploaded artifacts (zizmor artipacked). */
function hardenStep(step: JobStep): JobStep {
  if (step.uses?.startsWith(`${ACTIONS.checkout.repo}@`)) {
    return { ...step, with: { ...step.with, 'persist-credentials': false } };
  }
  const quoted = step.run === undefined ? undefined : QUOTED_SCRIPTS.get(step.run);
  return quoted === undefined ? step : { ...step, run: quoted };
}

/**
 * Rewrites the jobs of every workflow of the project at pre-synth, after projen's Release added its publish
 * jobs: checkouts without persisted credentials (no job of these workflows pushes: the release tag is made by
 * `gh release create` through the API), projen's scripts quoted, narrowed permissions, an npm version check in the
 * publish job, and `permissions: {}` at the top so a job without its own permissions gets none.
 */
export class HardenedWorkflows extends Component {
  public preSynthesize(): void {
    for (const workflow of github.GitHub.of(this.project)?.workflows ?? []) {
      // An override cannot add an empty object (projen's merge drops it); a JSON patch can.
      workflow.file?.patch(JsonPatch.add('/permissions', {}));
      if (workflow.name === 'release') workflow.insertStepBefore(NPM_PUBLISH_JOB, 'release', NPM_VERSION_CHECK);
      for (const [id, job] of Object.entries(workflow.jobs)) {
        if ('uses' in job) continue;
        const steps = job.steps;
        const resolveSteps = (): JobStep[] => (typeof steps === 'function' ? (steps as () => JobStep[])() : steps);
        const permissions = NARROWED_PERMISSIONS[workflow.name]?.[id] ?? job.permissions;
        workflow.updateJob(id, { ...job, permissions, steps: (() => resolveSteps().map(hardenStep)) as unknown as JobStep[] });
      }
    }
  }
}
