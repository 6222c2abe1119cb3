import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from './fixtures';

/**
 * The directory of the real napi-rs CLI of `major` that `bash .ci/install-fixture-tools.sh` installs under
 * .tools (3 is the pinned one, 2 the one v2 repositories declare); a test fails saying how to install it.
 */
export function napiCliDir(major: 2 | 3): string {
  const cli = path.join(REPO_ROOT, '.tools', `napi-cli-${major}`, 'node_modules', '@napi-rs', 'cli');
  if (!fs.existsSync(path.join(cli, 'package.json'))) throw new Error(`@napi-rs/cli ${major} is not installed: run bash .ci/install-fixture-tools.sh`);
  return cli;
}

/** The argv that runs napi-rs CLI `major` with node: its entry script, then `args`. */
export function napiCliArgv(major: 2 | 3, args: readonly string[]): string[] {
  return [path.join(napiCliDir(major), major === 3 ? 'dist/cli.js' : 'scripts/index.js'), ...args];
}
