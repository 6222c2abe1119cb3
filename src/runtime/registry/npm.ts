import { Endpoints } from './endpoints';
import { Exec, ProbeState } from '../release/ports';

/**
 * Whether npm has `name@version`, asked with the npm CLI itself (`npm view`), so the answer uses the same
 * registry and authentication as the publish. `--prefer-online` skips npm's packument cache, which would
 * otherwise hide a version published seconds ago. E404 means missing; any other error is an error.
 */
export async function probeNpm(exec: Exec, endpoints: Endpoints, name: string, version: string): Promise<ProbeState> {
  const args = ['view', `${name}@${version}`, 'version', '--json', '--prefer-online', ...registryArgs(endpoints)];
  const r = await exec.run('npm', args);
  const text = `${r.stdout}\n${r.stderr}`;
  if (r.code === 0) {
    // npm prints the version for a match and nothing when the package exists without that version.
    const out = r.stdout.trim();
    if (out === '') return 'missing';
    const value = JSON.parse(out) as unknown;
    const versions = Array.isArray(value) ? value : [value];
    return versions.includes(version) ? 'published' : 'missing';
  }
  if (/\bE404\b/.test(text)) return 'missing';
  throw new Error(`npm ${args.join(' ')} failed (exit ${r.code}): ${firstError(text)}`);
}

/** `--registry <url>` when the endpoints name one (a local registry in tests or a mirror). */
export function registryArgs(endpoints: Endpoints): string[] {
  return endpoints.npmRegistry ? ['--registry', endpoints.npmRegistry] : [];
}

function firstError(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines.find((l) => /npm (error|ERR!)/.test(l)) ?? lines[0] ?? '').slice(0, 300);
}
