// Issue 13's figures: the wall time of a full rehearsal of the example's release.yml (a first release and
// a re-run, `lockstep rehearse`) and its time per package published, side by side with publishing the
// same packages by hand with the registry clients in one script (cargo publish of the three crates in
// dependency order, maturin + twine upload of the wheel and sdist, npm pack + npm publish of quill-notes)
// against the same local servers. The hand script skips everything the workflow adds: checks, builds of
// FFI tarballs, tags, GitHub Releases, the summary. Needs `npx projen compile` and the registry tools.
//
//   npx ts-node --project tsconfig.dev.json bench/rehearse.ts
import * as fs from 'fs';
import * as path from 'path';
import { prepareRehearsal } from '../src/runtime/commands/rehearse';
import { cargoRegistryArgs, cratesRegistryOf } from '../src/runtime/registry/crates';
import { RunResult, ScenarioResult, rehearse } from '../src/runtime/rehearse/rehearsal';
import { startCrates, startNpm, startPypi, toolsIn } from '../src/runtime/rehearse/servers';
import { SpawnExec } from '../src/runtime/release/real-deps';
import { EXAMPLE_DIR, REPO_ROOT, tempDir } from '../test/support/fixtures';
import { EXAMPLE_WITHOUT } from '../test/support/rehearsal';

const exec = new SpawnExec(process.env, REPO_ROOT);

async function must(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<void> {
  const r = await exec.run(command, args, { cwd, env });
  if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.code}: ${r.stderr.slice(-1500)}`);
}

async function byHand(): Promise<{ seconds: number; publishSeconds: number; packages: number }> {
  const tools = toolsIn(path.join(REPO_ROOT, '.tools'));
  const dir = tempDir('lockstep-bench-by-hand-');
  const started = Date.now();
  const [npm, pypi, crates] = await Promise.all([startNpm(tools, path.join(dir, 'npm'), started), startPypi(tools, path.join(dir, 'pypi'), started), startCrates(tools, path.join(dir, 'crates'), started)]);
  try {
    const work = path.join(dir, 'work');
    const files = (await exec.run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: EXAMPLE_DIR })).stdout.split('\0').filter(Boolean);
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(work, f)), { recursive: true });
      fs.copyFileSync(path.join(EXAMPLE_DIR, f), path.join(work, f));
    }
    const cargo = cargoRegistryArgs(cratesRegistryOf(crates.indexUrl));
    const cargoEnv = { CARGO_HOME: path.join(dir, 'cargo-home'), [cargo.tokenEnv]: 'bench', CARGO_TERM_COLOR: 'never' };
    const t0 = Date.now();
    for (const crate of ['quill-engine', 'quill-ask', 'quill-mcp']) {
      await must('cargo', [...cargo.config, 'publish', '--locked', '--package', crate, ...cargo.publish, '--allow-dirty'], work, cargoEnv);
    }
    await must(path.join(tools.pypiVenvBin, 'maturin'), ['build', '--release', '--out', 'dist'], path.join(work, 'sdk/python'));
    await must(path.join(tools.pypiVenvBin, 'maturin'), ['sdist', '--out', 'dist'], path.join(work, 'sdk/python'));
    const dist = path.join(work, 'sdk/python/dist');
    await must(path.join(tools.pypiVenvBin, 'twine'), ['upload', '--non-interactive', ...fs.readdirSync(dist).map((f) => path.join(dist, f))], work, {
      TWINE_REPOSITORY_URL: pypi.uploadUrl, TWINE_USERNAME: pypi.username, TWINE_PASSWORD: pypi.password,
    });
    const npmrc = path.join(dir, 'npmrc');
    fs.writeFileSync(npmrc, `registry=${npm.url}\n${npm.url.replace(/^http:/, '')}:_authToken=${npm.token}\n`);
    await must('npm', ['publish', '--ignore-scripts', '--access', 'public'], path.join(work, 'examples/notes'), { NPM_CONFIG_USERCONFIG: npmrc, NPM_CONFIG_CACHE: path.join(dir, 'npm-cache') });
    const publishSeconds = (Date.now() - t0) / 1000;
    const packages = [npm, pypi, crates].flatMap((s) => s.proxy.uploads).filter((u) => u.status === 200).length;
    return { seconds: (Date.now() - started) / 1000, publishSeconds, packages };
  } finally {
    await Promise.all([npm.stop(), pypi.stop(), crates.stop()]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Where a step's time goes: what the rehearsal adds around the workflow, or the workflow's own work. */
function categoryOf(jobId: string, stepName: string): string {
  if (stepName === 'Check out') return 'checkout (git clone of the bare remote)';
  if (stepName === 'Install the lockstep CLI') return 'npm ci (+ linking the CLI)';
  if (stepName.startsWith('Set up')) return 'set-up steps (local equivalents)';
  if (jobId.startsWith('build-') || jobId.startsWith('check-')) return 'builds and package checks';
  if (jobId.startsWith('publish-')) return 'publishing steps';
  return 'other lockstep steps (plan, tags, releases, summary)';
}

/** Seconds per category over the runs of a scenario, with what lies outside the jobs. */
function profile(result: ScenarioResult): Array<[string, number]> {
  const totals = new Map<string, number>();
  const add = (k: string, s: number): void => {
    totals.set(k, (totals.get(k) ?? 0) + s);
  };
  const runSeconds = result.runs.reduce((n, r: RunResult) => n + r.seconds, 0);
  add('servers, venv, remote (scenario set-up and stop)', result.seconds - runSeconds);
  for (const run of result.runs) {
    const jobs = run.report.jobs;
    add('registry state before and after each run (the rehearsal\'s check)', run.seconds - jobs.reduce((n, j) => n + j.seconds, 0));
    for (const job of jobs) {
      const steps = job.steps.reduce((n, s) => n + s.seconds, 0);
      add('job set-up outside steps (workspace, env)', job.seconds - steps);
      for (const s of job.steps) add(categoryOf(job.id, s.name), s.seconds);
    }
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

async function main(): Promise<void> {
  const options = prepareRehearsal({ cwd: EXAMPLE_DIR, env: process.env, stdout: () => undefined, stderr: () => undefined }, {
    scenarios: ['rerun'], fail: [], without: EXAMPLE_WITHOUT,
  });
  const workDir = tempDir('lockstep-bench-rehearsal-');
  const t0 = Date.now();
  const [result] = await rehearse({ ...options, workDir, print: () => undefined });
  const total = (Date.now() - t0) / 1000;
  fs.rmSync(workDir, { recursive: true, force: true });
  if (result.problems.length > 0) throw new Error(`the rehearsal found problems: ${result.problems.join('; ')}`);
  const [first, rerun] = result.runs;
  const uploads = first.uploads.filter((u) => u.status === 200).length;
  const hand = await byHand();
  console.log(`Rehearsal of the example (${EXAMPLE_WITHOUT.join(', ')} left out) vs the same uploads by hand`);
  console.log('');
  console.log('| | wall time | uploads | per upload |');
  console.log('|---|---:|---:|---:|');
  console.log(`| lockstep rehearse: first release + re-run (servers included) | ${total.toFixed(1)} s | ${uploads} | ${(total / uploads).toFixed(1)} s |`);
  console.log(`| — first release (${first.report.jobs.filter((j) => j.result !== 'skipped').length} jobs run) | ${first.seconds.toFixed(1)} s | ${uploads} | ${(first.seconds / uploads).toFixed(1)} s |`);
  console.log(`| — re-run (publishes nothing) | ${rerun.seconds.toFixed(1)} s | ${rerun.uploads.filter((u) => u.status === 200).length} | — |`);
  console.log(`| by hand: cargo publish ×3, maturin + twine, npm publish (servers included) | ${hand.seconds.toFixed(1)} s | ${hand.packages} | ${(hand.seconds / hand.packages).toFixed(1)} s |`);
  console.log(`| — the publishing commands alone | ${hand.publishSeconds.toFixed(1)} s | ${hand.packages} | ${(hand.publishSeconds / hand.packages).toFixed(1)} s |`);
  console.log('');
  console.log(`The rehearsal also checks, builds the FFI tarball, tags, makes ${first.rows.filter((r) => r.target === 'github-release').length} GitHub Releases (stand-in), warms Go and writes the summary.`);
  console.log('');
  console.log('Where the rehearsal\'s time goes (both runs):');
  console.log('');
  console.log('| | seconds | share |');
  console.log('|---|---:|---:|');
  for (const [what, s] of profile(result)) console.log(`| ${what} | ${s.toFixed(1)} | ${((100 * s) / result.seconds).toFixed(0)} % |`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
