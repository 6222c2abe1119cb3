import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { runWorkflow } from '../../../src/runtime/rehearse/runner';
import { parseWorkflow } from '../../../src/runtime/rehearse/workflow';
import { SpawnExec } from '../../../src/runtime/release/real-deps';
import { REPO_ROOT, tempDir } from '../../support/fixtures';

/**
 * Each rehearsal job has its own CARGO_HOME, as each GitHub job has a fresh runner: a tool one job
 * cargo-installs is on that job's PATH, not on a later job's. Only cargo's download caches are shared.
 * The install is what `cargo install` leaves (a binary in `$CARGO_HOME/bin`), written by the step itself.
 */

const WORKFLOW = `
name: release
on: workflow_dispatch
jobs:
  tools:
    runs-on: ubuntu-latest
    steps:
      - name: Install mytool
        run: |
          mkdir -p "$CARGO_HOME/bin"
          printf '#!/bin/sh\\necho mytool ran\\n' > "$CARGO_HOME/bin/mytool"
          chmod +x "$CARGO_HOME/bin/mytool"
      - name: Run mytool
        run: mytool
      - name: Fetch a crate
        run: mkdir -p "$CARGO_HOME/registry/cache" && echo crate > "$CARGO_HOME/registry/cache/x.crate"
  later:
    runs-on: ubuntu-latest
    needs: tools
    steps:
      - name: The fetched crate is cached
        run: test -f "$CARGO_HOME/registry/cache/x.crate"
      - name: Run mytool
        run: mytool
`;

describe('a job\'s CARGO_HOME', () => {
  it('GIVEN a job that cargo-installs a tool WHEN a later job runs it THEN it is not found there, while the installing job ran it and the crate cache is shared', async () => {
    const dir = tempDir('lockstep-job-cargo-home-');
    const shared = path.join(dir, 'cargo-home');
    const baseEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, CARGO_HOME: shared };
    const report = await runWorkflow({
      exec: new SpawnExec(baseEnv, REPO_ROOT),
      workflow: parseWorkflow(WORKFLOW, 'release.yml'),
      dir: path.join(dir, 'run'),
      remote: path.join(dir, 'remote.git'),
      baseEnv,
      github: {},
      secrets: {},
      host: { platform: 'linux-x64', target: 'x86_64-unknown-linux-gnu' },
      without: [],
      actions: { tools: { maturin: 'maturin' }, cratesToken: '', libraryRoot: REPO_ROOT },
    }, { event: 'workflow_dispatch', ref: 'refs/heads/main', sha: '0'.repeat(40), inputs: {} });
    const [tools, later] = report.jobs;
    expect(tools.steps.map((s) => [s.name, s.outcome])).toEqual([['Install mytool', 'success'], ['Run mytool', 'success'], ['Fetch a crate', 'success']]);
    expect(later.steps.map((s) => [s.name, s.outcome])).toEqual([['The fetched crate is cached', 'success'], ['Run mytool', 'failure']]);
    expect(later.steps[1].tail).toMatch(/mytool: command not found/);
    expect(fs.existsSync(path.join(shared, 'bin', 'mytool'))).toBe(false);
    expect(fs.readFileSync(path.join(shared, 'registry', 'cache', 'x.crate'), 'utf8')).toBe('crate\n');
  });
});
