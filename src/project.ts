import { Project, ProjectOptions, typescript } from 'projen';
import { LockstepRelease, LockstepReleaseOptions } from './components/lockstep-release';
import { TOOL_VERSIONS } from './model';

/** Options of a LockstepReleaseProject: a projen project plus the lockstep release. */
export interface LockstepReleaseProjectOptions extends ProjectOptions, LockstepReleaseOptions {}

/** Ignore patterns for the build output of the ecosystems a polyglot monorepo mixes. */
const BUILD_OUTPUT_PATTERNS = ['target/', 'node_modules/', '__pycache__/', '.venv/', '*.tsbuildinfo'];

/**
 * A polyglot monorepo released in lockstep: one version, one release PR and one coordinated publish.
 *
 * `npx projen new --from projen-lockstep-release` in an existing repository creates `.projenrc.ts` with
 * this project type; every later `npx projen` re-runs `.projenrc.ts` and regenerates the release files.
 *
 * @pjid lockstep-release
 */
export class LockstepReleaseProject extends Project {
  /** The lockstep release of this project. */
  public readonly release: LockstepRelease;

  constructor(options: LockstepReleaseProjectOptions) {
    super(options);
    // A plain Project has an empty default task: ProjenrcTs makes `npx projen` re-run .projenrc.ts.
    new typescript.ProjenrcTs(this);
    // ProjenrcTs runs `npx -p ts-node`, which pairs ts-node with the newest TypeScript; TypeScript 7 broke
    // ts-node, so the runner pins both. A repository that installs them as devDependencies uses its own.
    this.defaultTask!.reset(
      `npx -y -p ts-node@${TOOL_VERSIONS.projenrcTsNode} -p typescript@${TOOL_VERSIONS.projenrcTypescript} -c "ts-node --project tsconfig.projen.json .projenrc.ts"`,
    );
    this.gitignore.exclude(...BUILD_OUTPUT_PATTERNS);
    this.release = new LockstepRelease(this, options);
  }
}
