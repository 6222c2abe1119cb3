/** Options of the generated `docs/release-secrets.md` and of the trusted-publisher guard. */
export interface TrustedPublishingOptions {
  /**
   * Whether `docs/release-secrets.md` is generated. The guard against renaming the release workflow or its
   * publish environment applies either way.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The GitHub repository the workflows run in, as `owner/name` (the part of its URL after `github.com/`).
   * Every trusted publisher names it, so the doc shows it in each form. A URL, a `.git` suffix or a missing
   * part is refused at synth.
   * @default - the doc shows the placeholders `<OWNER>` and `<REPOSITORY>`, and `npx projen` warns
   */
  readonly repository?: string;
  /**
   * Confirms that the trusted publishers on crates.io, npm and PyPI are (or will be) updated for a release
   * workflow file name other than `release.yml` or a publish environment other than `release-publish`.
   * Each publisher is bound to both names, so a rename without updating them fails every publish; the
   * library refuses a rename unless this is true.
   * @default false
   */
  readonly acknowledgeTrustedPublisherRename?: boolean;
}
