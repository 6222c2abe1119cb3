/**
 * Lookups by a name that comes from data (a job id, a package name, a key in a manifest) on a plain
 * object: only the object's own properties count, never what it inherits (`constructor`, `toString`,
 * `__proto__`), so a name like those is an unknown name, not a function.
 */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
