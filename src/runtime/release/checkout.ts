import { CliError } from '../cli-error';
import { Git } from './ports';
import { ReleaseRun, RunProduct, short } from './run';

/**
 * T4: publish only from the tagged commit. The checkout must be the release commit, and the product's
 * tag (fetched with the checkout, after tag-all pushed it) must point at it.
 */
export async function checkTaggedCheckout(run: ReleaseRun, products: readonly RunProduct[], git: Git): Promise<void> {
  const head = await git.revParse('HEAD');
  if (head !== run.commit) throw new CliError(`the checkout is at ${short(head)}, not at the release commit ${short(run.commit)}; check out needs.plan.outputs.commit.`);
  const tags = await git.localTags();
  const wrong = products.flatMap((p) => {
    const tag = tags.get(p.tag);
    if (tag === undefined) return [`${p.tag} does not exist`];
    return tag.commit === run.commit ? [] : [`${p.tag} points at ${short(tag.commit)}`];
  });
  if (wrong.length > 0) {
    throw new CliError(`not publishing from an untagged tree: ${wrong.join('; ')}, but the release commit is ${short(run.commit)}. Has tag-all run? Check out with fetch-depth 0 so the tags come along.`);
  }
}
