import * as fs from 'fs';
import * as path from 'path';
import { git, tempDir } from './fixtures';
import { GitCli } from '../../src/runtime/release/git';
import { SpawnExec } from '../../src/runtime/release/real-deps';

/** A release job's checkout: `dir` holds the remote's tags as they were when the job checked out, `remote` is that origin. */
export interface TaggedCheckout {
  readonly dir: string;
  readonly remote: string;
  readonly git: GitCli;
  /** Tags a later release pushed to the remote (after the checkout, unless `fetch` follows). */
  tagRemote(...tags: string[]): void;
  /** The checkout's fetch of every tag, as a job (re-)run checking out with fetch-depth 0 does. */
  fetch(): void;
}

/**
 * A bare origin with one commit carrying annotated `tags`, and a full clone of it in a temporary directory, as
 * a release job checks it out (fetch-depth 0: every tag). Real git, no fake.
 */
export function taggedCheckout(tags: readonly string[]): TaggedCheckout {
  const seed = tempDir('lockstep-seed-');
  fs.writeFileSync(path.join(seed, 'README.md'), 'a release commit\n');
  git(seed, 'init', '-q', '-b', 'main');
  git(seed, 'add', '-A');
  git(seed, 'commit', '-q', '-m', 'release');
  const remote = path.join(tempDir('lockstep-origin-'), 'origin.git');
  git(seed, 'clone', '-q', '--bare', seed, remote);
  const tagRemote = (...names: string[]): void => {
    for (const t of names) git(seed, 'tag', '-a', '-m', t, t);
    git(seed, 'push', '-q', remote, ...names.map((t) => `refs/tags/${t}`));
  };
  if (tags.length > 0) tagRemote(...tags);
  const dir = path.join(tempDir('lockstep-checkout-'), 'repo');
  git(path.dirname(dir), 'clone', '-q', remote, dir);
  return {
    dir,
    remote,
    git: new GitCli(new SpawnExec(process.env, dir)),
    tagRemote,
    fetch: () => git(dir, 'fetch', '-q', '--tags', 'origin'),
  };
}
