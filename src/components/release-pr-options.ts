/** Which token pushes the release PR's branch and opens the PR. */
export enum ReleasePrTokenSource {
  /**
   * The workflow's own `GITHUB_TOKEN`. Its pushes and pull requests start no workflows, so the release PR
   * workflow dispatches CI on the branch itself. Needs "Allow GitHub Actions to create and approve
   * pull requests" in the repository settings.
   */
  GITHUB_TOKEN = 'GITHUB_TOKEN',
  /** A GitHub App installation token (actions/create-github-app-token): its push and PR start CI as usual. */
  GITHUB_APP = 'GITHUB_APP',
  /** A personal access token from a secret: its push and PR start CI as usual. */
  PAT = 'PAT',
}

/** Options of the generated `.github/workflows/release-pr.yml`. */
export interface ReleasePrOptions {
  /**
   * Whether to generate release-pr.yml at all.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Which token pushes the release PR's branch and opens the PR.
   * @default ReleasePrTokenSource.GITHUB_TOKEN
   */
  readonly tokenSource?: ReleasePrTokenSource;
  /**
   * Repository variable (`vars.<name>`) holding the GitHub App's client ID, with `GITHUB_APP`. A client ID
   * is not a secret, so it lives in a variable, as actions/create-github-app-token recommends.
   * @default "RELEASE_APP_CLIENT_ID"
   */
  readonly appClientIdVariable?: string;
  /**
   * Secret holding the GitHub App's private key, with `GITHUB_APP`.
   * @default "RELEASE_APP_PRIVATE_KEY"
   */
  readonly appPrivateKeySecret?: string;
  /**
   * Secret holding the personal access token, with `PAT` (fine-grained: contents and pull requests, read
   * and write, on this repository only).
   * @default "RELEASE_PR_TOKEN"
   */
  readonly patSecret?: string;
  /**
   * File name of the CI workflow the release PR workflow dispatches on the release PR's branch, with
   * `GITHUB_TOKEN` (it must have a `workflow_dispatch` trigger; the generated ci.yml has one). Any other
   * file, or ci.yml with `ci.enabled: false`, is the repository's own: synth checks that it exists and
   * accepts `workflow_dispatch`.
   * @default "ci.yml"
   */
  readonly ciWorkflowFile?: string;
}
