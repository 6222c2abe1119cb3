import { Outcome } from './outcomes';
import { Exec, Log, Registry, Sleep } from './ports';
import { ReleaseRun } from './run';
import { lastLines } from './tool-output';
import { PublishTarget, goVersionProblem } from '../../model';

/** What `goProxyWarm` needs. */
export interface GoDeps {
  readonly registry: Registry;
  readonly exec: Exec;
  readonly log: Log;
  readonly sleep: Sleep;
}

/** Options of `goProxyWarm`. */
export interface GoOptions {
  readonly proxy: string;
  readonly dryRun: boolean;
  readonly attempts: number;
  readonly pollMs: number;
}

/**
 * Go modules: the tag is the release. Verify that the module's tag is on the remote (the Go toolchain
 * and proxy read it from there), that a v2+ module path carries its `/vN`, then ask the module proxy for
 * the version so it is fetched (and recorded in the checksum database) now rather than by the first user.
 * The tag never moves afterwards: the checksum database makes a version permanent.
 */
export async function goProxyWarm(run: ReleaseRun, deps: GoDeps, options: GoOptions): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const product of run.products) {
    for (const pkg of product.packages.filter((k) => k.target === PublishTarget.GO)) {
      const version = `v${run.version}`;
      const base = { product: product.name, target: PublishTarget.GO, subject: pkg.name, version };
      const problem = goVersionProblem(pkg.name, run.version);
      if (problem) {
        outcomes.push({ ...base, outcome: 'failed', detail: problem });
        continue;
      }
      outcomes.push(await warmOne(base, pkg.version, deps, options));
    }
  }
  return outcomes;
}

async function warmOne(base: Omit<Outcome, 'outcome' | 'detail'>, tag: string, deps: GoDeps, options: GoOptions): Promise<Outcome> {
  try {
    if ((await deps.registry.probe({ target: PublishTarget.GO, name: base.subject, version: tag })) !== 'published') {
      return { ...base, outcome: 'failed', detail: `the tag ${tag} is not on the remote; tag-all should have pushed it` };
    }
  } catch (e) {
    return { ...base, outcome: 'failed', detail: (e as Error).message };
  }
  if (options.dryRun) return { ...base, outcome: 'dry-run', detail: `would run go list -m ${base.subject}@${base.version} through ${options.proxy}` };
  let last = '';
  for (let i = 0; i < options.attempts; i++) {
    if (i > 0) await deps.sleep(options.pollMs);
    const r = await deps.exec.run('go', ['list', '-m', '-json', `${base.subject}@${base.version}`], { env: { GOPROXY: options.proxy, GOFLAGS: '-mod=mod', GO111MODULE: 'on' } });
    if (r.code === 0) return { ...base, outcome: 'published', detail: `${options.proxy} serves ${tag}` };
    last = lastLines(`${r.stdout}\n${r.stderr}`);
  }
  const waited = `${options.attempts} tries, ${options.pollMs / 1000} s apart`;
  return { ...base, outcome: 'failed', detail: `the module proxy did not serve it after ${waited} (raise with go-proxy-warm --tries/--interval-seconds, or re-dispatch): ${last}` };
}

