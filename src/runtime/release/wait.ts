import { Log, PackageRef, Registry, Sleep } from './ports';

/** How long to wait for a published version to become visible, and how often to ask. */
export interface WaitOptions {
  readonly timeoutMs: number;
  readonly pollMs: number;
  /** The option a user raises when the wait is too short, named in the timeout message. */
  readonly setting: string;
}

/**
 * Waits until the registry lists `ref` (P3: a dependent is published only once its dependency is
 * visible, or its resolution fails with "failed to select a version"). Resolves when visible; throws,
 * naming the setting to raise, when the time is up.
 */
export async function waitUntilVisible(ref: PackageRef, deps: { registry: Registry; sleep: Sleep; log: Log }, options: WaitOptions): Promise<void> {
  const attempts = Math.max(1, Math.ceil(options.timeoutMs / options.pollMs) + 1);
  let lastError = '';
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await deps.sleep(options.pollMs);
    try {
      if ((await deps.registry.probe(ref)) === 'published') {
        if (i > 0) deps.log.info(`${ref.name}@${ref.version} is visible in ${ref.target} after ${Math.round((i * options.pollMs) / 1000)} s`);
        return;
      }
    } catch (e) {
      lastError = ` (last error: ${(e as Error).message})`;
    }
  }
  throw new Error(`${ref.name}@${ref.version} was not visible in ${ref.target} after ${Math.round(options.timeoutMs / 1000)} s${lastError}; raise ${options.setting} if the index is slow`);
}
