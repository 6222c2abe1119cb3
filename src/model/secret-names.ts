import { LockstepConfigError } from './errors';

/** A GitHub secret name: letters, digits and `_`, not starting with a digit. */
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether a name can be a GitHub secret's (and so an environment variable of the step it reaches). */
export function isSecretName(name: unknown): name is string {
  return typeof name === 'string' && SECRET_NAME.test(name);
}

/** The names a step's environment already has, which a secret of the same name would replace. */
export interface ReservedSecretNames {
  /** Prefixes, such as `GITHUB_` (any case). */
  readonly prefixes: readonly string[];
  /** Whole names, such as `PATH` (any case). */
  readonly names: readonly string[];
  /** Who gives them to which step, for the message: `GitHub or release.yml already gives the publish step`. */
  readonly givenBy: string;
}

/**
 * Secret names a user declares for a step (a generic product's `publishSecrets`, a Tauri app's
 * `signing.windows.secrets`), checked at the option `at`: each is a GitHub secret name and none replaces a
 * variable the step already has.
 */
export function checkSecretNames(at: string, names: readonly unknown[], reserved: ReservedSecretNames): void {
  const upper = (s: string) => s.toUpperCase();
  for (const n of names) {
    if (!isSecretName(n)) {
      throw new LockstepConfigError(`${at}: '${String(n)}' is not a GitHub secret name (letters, digits and '_', not starting with a digit); rename it.`);
    }
    if (reserved.prefixes.some((p) => upper(n).startsWith(upper(p))) || reserved.names.some((r) => upper(r) === upper(n))) {
      const list = [...reserved.prefixes.map((p) => `${p}*`), ...reserved.names].join(', ');
      throw new LockstepConfigError(`${at}: '${n}' is a name ${reserved.givenBy} (${list}); store the secret under another name.`);
    }
  }
}
