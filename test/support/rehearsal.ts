import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLE_DIR, REPO_ROOT, git, projectIn, tempDir } from './fixtures';
import { fixtureCargoEnv, handOverOwnFiles, realRepo } from './real-repos';
import { LockstepReleaseProjectOptions } from '../../src';
import { prepareRehearsal } from '../../src/runtime/commands/rehearse';
import { ScenarioResult, rehearse } from '../../src/runtime/rehearse/rehearsal';

/**
 * Products of the example a rehearsal on this machine leaves out: quill-desktop (the example does not
 * declare the Tauri CLI its build job runs). quill-node is rehearsed: the example declares the napi-rs CLI,
 * and its platform packages for other platforms are named as not rehearsed
 * (src/runtime/rehearse/napi-platforms.ts). quill-wasm is rehearsed: its build job's binaryen download from
 * GitHub, which this machine cannot reach, is replaced by Debian's wasm-opt, and its wasm-pack and
 * wasm-bindgen-cli are the builds .ci/install-wasm-tools.sh made (src/runtime/rehearse/build-tools.ts).
 */
export const EXAMPLE_WITHOUT = ['quill-desktop'];

/** A rehearsal of the example's scenarios: minutes on two shared cores, beyond the 120 s hook default. */
export const REHEARSAL_TIMEOUT_MS = 1_200_000;

/** What a rehearsal in a test is asked for. */
export interface TestRehearsal {
  readonly scenarios: string[];
  readonly fail?: string[];
  /** How the registries fail the `fail` packages: refused (the default) or server-stopped. */
  readonly failure?: string;
  readonly without?: string[];
  /** The name of the log under test-reports/ (rehearsal-<name>.log); the scenarios by default. */
  readonly log?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Reads the rehearsal's files (checkouts, registry storage) before they are removed. */
  readonly inspect?: (workDir: string) => void;
}

/** Rehearses the release workflow of `repoDir` and returns each scenario's result and the output (also in test-reports/). */
export async function rehearseIn(repoDir: string, request: TestRehearsal): Promise<{ results: ScenarioResult[]; printed: string[] }> {
  const printed: string[] = [];
  const options = prepareRehearsal({ cwd: repoDir, env: request.env ?? process.env, stdout: () => undefined, stderr: () => undefined }, {
    scenarios: request.scenarios, fail: request.fail ?? [], failure: request.failure, without: request.without ?? [],
  });
  const workDir = tempDir('lockstep-rehearsal-test-');
  try {
    const results = await rehearse({ ...options, workDir, print: (line) => printed.push(line) });
    request.inspect?.(workDir);
    return { results, printed };
  } finally {
    // The rehearsal's own output, for whoever reads a failed test: test-reports/rehearsal-<name>.log.
    fs.mkdirSync(path.join(REPO_ROOT, 'test-reports'), { recursive: true });
    fs.writeFileSync(path.join(REPO_ROOT, 'test-reports', `rehearsal-${request.log ?? request.scenarios.join('-')}.log`), `${printed.join('\n')}\n`);
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** Rehearses the example's release.yml (real verdaccio, pypiserver, estuary; the GitHub stand-in) and returns each scenario's result and the output. */
export async function rehearseExample(
  scenarios: string[], fail: string[] = [], inspect?: (workDir: string) => void,
): Promise<{ results: ScenarioResult[]; printed: string[] }> {
  return rehearseIn(EXAMPLE_DIR, { scenarios, fail, without: EXAMPLE_WITHOUT, inspect });
}

/** A fixture's configuration, as `.projenrc.ts` would pass it. */
type FixtureOptions = Partial<LockstepReleaseProjectOptions>;

/**
 * A real-shape fixture adopted as a maintainer adopts the library: its own workflows handed over, the
 * project synthesized with the fixture's configuration (the generated release.yml is what the rehearsal
 * runs), and a root package.json whose lockfile `npm ci` accepts. It declares no projen-lockstep-release
 * (this build is not in a registry the machine reaches), so the rehearsal links this library's build and
 * says so. Everything is committed on `main`. `adjust` changes the configuration where a test's maintainer
 * declares something else (the test says why).
 */
export function adoptedFixture(name: string, adjust: (options: FixtureOptions) => FixtureOptions = (o) => o): string {
  const repo = realRepo(name);
  handOverOwnFiles(repo.dir);
  const post = process.env.PROJEN_DISABLE_POST;
  process.env.PROJEN_DISABLE_POST = 'true';
  try {
    projectIn(repo.dir, adjust(repo.fixture.options())).synth();
  } finally {
    if (post === undefined) delete process.env.PROJEN_DISABLE_POST;
    else process.env.PROJEN_DISABLE_POST = post;
  }
  if (!fs.existsSync(path.join(repo.dir, 'package.json'))) {
    fs.writeFileSync(path.join(repo.dir, 'package.json'), `${JSON.stringify({ name: `${name}-release`, private: true }, null, 2)}\n`);
    fs.writeFileSync(path.join(repo.dir, 'package-lock.json'), `${JSON.stringify({
      name: `${name}-release`, lockfileVersion: 3, requires: true, packages: { '': { name: `${name}-release` } },
    }, null, 2)}\n`);
  }
  git(repo.dir, 'add', '-A');
  git(repo.dir, 'commit', '-q', '-m', 'adopt projen-lockstep-release');
  return repo.dir;
}

/** Rehearses a real-shape fixture (see adoptedFixture), cargo on this machine's default toolchain. */
export async function rehearseFixture(name: string, request: TestRehearsal): Promise<{ results: ScenarioResult[]; printed: string[] }> {
  return rehearseIn(adoptedFixture(name), { ...request, log: request.log ?? `${name}-${request.scenarios.join('-')}`, env: fixtureCargoEnv() });
}
