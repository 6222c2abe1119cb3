import { KeyPath } from './manifests';

/**
 * A key path as a maintainer reads it in messages and in the bump script's header:
 * `dependencies.quill-engine.version`, `target.'cfg(unix)'.dependencies.x.version`, `project.dependencies[0]`.
 */
export function formatKeyPath(keyPath: KeyPath): string {
  return keyPath
    .map((k) => {
      if (typeof k === 'number') return `[${k}]`;
      if (/^[A-Za-z0-9_-]+$/.test(k)) return `.${k}`;
      return k.includes("'") ? `.${JSON.stringify(k)}` : `.'${k}'`;
    })
    .join('')
    .slice(1);
}
