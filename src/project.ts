import { execSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Project, ProjectOptions, typescript } from 'projen';
import { BootstrapProjenrc, trustedPublishingOf } from './components/bootstrap-projenrc';
import { LockstepRelease, LockstepReleaseOptions } from './components/lockstep-release';
import {
  BootstrapProposal,
  FsRepoReader,
  PROJENRC_COMPILER_OPTIONS,
  PROJENRC_FILE,
  PROJENRC_RUNNER,
  TOOL_VERSIONS,
  libraryVersion,
  productOf,
  proposeBootstrap,
} from './model';

/** Options of a LockstepReleaseProject: a projen project plus the lockstep release. */
export interface LockstepReleaseProjectOptions extends ProjectOptions, LockstepReleaseOptions {}

/** The lockfile `npm ci` installs the root's npm packages from, anchored to the root. */
const ROOT_NPM_LOCKFILE = '/package-lock.json';

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

  /** `projen new` in a repository whose `.projenrc.ts` was written by hand: synth runs that file instead. */
  private readonly handWritten: boolean;

  constructor(options: LockstepReleaseProjectOptions) {
    const handWritten = isProjenNew(options) && fs.existsSync(path.join(path.resolve(options.outdir ?? '.'), PROJENRC_FILE));
    const bootstrap = handWritten ? undefined : bootstrapProposal(options);
    const effective = bootstrap === undefined ? options : withProposal(options, bootstrap);
    super(effective);
    this.handWritten = handWritten;
    // Before ProjenrcTs: it writes .projenrc.ts first, so ProjenrcTs finds one and writes none.
    const bootstrapping = bootstrap === undefined ? undefined : new BootstrapProjenrc(this, bootstrap!);
    if (bootstrap !== undefined) {
      for (const [pattern, ...attributes] of bootstrap.gitattributes) this.gitattributes.addAttributes(pattern, ...attributes);
    }
    // A plain Project has an empty default task: ProjenrcTs makes `npx projen` re-run .projenrc.ts.
    const projenrc = new typescript.ProjenrcTs(this);
    // The runner compiles .projenrc.ts with these options on every run; the tsconfig carries the same for
    // editors (ProjenrcTs writes none, and an empty tsconfig compiles for ES5: TS2802 on a second run).
    projenrc.tsconfig.file.addOverride('compilerOptions', PROJENRC_COMPILER_OPTIONS);
    this.defaultTask!.reset(PROJENRC_COMMAND);
    this.gitignore.exclude(...BUILD_OUTPUT_PATTERNS);
    // The options `projen new` gives a hand-written repository are not its configuration: its own
    // .projenrc.ts is, and synth() runs it. Nothing reads the release of this stand-in project.
    try {
      this.release = handWritten ? (undefined as unknown as LockstepRelease) : new LockstepRelease(this, effective);
    } catch (e) {
      // A repository the proposal cannot release as it is (a check of a generated file refused it).
      if (bootstrapping === undefined) throw e;
      bootstrapping.undo();
      throw asProjenNewMessage(e);
    }
  }

  /**
   * Un-ignores the root package-lock.json of an npm root, after every other ignore pattern.
   *
   * This runs after .projenrc.ts added its own patterns. Every generated job installs the lockstep CLI with `npm ci`, which fails without a committed
   * lockfile, and a repository adopting the library may ignore `package-lock.json` in its own .gitignore
   * (carried into gitIgnoreOptions): the lockfile projen's npm install writes would then never be
   * committed. Git lets the last matching pattern win, so `!/package-lock.json` here keeps it committed.
   * A pnpm repository installs from pnpm-lock.yaml: its ignore patterns are left as they are.
   */
  public preSynthesize(): void {
    super.preSynthesize();
    if (this.handWritten || this.release._plan.packageManager !== undefined) return;
    this.gitignore.include(ROOT_NPM_LOCKFILE);
  }

  /**
   * Synthesizes the project. Under `projen new` in a repository that already has a hand-written
   * `.projenrc.ts`, runs that file the way `npx projen` does (it writes every file, tasks included), so
   * the first synthesis needs no by-hand ts-node step and later runs are plain `npx projen`.
   */
  public synth(): void {
    if (!this.handWritten) {
      super.synth();
      return;
    }
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.PROJEN_CREATE_PROJECT;
    try {
      execSync(PROJENRC_COMMAND, { cwd: this.outdir, env, stdio: 'inherit' });
    } catch {
      const e = new Error(`${PROJENRC_FILE} failed (the message above says why); fix it and run \`npx projen new --from projen-lockstep-release\` again.`);
      e.stack = `projen new --from projen-lockstep-release: ${e.message}`;
      throw e;
    }
  }
}

/**
 * What `npx projen` runs (the default task): the library's runner loads .projenrc.ts and prints a
 * configuration mistake as one message (no stack). `npx -p` pairs ts-node with the newest TypeScript,
 * which broke ts-node at 7, so both are pinned; a repository that installs them uses its own.
 */
const PROJENRC_COMMAND = `npx -y -p ts-node@${TOOL_VERSIONS.projenrcTsNode} -p typescript@${TOOL_VERSIONS.projenrcTypescript} -c "node ${PROJENRC_RUNNER}"`;

/** Whether the project is being constructed by `projen new` for a repository given no products. */
function isProjenNew(options: LockstepReleaseProjectOptions): boolean {
  return process.env.PROJEN_CREATE_PROJECT === 'true' && options.products === undefined && options.tracks === undefined;
}

/**
 * The proposal for `projen new` in an existing repository (no `.projenrc.ts` yet, no products given):
 * undefined otherwise. A repository it cannot bootstrap fails with the one message saying why.
 */
function bootstrapProposal(options: LockstepReleaseProjectOptions): BootstrapProposal | undefined {
  const outdir = path.resolve(options.outdir ?? '.');
  if (!isProjenNew(options)) return undefined;
  try {
    return proposeBootstrap(new FsRepoReader(outdir), libraryVersion());
  } catch (e) {
    throw asProjenNewMessage(e);
  }
}

/**
 * `projen new` lets any error it did not raise itself end the process as an uncaught exception (a source
 * line, the stack, the error's fields). A mistake in the repository is one message: print it and exit, as
 * projen's own CLI errors do. Anything else is rethrown with its stack.
 */
function asProjenNewMessage(e: unknown): unknown {
  if (e instanceof Error && (e.name === 'LockstepConfigError' || e.name === 'ManifestError')) {
    const nothing = e.message.includes('Nothing was written') ? '' : '\nNothing was written by this library.';
    process.stderr.write(`projen new --from projen-lockstep-release: ${e.message}${nothing}\n`);
    process.exit(1);
  }
  return e;
}

function withProposal(options: LockstepReleaseProjectOptions, proposal: BootstrapProposal): LockstepReleaseProjectOptions {
  const trusted = trustedPublishingOf(proposal.keep);
  return {
    ...options,
    products: proposal.products.map(productOf),
    // Only when there are some: the rendered .projenrc.ts leaves the option out otherwise, and the plan
    // records the options it was made from.
    ...(proposal.excludeManifests.length > 0 ? { excludeManifests: proposal.excludeManifests.map((e) => e.file) } : {}),
    ...(proposal.pinFollowers.length > 0 ? { pinFollowers: proposal.pinFollowers.map((f) => f.file) } : {}),
    gitIgnoreOptions: { ...options.gitIgnoreOptions, ignorePatterns: [...(options.gitIgnoreOptions?.ignorePatterns ?? []), ...proposal.gitignore] },
    // The options that keep the repository's own files, as the rendered .projenrc.ts sets them.
    ...(proposal.keep.ciOff ? { ci: { ...options.ci, enabled: false } } : {}),
    ...(proposal.keep.releasePrOff ? { releasePr: { ...options.releasePr, enabled: false } } : {}),
    ...(proposal.keep.releaseWorkflow ? { release: { ...options.release, workflowFile: proposal.keep.releaseWorkflow.file } } : {}),
    ...(proposal.keep.bumpScript ? { bumpScript: { ...options.bumpScript, path: proposal.keep.bumpScript.file } } : {}),
    ...(Object.keys(trusted).length > 0 ? { trustedPublishing: { ...options.trustedPublishing, ...trusted } } : {}),
  };
}
