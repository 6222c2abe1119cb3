import * as fs from 'fs';
import * as path from 'path';
import { ExecResult } from '../release/ports';

/** A file of a branch as the stand-in keeps it. */
export interface StandInBranchFile {
  sha: string;
  text: string;
}

/**
 * Issue 17: the routes of GitHub's REST API that `gh api` calls for the updater branch (branches, git trees,
 * commits and refs, the contents API), in memory, for rehearsals and tests: GitHub cannot be reached from
 * either. 404 and 409 are answered in gh's words, and a write with a stale blob sha is refused, as GitHub does.
 */
export class GitApiStandIn {
  public readonly branches = new Map<string, Map<string, StandInBranchFile>>();
  private readonly trees = new Map<string, Map<string, StandInBranchFile>>();
  private readonly commits = new Map<string, string>();
  private next = 0;

  /** Answers `gh api <args>` run in `cwd` (where `--input` files are). */
  public run(args: readonly string[], cwd: string): ExecResult {
    const fields = new Map<string, string>();
    let method = 'GET';
    let input: string | undefined;
    const positional: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '--method') {
        method = args[++i];
      } else if (a === '--input') {
        input = args[++i];
      } else if (a === '-f') {
        const [k, ...v] = args[++i].split('=');
        fields.set(k, v.join('='));
      } else if (a.startsWith('-') && a !== '--silent') {
        return { code: 1, stdout: '', stderr: `unknown flag: ${a}` };
      } else if (!a.startsWith('-')) {
        positional.push(a);
      }
    }
    const notFound = { code: 1, stdout: '{"message":"Not Found"}', stderr: 'gh: Not Found (HTTP 404)' };
    const ok = (value: unknown): ExecResult => ({ code: 0, stdout: JSON.stringify(value), stderr: '' });
    const sha = () => `sha${++this.next}`;
    const repoRoute = positional.length === 1 ? /^repos\/[^/]+\/[^/]+\/(.*)$/.exec(positional[0]) : null;
    if (!repoRoute) return { code: 1, stdout: '', stderr: `rehearsal gh stand-in: \`gh api ${positional.join(' ')}\` is not stood in for` };
    const [route, query] = repoRoute[1].split('?');
    const body = input === undefined ? undefined : JSON.parse(fs.readFileSync(path.resolve(cwd, input), 'utf8'));
    if (method === 'GET' && route.startsWith('branches/')) return this.branches.has(route.slice('branches/'.length)) ? ok({}) : notFound;
    if (method === 'POST' && route === 'git/trees') {
      const id = sha();
      this.trees.set(id, new Map(body.tree.map((t: { path: string; content: string }) => [t.path, { sha: sha(), text: t.content }])));
      return ok({ sha: id });
    }
    if (method === 'POST' && route === 'git/commits') {
      if (!this.trees.has(body.tree) || body.parents.length !== 0) return { code: 1, stdout: '', stderr: 'gh: Tree SHA does not exist (HTTP 422)' };
      const id = sha();
      this.commits.set(id, body.tree);
      return ok({ sha: id });
    }
    if (method === 'POST' && route === 'git/refs') {
      const branch = fields.get('ref')!.replace(/^refs\/heads\//, '');
      if (this.branches.has(branch)) return { code: 1, stdout: '', stderr: 'gh: Reference already exists (HTTP 422)' };
      this.branches.set(branch, new Map(this.trees.get(this.commits.get(fields.get('sha')!)!)));
      return ok({});
    }
    if (route.startsWith('contents/')) {
      const file = route.slice('contents/'.length);
      const branch = method === 'GET' ? new URLSearchParams(query).get('ref')! : fields.get('branch')!;
      const files = this.branches.get(branch);
      if (!files) return notFound;
      const current = files.get(file);
      if (method === 'GET' && current === undefined) {
        // A directory: its entries, as GitHub lists them (sorted by name), files and subdirectories.
        const names = [...new Set([...files.keys()].filter((f) => f.startsWith(`${file}/`)).map((f) => f.slice(file.length + 1).split('/')[0]))].sort();
        return names.length > 0
          ? ok(names.map((n) => ({ name: n, path: `${file}/${n}`, type: files.has(`${file}/${n}`) ? 'file' : 'dir', sha: files.get(`${file}/${n}`)?.sha ?? 'tree' })))
          : notFound;
      }
      if (method === 'GET') return ok({ sha: current!.sha, content: Buffer.from(current!.text).toString('base64') });
      if (method !== 'PUT') return { code: 1, stdout: '', stderr: `rehearsal gh stand-in: \`gh api --method ${method} contents/\` is not stood in for` };
      if (current !== undefined && fields.get('sha') !== current.sha) return { code: 1, stdout: '', stderr: `gh: ${file} does not match ${fields.get('sha') ?? '(no sha)'} (HTTP 409)` };
      files.set(file, { sha: sha(), text: Buffer.from(fields.get('content')!, 'base64').toString('utf8') });
      return ok({});
    }
    return { code: 1, stdout: '', stderr: `rehearsal gh stand-in: \`gh api --method ${method} ${route}\` is not stood in for` };
  }
}
