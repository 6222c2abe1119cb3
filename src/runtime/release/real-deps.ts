import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { resolveInRepo } from '../../model';
import { PROCESSES } from '../concurrency';
import { RuntimeContext } from '../context';
import { annotate } from '../output';
import { GitCli } from './git';
import { Exec, ExecOptions, ExecResult, Fs, Log, ReleaseDeps } from './ports';
import { HttpRegistry } from '../registry/probe';

/** Runs tools with spawn and an argv array; the output is captured, never interpreted by a shell. */
export class SpawnExec implements Exec {
  constructor(private readonly baseEnv: Readonly<Record<string, string | undefined>>, private readonly cwd: string) {}

  public run(command: string, args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    return PROCESSES.run(() => this.spawn(command, args, options));
  }

  private spawn(command: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(command, [...args], {
        cwd: options.cwd ? path.resolve(this.cwd, options.cwd) : this.cwd,
        env: withoutUndefined({ ...this.baseEnv, ...options.env }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.on('error', (e) => reject(new Error(`${command} could not start: ${e.message}`)));
      child.on('close', (code, signal) => {
        resolve({ code: code ?? (signal ? 128 : 1), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
      });
    });
  }
}

function withoutUndefined(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/**
 * Files relative to a root directory. A relative path is a repository path: it must stay inside the root
 * and is not followed through a symbolic link that leaves it (`resolveInRepo`). An absolute path is one
 * the operator gave (a tool's output directory) and is used as it is.
 */
export class NodeFs implements Fs {
  constructor(private readonly root: string) {}
  private at(file: string): string {
    return path.isAbsolute(file) ? file : resolveInRepo(this.root, file);
  }
  public read(file: string): string | undefined {
    return fs.existsSync(this.at(file)) ? fs.readFileSync(this.at(file), 'utf8') : undefined;
  }
  public write(file: string, text: string): void {
    fs.mkdirSync(path.dirname(this.at(file)), { recursive: true });
    fs.writeFileSync(this.at(file), text);
  }
  public append(file: string, text: string): void {
    fs.appendFileSync(this.at(file), text);
  }
  public exists(file: string): boolean {
    return fs.existsSync(this.at(file));
  }
  public list(dir: string): string[] {
    const full = this.at(dir);
    return fs.existsSync(full) && fs.statSync(full).isDirectory() ? fs.readdirSync(full) : [];
  }
  public size(file: string): number {
    return fs.statSync(this.at(file)).size;
  }
  public mkdirp(dir: string): void {
    fs.mkdirSync(this.at(dir), { recursive: true });
  }
  public resolve(file: string): string {
    return this.at(file);
  }
  public copy(from: string, to: string): void {
    fs.mkdirSync(path.dirname(this.at(to)), { recursive: true });
    fs.copyFileSync(this.at(from), this.at(to));
  }
  public remove(file: string): void {
    fs.rmSync(this.at(file), { force: true, recursive: true });
  }
}

/** Log lines to the command's streams; notices, warnings and errors are annotations. */
export function contextLog(ctx: RuntimeContext): Log {
  return {
    info: (m) => ctx.stdout(`${m}\n`),
    notice: (m) => annotate(ctx, 'notice', m),
    warning: (m) => annotate(ctx, 'warning', m),
    error: (m) => annotate(ctx, 'error', m),
  };
}

/** The real dependencies of a release command run in `ctx.cwd`. */
export function realDeps(ctx: RuntimeContext): ReleaseDeps {
  const exec = new SpawnExec(ctx.env, ctx.cwd);
  return {
    exec,
    git: new GitCli(exec),
    registry: new HttpRegistry(ctx.env, exec),
    fs: new NodeFs(ctx.cwd),
    log: contextLog(ctx),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    now: () => Date.now(),
  };
}
