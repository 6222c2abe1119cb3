import { Component, FileBase, Project } from 'projen';
import { GENERATOR_NAME, LockstepConfigError, ReleasePlan, TrackPlan, formatKeyPath, isInsideRepo, normalizeRepoPath } from '../model';
import { BumpScriptOptions } from './bump-script-options';

/** The `lockstep` CLI where npm installs this library at the repository root (package.json `bin`). */
const INSTALLED_CLI = `node_modules/${GENERATOR_NAME}/lib/runtime/cli.js`;

/** Default path of the bump script, as in the seed repository. */
export const DEFAULT_BUMP_SCRIPT = 'scripts/bump-version.sh';

/**
 * Renders `scripts/bump-version.sh <version>`: the one command that sets every product of the release to
 * a version, locally and in the release PR workflow alike. The script only calls `lockstep bump` (the
 * installed CLI straight with node, `npx` when the library is not installed at the root), which
 * reads the release plan; its header lists the exact files and values it edits (B1), generated from the
 * same plan, so the list can never drift from what the bump does.
 */
export class BumpScript extends Component {
  /** Repository-relative path of the script. */
  public readonly path: string;

  constructor(project: Project, plan: ReleasePlan, options: BumpScriptOptions = {}) {
    super(project);
    const path = normalizeRepoPath(options.path ?? DEFAULT_BUMP_SCRIPT);
    if (!isInsideRepo(path) || path === '.' || !/^[A-Za-z0-9._/-]+$/.test(path)) {
      throw new LockstepConfigError(`bumpScript.path: '${options.path}' must be a file path inside the repository made of letters, digits, '.', '_', '-' and '/', such as '${DEFAULT_BUMP_SCRIPT}'.`);
    }
    this.path = path;
    new ScriptFile(project, path, (marker) => renderBumpScript(plan, path, marker));
  }
}

/** A generated executable file whose text is rendered at synth. */
class ScriptFile extends FileBase {
  constructor(project: Project, filePath: string, private readonly render: (marker: string | undefined) => string) {
    super(project, filePath, { executable: true, readonly: true });
  }

  protected synthesizeContent(): string {
    return this.render(this.marker);
  }
}

/** The script's text: a header generated from the plan, then one `lockstep bump` call from the repository root. */
export function renderBumpScript(plan: ReleasePlan, scriptPath: string, marker?: string): string {
  const depth = scriptPath.split('/').length - 1;
  const root = depth === 0 ? '.' : Array(depth).fill('..').join('/');
  const several = plan.tracks.length > 1;
  return [
    '#!/usr/bin/env bash',
    ...(marker ? [`# ${marker}`] : []),
    '#',
    '# Sets every product of the lockstep release to one version and refreshes the lockfiles, all or nothing:',
    `#   ./${scriptPath} 1.2.3             edit the files listed below, then refresh the lockfiles`,
    `#   ./${scriptPath} 1.2.3 --dry-run   print the diff and write nothing`,
    '# More options: --allow-same, --allow-downgrade, --track NAME, --json (lists the changed files).',
    `# The work is done by \`lockstep bump\` from projen-lockstep-release, which reads ${plan.planFile}.`,
    ...plan.tracks.flatMap((t) => trackHeader(t, several)),
    '#',
    'set -euo pipefail',
    `cd "$(dirname "$0")/${root}" || exit 1`,
    '# Node runs the installed CLI directly: npx would add about half a second to every bump.',
    `cli=${INSTALLED_CLI}`,
    'if [ -f "$cli" ]; then exec node "$cli" bump "$@"; fi',
    'exec npx --no-install lockstep bump "$@"',
    '',
  ].join('\n');
}

function trackHeader(track: TrackPlan, several: boolean): string[] {
  const byFile = new Map<string, string[]>();
  for (const s of track.sites) byFile.set(s.file, [...(byFile.get(s.file) ?? []), formatKeyPath(s.keyPath)]);
  const files = [...byFile].map(([file, keys]) => `#   ${comment(file)}: ${keys.map(comment).join(', ')}`);
  const locks = track.lockfiles.map((l) => `#   ${comment(l.file)} (${l.tool}): the entries of ${l.packages.map(comment).join(', ')}`);
  const which = several ? ` of track ${track.name} (--track ${track.name})` : '';
  const notes = track.products.flatMap((p) => p.notes.map((n) => `#   - ${comment(p.name)}: ${comment(n)}`));
  return [
    '#',
    `# Values it edits${which}, ${track.sites.length} in ${byFile.size} files:`,
    ...files,
    ...(locks.length > 0 ? [`# Lockfiles it refreshes${which}:`, ...locks] : [`# No lockfile records a product version${which}.`]),
    ...(notes.length > 0 ? ['# Where other versions live:', ...notes] : []),
  ];
}

/** Text safe inside a shell comment line. */
function comment(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, '?');
}
