import { END_OF_OPTIONS } from '../git-args';
import { CommitChange, Exec, Git, TagRef } from './ports';

/** The tagger of the tags a release makes (the identity of the Actions token that pushes them). */
const RELEASE_IDENTITY = {
  GIT_COMMITTER_NAME: 'github-actions[bot]',
  GIT_COMMITTER_EMAIL: '41898282+github-actions[bot]@users.noreply.github.com',
};

/** Git through the `git` CLI in the working directory. */
export class GitCli implements Git {
  constructor(private readonly exec: Exec, private readonly cwd?: string) {}

  private async git(args: string[], env?: Record<string, string>): Promise<string> {
    const r = await this.exec.run('git', args, { cwd: this.cwd, env });
    if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed (exit ${r.code}): ${(r.stderr || r.stdout).trim()}`);
    return r.stdout;
  }

  public async revParse(rev: string): Promise<string> {
    return (await this.git(['rev-parse', '--verify', '--quiet', END_OF_OPTIONS, `${rev}^{commit}`])).trim();
  }

  public async localTags(): Promise<Map<string, TagRef>> {
    const out = await this.git(['for-each-ref', '--format=%(refname)%09%(objecttype)%09%(objectname)%09%(*objectname)', 'refs/tags']);
    const tags = new Map<string, TagRef>();
    for (const line of out.split('\n').filter(Boolean)) {
      const [ref, type, object, peeled] = line.split('\t');
      const name = ref.replace(/^refs\/tags\//, '');
      tags.set(name, { name, commit: type === 'tag' ? peeled : object, annotated: type === 'tag' });
    }
    return tags;
  }

  public async remoteTags(remote: string): Promise<Map<string, TagRef>> {
    const out = await this.git(['ls-remote', '--tags', END_OF_OPTIONS, remote]);
    const direct = new Map<string, string>();
    const peeled = new Map<string, string>();
    for (const line of out.split('\n').filter(Boolean)) {
      const [sha, ref] = line.split('\t');
      const name = ref.replace(/^refs\/tags\//, '');
      if (name.endsWith('^{}')) peeled.set(name.slice(0, -3), sha);
      else direct.set(name, sha);
    }
    // ls-remote lists an annotated tag twice: the tag object, then `^{}` with the commit it points at.
    return new Map([...direct].map(([name, sha]) => [name, { name, commit: peeled.get(name) ?? sha, annotated: peeled.has(name) }]));
  }

  public async show(commit: string, file: string): Promise<string | undefined> {
    const r = await this.exec.run('git', ['show', END_OF_OPTIONS, `${commit}:${file}`], { cwd: this.cwd });
    if (r.code === 0) return r.stdout;
    if (/does not exist|exists on disk, but not in/.test(r.stderr)) return undefined;
    throw new Error(`git show ${commit}:${file} failed (exit ${r.code}): ${r.stderr.trim()}`);
  }

  public async firstParentLog(rev: string, file: string): Promise<string[]> {
    return (await this.git(['log', '--first-parent', '--format=%H', END_OF_OPTIONS, rev, '--', file])).split('\n').filter(Boolean);
  }

  public async commitsSince(since: string | undefined, rev: string): Promise<CommitChange[]> {
    // -z: file names as they are; each commit starts with RS, its hash and subject apart by US.
    const range = since === undefined ? [rev] : [`^${since}`, rev];
    const out = await this.git(['log', '--no-merges', '--no-renames', '--format=%x1e%H%x1f%s', '--name-only', '-z', END_OF_OPTIONS, ...range, '--']);
    const commits: Array<{ sha: string; subject: string; files: string[] }> = [];
    let first = false;
    for (const token of out.split('\0')) {
      const header = /^\x1e([0-9a-f]+)\x1f([^]*)$/.exec(token);
      if (header) {
        commits.push({ sha: header[1], subject: header[2], files: [] });
        first = true;
      } else if (token !== '' && commits.length > 0) {
        // git puts a newline between a commit's subject and its first file.
        commits[commits.length - 1].files.push(first && token.startsWith('\n') ? token.slice(1) : token);
        first = false;
      }
    }
    return commits;
  }

  public async isAncestor(ancestor: string, rev: string): Promise<boolean> {
    const r = await this.exec.run('git', ['merge-base', '--is-ancestor', END_OF_OPTIONS, ancestor, rev], { cwd: this.cwd });
    if (r.code === 0 || r.code === 1) return r.code === 0;
    throw new Error(`git merge-base --is-ancestor ${ancestor} ${rev} failed (exit ${r.code}): ${r.stderr.trim()}`);
  }

  public async createAnnotatedTag(name: string, commit: string, message: string): Promise<void> {
    // No -f: git refuses to replace an existing tag, the second guard after the check in tag.ts.
    await this.git(['-c', 'tag.gpgSign=false', 'tag', '-a', '-m', message, END_OF_OPTIONS, name, commit], RELEASE_IDENTITY);
  }

  public async pushTags(remote: string, names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    // --atomic: all tags land or none; no --force and no `+` refspec, so an existing tag never moves.
    await this.git(['push', '--atomic', '--porcelain', END_OF_OPTIONS, remote, ...names.map((n) => `refs/tags/${n}:refs/tags/${n}`)]);
  }
}
