/** Options of the generated bump script (`scripts/bump-version.sh`). */
export interface BumpScriptOptions {
  /**
   * Repository-relative path of the generated script.
   * @default "scripts/bump-version.sh"
   */
  readonly path?: string;
}
