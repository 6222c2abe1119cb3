import * as fs from 'fs';
import * as path from 'path';
import { GitApiStandIn } from '../../src/runtime/rehearse/git-api-stand-in';
import { Exec, ExecResult } from '../../src/runtime/release/ports';

/** A release as the fake keeps it. */
export interface FakeRelease {
  isDraft: boolean;
  assets: string[];
  notes: string;
  prerelease: boolean;
  latest?: boolean;
  title?: string;
  /** The text of assets whose file was uploaded, by asset name (what `download` writes back). */
  contents?: Record<string, string>;
}

/** gh's flags taking a value, and its switches, of the `gh release` commands used. */
const VALUE_FLAGS = new Set(['--repo', '--json', '--title', '--notes', '--notes-file', '--pattern', '--dir']);
const SWITCHES = new Set(['--draft', '--draft=false', '--verify-tag', '--prerelease', '--latest', '--latest=false', '--clobber']);

/**
 * The GitHub API behind the gh CLI, faked in memory: GitHub cannot be reached from the tests (the one fake the
 * runtime tests allow). It answers as gh does: an unknown flag or a stray argument is an error, `view` prints
 * JSON only for the fields asked with --json, `create` refuses a tag that has a release, `upload` needs files.
 * As GitHub, a release holds one asset of a name: `create` refuses two, `upload` refuses one already there
 * unless `--clobber` (then replaces it), in the words of the rehearsal's stand-in (github-stand-in.ts `keep`).
 * As gh, `download` refuses to overwrite a file unless `--clobber`.
 */
export class FakeGh implements Exec {
  public readonly releases = new Map<string, FakeRelease>();
  /** The REST routes `gh api` calls: the repository's branches and their files. */
  public readonly api: GitApiStandIn;
  public readonly calls: string[][] = [];
  public failUpload = false;
  /** What `gh release download` fails with instead of downloading, when set (an outage, a bad token). */
  public downloadError: string | undefined;
  /** What `gh release view` answers instead of the release, when set (an outage, a bad token). */
  public viewError: string | undefined;
  /** The --repo every call must name; null: none (gh reads the checkout's remote). */
  constructor(private readonly ws: string, private readonly repo: string | null = 'example/quill') {
    this.api = new GitApiStandIn();
  }
  public async run(command: string, all: readonly string[]): Promise<ExecResult> {
    if (command !== 'gh') throw new Error(`unexpected ${command}`);
    const fail = (stderr: string): ExecResult => ({ code: 1, stdout: '', stderr });
    if (all[0] === 'api') {
      this.calls.push([...all]);
      return this.api.run(all.slice(1), this.ws);
    }
    const r = all.indexOf('--repo');
    if ((r < 0 ? null : all[r + 1]) !== this.repo) return fail(`expected --repo ${this.repo}`);
    const args = all.filter((_, i) => r < 0 || (i !== r && i !== r + 1));
    this.calls.push([...args]);
    const [group, verb, ...rest] = args;
    if (group !== 'release') return fail(`unknown command "${group}"`);
    const positional: string[] = [];
    const flags = new Map<string, string>();
    for (let i = 0; i < rest.length; i++) {
      if (VALUE_FLAGS.has(rest[i])) flags.set(rest[i], rest[++i]);
      else if (SWITCHES.has(rest[i])) flags.set(rest[i], 'true');
      else if (rest[i].startsWith('-')) return fail(`unknown flag: ${rest[i]}`);
      else positional.push(rest[i]);
    }
    const [tag, ...files] = positional;
    const rel = this.releases.get(tag);
    const ok = (stdout = ''): ExecResult => ({ code: 0, stdout, stderr: '' });
    const isFile = (f: string) => fs.statSync(path.join(this.ws, f), { throwIfNoEntry: false })?.isFile() === true;
    /** gh's refusal of a second asset of one name, when `files` would add one to `held` (GitHub keeps one per name). */
    const duplicate = (held: readonly string[], clobber: boolean): ExecResult | undefined => {
      const seen = new Set(clobber ? [] : held);
      for (const name of files.map((f) => path.basename(f))) {
        if (seen.has(name)) return fail(`asset ${name} already exists`);
        seen.add(name);
      }
      return undefined;
    };
    const notesOf = () => (flags.has('--notes-file') ? fs.readFileSync(path.join(this.ws, flags.get('--notes-file')!), 'utf8') : flags.get('--notes'));
    switch (verb) {
      case 'view':
        if (files.length > 0) return fail(`accepts at most 1 arg(s), received ${positional.length}`);
        if (this.viewError !== undefined) return fail(this.viewError);
        if (!rel) return fail('release not found');
        if (flags.get('--json') !== 'isDraft,assets') return ok(`title:\t${tag}\ndraft:\t${rel.isDraft}\n`);
        return ok(JSON.stringify({ isDraft: rel.isDraft, assets: rel.assets.map((name) => ({ name })) }));
      case 'create':
        if (rel) return fail(`a release with the same tag name already exists: ${tag}`);
        if (!files.every(isFile)) return fail(`open ${files.join(' ')}: no such file`);
        const twice = duplicate([], false);
        if (twice) return twice;
        this.releases.set(tag, {
          isDraft: flags.has('--draft'),
          assets: files.map((f) => path.basename(f)),
          notes: notesOf() ?? '',
          prerelease: flags.has('--prerelease'),
          latest: flags.has('--latest'),
          title: flags.get('--title'),
          contents: Object.fromEntries(files.map((f) => [path.basename(f), fs.readFileSync(path.join(this.ws, f), 'utf8')])),
        });
        return ok();
      case 'upload': {
        if (files.length === 0) return fail('requires at least 2 arg(s), only received 1');
        if (this.failUpload) return fail('HTTP 502: Bad Gateway (https://uploads.github.com/...)');
        if (!files.every(isFile)) return fail(`open ${files.join(' ')}: no such file`);
        const refused = duplicate(rel!.assets, flags.has('--clobber'));
        if (refused) return refused;
        rel!.assets.push(...files.map((f) => path.basename(f)).filter((name) => !rel!.assets.includes(name)));
        rel!.contents = { ...rel!.contents, ...Object.fromEntries(files.map((f) => [path.basename(f), fs.readFileSync(path.join(this.ws, f), 'utf8')])) };
        return ok();
      }
      case 'download': {
        // gh looks a tag's release up by tag, which finds no draft.
        if (!rel || rel.isDraft) return fail('release not found');
        if (this.downloadError !== undefined) return fail(this.downloadError);
        const name = flags.get('--pattern')!;
        // gh's two words for it: a release with no assets at all, and one whose assets do not match.
        if (rel.assets.length === 0) return fail('no assets to download');
        if (!rel.assets.includes(name)) return fail('no assets match the file pattern');
        const to = path.join(this.ws, flags.get('--dir') ?? '.', name);
        if (fs.existsSync(to) && !flags.has('--clobber')) return fail(`${path.relative(this.ws, to)} already exists`);
        fs.mkdirSync(path.dirname(to), { recursive: true });
        fs.writeFileSync(to, rel.contents?.[name] ?? `${name} of ${tag}`);
        return ok();
      }
      case 'edit':
        if (files.length > 0) return fail(`accepts 1 arg(s), received ${positional.length}`);
        if (!rel) return fail('release not found');
        if (flags.has('--draft=false')) rel.isDraft = false;
        if (flags.has('--latest')) rel.latest = true;
        if (flags.has('--prerelease')) rel.prerelease = true;
        if (flags.has('--notes-file')) rel.notes = notesOf()!;
        return ok();
      default:
        return fail(`unknown command "${verb}" for "gh release"`);
    }
  }
}
