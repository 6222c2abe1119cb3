import { main } from '../../src/runtime/main';

/** Runs the `lockstep` CLI in-process in `dir`, as a workflow step would, and collects what it printed. */
export async function lockstep(dir: string, args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { cwd: dir, env: { ...process.env, ...env }, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}
