import { Project, ProjectOptions, typescript } from 'projen';
import { LockstepRelease, LockstepReleaseOptions } from './components/lockstep-release';
import { PROJENRC_COMPILER_OPTIONS, PROJENRC_RUNNER, TOOL_VERSIONS } from './model';

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
    const projenrc = new typescript.ProjenrcTs(this);
    // The runner compiles .projenrc.ts with these options on every run; the tsconfig carries the same for
    // editors (ProjenrcTs writes none, and an empty tsconfig compiles for ES5: TS2802 on a second run).
    projenrc.tsconfig.file.addOverride('compilerOptions', PROJENRC_COMPILER_OPTIONS);
    // The library's runner loads .projenrc.ts and prints a configuration mistake as one message (no
    // stack). `npx -p` pairs ts-node with the newest TypeScript, which broke ts-node at 7, so both are
    // pinned; a repository that installs them as devDependencies uses its own.
    this.defaultTask!.reset(
      `npx -y -p ts-node@${TOOL_VERSIONS.projenrcTsNode} -p typescript@${TOOL_VERSIONS.projenrcTypescript} -c "node ${PROJENRC_RUNNER}"`,
    );
    this.gitignore.exclude(...BUILD_OUTPUT_PATTERNS);
    this.release = new LockstepRelease(this, options);
  }
}
