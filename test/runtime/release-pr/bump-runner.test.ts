import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { crateRepo, filesOf, lockstepIn, repoState } from './support';
import { parseBumpJson } from '../../../src/runtime/release-pr/bump-runner';
import { git } from '../../support/fixtures';

/** A stand-in for the generated bump script: sets the crate's version, leaves junk behind, prints its report. */
function bumpScript(report: string, exit = 0): string {
  return [
    '#!/usr/bin/env bash',
    'set -euo pipefail',
    'cd "$(dirname "$0")/.."',
    'printf \'%s\\n\' "$*" > bump-args.txt',
    'sed -i "s/^version = .*/version = \\"$1\\"/" Cargo.toml',
    `printf '%s\\n' '${report}'`,
    exit === 0 ? 'exit 0' : `echo "lockstep bump: cannot bump" >&2; exit ${exit}`,
    '',
  ].join('\n');
}

describe('the bump the release PR runs', () => {
  it('B7: GIVEN the generated bump script WHEN the release is committed with --bump-script THEN the script runs with --json and its report decides the commit', async () => {
    const repo = crateRepo('1.0.0', { 'scripts/bump-version.sh': bumpScript('{"changedFiles":["Cargo.toml"]}') });

    const r = await lockstepIn(repo, 'release-pr', 'commit', '--version', '1.1.0', '--bump-script', 'scripts/bump-version.sh');

    expect(r.stderr).toBe('');
    expect(fs.readFileSync(path.join(repo.dir, 'bump-args.txt'), 'utf8')).toBe('1.1.0 --track default --json\n');
    expect(filesOf(repo.remote, 'release/v1.1.0')).toEqual(['Cargo.toml']);
    expect(git(repo.remote, 'show', 'release/v1.1.0:Cargo.toml')).toContain('version = "1.1.0"');
  });

  it('GIVEN a bump script that fails WHEN the release is committed THEN its message is shown, the clone is back on main and nothing is pushed', async () => {
    const repo = crateRepo('1.0.0', { 'scripts/bump-version.sh': bumpScript('', 1) });
    const before = repoState(repo);

    const r = await lockstepIn(repo, 'release-pr', 'commit', '--version', '1.1.0', '--bump-script', 'scripts/bump-version.sh');

    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/scripts\/bump-version\.sh 1\.1\.0 failed \(exit 1\); no commit was made:\nlockstep bump: cannot bump/);
    fs.rmSync(path.join(repo.dir, 'bump-args.txt'));
    expect(repoState(repo)).toEqual(before);
  });

  it('GIVEN a bump report naming a file outside the plan WHEN the release is committed THEN it is refused and the edits are undone', async () => {
    const repo = crateRepo('1.0.0', { 'scripts/bump-version.sh': bumpScript('{"changedFiles":["Cargo.toml","src/lib.rs"]}') });
    const before = repoState(repo);

    const r = await lockstepIn(repo, 'release-pr', 'commit', '--version', '1.1.0', '--bump-script', 'scripts/bump-version.sh');

    expect(r.stderr).toMatch(/the bump reported changing src\/lib\.rs, which the plan does not list/);
    fs.rmSync(path.join(repo.dir, 'bump-args.txt'));
    expect(repoState(repo)).toEqual(before);
  });

  it.each([
    ['bumped everything\n', /printed no JSON report \(last line: 'bumped everything'\)/],
    ['{"files":[]}\n', /a report without a changedFiles list/],
  ])('GIVEN the bump printed %j WHEN its report is read THEN it is an error, never an empty commit', (stdout, message) => {
    expect(() => parseBumpJson(stdout, 'scripts/bump-version.sh')).toThrow(message);
  });
});
