import { Component, FileBase, Project } from 'projen';
import {
  DOC_ANCHORS, FsRepoReader, GithubRepository, LockstepConfigError, PUBLISH_ENVIRONMENT, ProductKind, RELEASE_WORKFLOW_FILE, ReleasePlan,
  SECRETS_DOC_FILE, joinRepoPath, napiPlatformPackages, parseGithubRepository, readNpmManifest,
} from '../model';
import { CiMatrixOptions } from './ci/options';
import { CI_OK_JOB, CiMatrix } from './ci-matrix';
import { DocInputs } from './docs/doc-context';
import { TrustedPublishingOptions } from './docs/options';
import { renderSecretsDoc } from './docs/secrets-doc';
import { ReleasePublishOptions } from './release/options';
import { ReleasePr, releasePrFacts } from './release-pr';
import { ReleasePrOptions } from './release-pr-options';
import { ReleasePublish, ReleaseWorkflowFacts, releaseWorkflowFacts } from './release-publish';

/** The options of the components whose files the doc describes (the same options they were built with). */
export interface TrustedPublishingSources {
  readonly release?: ReleasePublishOptions;
  readonly releasePr?: ReleasePrOptions;
  readonly ci?: CiMatrixOptions;
}

/**
 * `docs/release-secrets.md`: the one-time setup of a lockstep release, per registry and per package, with
 * the exact values each trusted-publisher form asks for (O3, O4), the GitHub settings, and every secret
 * that remains. It is rendered at synth from the plan, the options and the workflows the other components
 * render, so it cannot drift from them (S5).
 *
 * It also guards the trusted publishers: renaming the release workflow file or its publish environment,
 * which every publisher names, is refused unless `acknowledgeTrustedPublisherRename` is set.
 */
export class TrustedPublishing extends Component {
  /** The TrustedPublishing of a project, if it has one. */
  public static of(project: Project): TrustedPublishing | undefined {
    return project.components.find((c): c is TrustedPublishing => c instanceof TrustedPublishing);
  }

  /** Repository-relative path of the doc (undefined when it is not generated). */
  public readonly path?: string;
  private readonly repository?: GithubRepository;

  constructor(
    project: Project,
    private readonly plan: ReleasePlan,
    options: TrustedPublishingOptions = {},
    private readonly sources: TrustedPublishingSources = {},
  ) {
    super(project);
    this.repository = options.repository === undefined ? undefined : parseGithubRepository(options.repository, 'trustedPublishing.repository');
    checkRename(releaseWorkflowFacts(plan, sources.release), options.acknowledgeTrustedPublisherRename === true);
    if (options.enabled === false) return;
    if (this.repository === undefined) {
      project.logger.warn(
        `trustedPublishing.repository is not set: ${SECRETS_DOC_FILE} shows <OWNER>/<REPOSITORY> placeholders where each trusted-publisher form needs your GitHub owner and repository. ` +
          'Set `trustedPublishing: { repository: \'owner/name\' }` in .projenrc.ts.',
      );
    }
    this.path = SECRETS_DOC_FILE;
    new DocFile(project, SECRETS_DOC_FILE, (marker) => renderSecretsDoc(this.inputs(), marker));
  }

  /** What the doc is rendered from, read at synth from the components that render the workflows. */
  private inputs(): DocInputs {
    const find = <T>(type: abstract new (...args: never[]) => T): T | undefined =>
      this.project.components.find((c): c is T & Component => c instanceof type);
    const release = find(ReleasePublish);
    if (release === undefined) throw new Error(`${SECRETS_DOC_FILE}: the project has no release workflow to describe; generate release.yml or turn the doc off (trustedPublishing.enabled).`);
    const releasePr = find(ReleasePr);
    const ci = find(CiMatrix);
    return {
      plan: this.plan,
      repository: this.repository,
      release: {
        facts: releaseWorkflowFacts(this.plan, this.sources.release),
        scanned: { fileName: release.file.fileName, workflow: release.file.workflow },
      },
      releasePr: releasePr && {
        facts: releasePrFacts(this.sources.releasePr),
        scanned: { fileName: releasePr.file.fileName, workflow: releasePr.file.workflow },
      },
      ci: ci && { scanned: { fileName: ci.file.fileName, workflow: ci.file.workflow }, requiredCheck: CI_OK_JOB },
      napiPlatformPackages: this.napiPlatforms(),
    };
  }

  /** The platform packages of each napi-rs product, from the \`napi\` config of its package.json (read at synth). */
  private napiPlatforms(): Record<string, string[]> {
    const repo = new FsRepoReader(this.project.outdir);
    const napi = this.plan.tracks.flatMap((t) => t.products).filter((p) => p.publish && p.kind === ProductKind.NAPI);
    return Object.fromEntries(napi.map((p) => {
      const file = joinRepoPath(p.path, 'package.json');
      const text = repo.read(file);
      return [p.name, text === undefined ? [] : napiPlatformPackages(readNpmManifest(file, text))];
    }));
  }
}

/** O3: a trusted publisher names the workflow file and the environment; renaming either needs a conscious yes. */
function checkRename(facts: ReleaseWorkflowFacts, acknowledged: boolean): void {
  if (acknowledged || facts.trustedPublishers.length === 0) return;
  const renamed = [
    ...(facts.workflowFile !== RELEASE_WORKFLOW_FILE ? [`release.workflowFile: '${facts.workflowFile}' renames the release workflow (${RELEASE_WORKFLOW_FILE})`] : []),
    ...(facts.publishEnvironment !== PUBLISH_ENVIRONMENT ? [`release.publishEnvironment: '${facts.publishEnvironment}' renames the publish environment (${PUBLISH_ENVIRONMENT})`] : []),
  ];
  if (renamed.length === 0) return;
  throw new LockstepConfigError(
    `${renamed.join('; ')}. Every trusted publisher on crates.io, npm and PyPI (${facts.trustedPublishers.length} here) names both, so every publish fails until each one is updated. ` +
      `Update them as ${SECRETS_DOC_FILE}#${DOC_ANCHORS.renaming} says, then set \`trustedPublishing: { acknowledgeTrustedPublisherRename: true }\`.`,
  );
}

/** A generated, read-only Markdown file with the projen marker as an HTML comment. */
class DocFile extends FileBase {
  constructor(project: Project, filePath: string, private readonly render: (marker: string | undefined) => string) {
    super(project, filePath, { readonly: true, marker: true });
  }

  protected synthesizeContent(): string {
    return this.render(this.marker);
  }
}
