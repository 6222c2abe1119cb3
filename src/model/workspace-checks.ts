import { ManifestError } from './errors';
import { ManifestCache } from './manifest-cache';
import { PathPattern } from './path-pattern';
import { SKIPPED_DIRECTORIES, dirOf, joinRepoPath, normalizeRepoPath } from './repo';

const GLOB = /[*?[]/;

/**
 * Every `[workspace].members` entry of the Cargo workspaces the release reads must name a crate: a member
 * directory without a Cargo.toml stops every cargo command in the workspace, and a glob that matches no
 * crate is a typo or a moved directory that leaves crates outside the workspace (their pins on the
 * workspace's crates then go unchecked). `included` leaves out the workspaces `excludeManifests` names.
 */
export function checkWorkspaceMembers(cache: ManifestCache, included: (file: string) => boolean): void {
  const crateDirs = cache.repo.findFiles(['Cargo.toml']).map(dirOf);
  for (const file of cache.repo.findFiles(['Cargo.toml']).filter(included)) {
    const root = cache.cargoIfValid(file);
    if (root?.workspace === undefined) continue;
    const rootDir = dirOf(file);
    root.workspace.members.forEach((member, i) => {
      const option = `[workspace].members[${i}]`;
      const rel = normalizeRepoPath(member);
      if (!GLOB.test(member)) {
        const manifest = joinRepoPath(rootDir, rel, 'Cargo.toml');
        if (cache.repo.read(manifest) === undefined) {
          throw new ManifestError(file, `${option} = "${member}": ${manifest} does not exist, so cargo cannot load the workspace. Fix the entry or remove it (or restore the crate).`);
        }
        return;
      }
      // Manifests below build-output folders are never listed, so a glob into one cannot be judged.
      if (rel.split('/').some((segment) => SKIPPED_DIRECTORIES.includes(segment))) return;
      const pattern = PathPattern.parse(rel, { below: false });
      const matched = crateDirs.some((d) => d !== rootDir && (rootDir === '.' || d.startsWith(`${rootDir}/`)) && pattern.matches(rootDir === '.' ? d : d.slice(rootDir.length + 1)));
      if (!matched) {
        throw new ManifestError(file, `${option} = "${member}" matches no directory with a Cargo.toml under ${rootDir === '.' ? 'the repository root' : rootDir}. Fix the glob or remove it.`);
      }
    });
  }
}
