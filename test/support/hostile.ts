import * as fs from 'fs';
import * as path from 'path';
import { exampleProducts } from './example-products';
import { copyExample, git, gitInit, tempDir } from './fixtures';
import { SeenCommand, readStepOutputs, workflowCommands } from './runner-view';
import { FsRepoReader, buildPlan, libraryVersion, planConfigOf } from '../../src/model';
import { main } from '../../src/runtime';

/** Hostile text a fork pull request or a manifest can carry, as the security review fed it. */
export const HOSTILE = {
  forgedError: 'a\n::error file=src/lib.rs,line=1::Backdoor',
  addMask: 'x\n::add-mask::quill',
  crForged: 'y\r::warning::forged',
  legacy: 'z ##[add-mask]quill',
  fence: 'b\n```\n# Heading\n![img](evil.example/x.png)\n```',
  markup: 'c|d <img src=x onerror=alert(1)> @octocat #1 `e`',
} as const;

/** The example monorepo with a plan of this library's version, committed on main. */
export function exampleGitRepo(dir = tempDir('lockstep-hostile-')): { dir: string; base: string } {
  copyExample(dir);
  const reader = new FsRepoReader(dir);
  const plan = buildPlan(planConfigOf({ products: exampleProducts() }, reader, libraryVersion()), reader);
  fs.writeFileSync(path.join(dir, plan.planFile), JSON.stringify(plan, undefined, 2));
  gitInit(dir);
  return { dir, base: git(dir, 'rev-parse', 'HEAD').trim() };
}

/** Adds files (path → text) on a new branch and commits them. */
export function commitOnBranch(dir: string, branch: string, files: Record<string, string>, subject = 'change'): string {
  git(dir, 'checkout', '-q', '-b', branch);
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', subject);
  return git(dir, 'rev-parse', 'HEAD').trim();
}

/** What a job sees of one command run: exit code, the log, the workflow commands in it, outputs and summary. */
export interface JobView {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Every line of stdout and stderr the runner would run as a workflow command. */
  readonly commands: SeenCommand[];
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

/** Runs the real `lockstep` command (in-process, through `main`) the way a job step does, with its files. */
export async function asJobStep(cwd: string, argv: readonly string[], env: Record<string, string | undefined> = {}): Promise<JobView> {
  const files = tempDir('lockstep-job-');
  const output = path.join(files, 'output');
  const summaryFile = path.join(files, 'summary');
  fs.writeFileSync(output, '');
  fs.writeFileSync(summaryFile, '');
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    cwd,
    env: { ...env, GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summaryFile },
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr, commands: workflowCommands(stdout + stderr), outputs: readStepOutputs(output), summary: fs.readFileSync(summaryFile, 'utf8') };
}

/** The data of an annotation line, decoded as the runner decodes it. */
export function annotationData(line: string): string {
  return line.slice(line.indexOf('::', 2) + 2).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}
