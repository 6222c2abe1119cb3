import { GITHUB_TAG_EVENT_LIMIT } from '../../model';
import { ReleasePrCredential, checkCredentialName } from '../release-pr';
import { ReleasePrTokenSource } from '../release-pr-options';
import { githubAppTokenStep } from '../workflow';
import { ReleasePublishOptions } from './options';
import { Permissions, Step } from '../workflow/workflow-types';

/** Defaults shared with the release PR: one GitHub App (or PAT) serves both. */
const DEFAULT_NAMES = { appClientIdVariable: 'RELEASE_APP_CLIENT_ID', appPrivateKeySecret: 'RELEASE_APP_PRIVATE_KEY', patSecret: 'RELEASE_PR_TOKEN' } as const;

/** The id of tag-all's App token step. */
const APP_TOKEN_STEP = 'tag-token';

/** Which token pushes the release tags, with its secret and variable names resolved (T9). */
export interface TagToken {
  readonly source: ReleasePrTokenSource;
  readonly appClientIdVariable: string;
  readonly appPrivateKeySecret: string;
  readonly patSecret: string;
}

/** The tag token of the options; names default to the release PR's. */
export function resolveTagToken(options: ReleasePublishOptions): TagToken {
  const t: TagToken = {
    source: options.tagTokenSource ?? ReleasePrTokenSource.GITHUB_TOKEN,
    appClientIdVariable: options.appClientIdVariable ?? DEFAULT_NAMES.appClientIdVariable,
    appPrivateKeySecret: options.appPrivateKeySecret ?? DEFAULT_NAMES.appPrivateKeySecret,
    patSecret: options.patSecret ?? DEFAULT_NAMES.patSecret,
  };
  for (const key of ['appClientIdVariable', 'appPrivateKeySecret', 'patSecret'] as const) checkCredentialName(`release.${key}`, t[key]);
  return t;
}

/** The secrets and variables tag-all reads for its token (none with `GITHUB_TOKEN`). */
export function tagTokenCredentials(t: TagToken): ReleasePrCredential[] {
  switch (t.source) {
    case ReleasePrTokenSource.GITHUB_TOKEN:
      return [];
    case ReleasePrTokenSource.GITHUB_APP:
      return [
        { name: t.appClientIdVariable, kind: 'variable', purpose: 'client ID of the GitHub App that pushes the release tags' },
        { name: t.appPrivateKeySecret, kind: 'secret', purpose: 'private key of that GitHub App' },
      ];
    case ReleasePrTokenSource.PAT:
      return [{ name: t.patSecret, kind: 'secret', purpose: 'personal access token that pushes the release tags' }];
  }
}

/** How tag-all gets and uses its token: steps before the checkout, the checkout's token, the job's permissions, `lockstep tag` arguments. */
export interface TagTokenUse {
  readonly steps: Step[];
  /** The checkout's `token` (undefined: the job's own). */
  readonly checkoutToken?: string;
  readonly permissions: Permissions;
  readonly tagArgs: string[];
}

/**
 * T9: with the job's own token, tag-all needs `contents: write` and pushes every tag in one atomic push; its
 * events start no workflow anyway. With an App or PAT token the pushes do start workflows, so the tags go
 * at most three per push (GitHub creates no push event for tags pushed more than three at once, T6), and
 * the job's own token only reads.
 */
export function tagTokenUse(t: TagToken): TagTokenUse {
  const batched = ['--tags-per-push', String(GITHUB_TAG_EVENT_LIMIT)];
  switch (t.source) {
    case ReleasePrTokenSource.GITHUB_TOKEN:
      return { steps: [], permissions: { contents: 'write' }, tagArgs: [] };
    case ReleasePrTokenSource.GITHUB_APP:
      return {
        steps: [githubAppTokenStep(APP_TOKEN_STEP, t.appClientIdVariable, t.appPrivateKeySecret, { contents: 'write' })],
        checkoutToken: `\${{ steps.${APP_TOKEN_STEP}.outputs.token }}`,
        permissions: { contents: 'read' },
        tagArgs: batched,
      };
    case ReleasePrTokenSource.PAT:
      return { steps: [], checkoutToken: `\${{ secrets.${t.patSecret} }}`, permissions: { contents: 'read' }, tagArgs: batched };
  }
}
