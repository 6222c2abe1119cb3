import { DocInputs, DocRepo } from './doc-context';
import { anchor, code, names, table, url } from './markdown';
import { DOC_ANCHORS, ProductPlan, UPDATER_CHANNELS_BRANCH, UPDATER_MANIFEST_ASSET, channelUpdaterEndpoint, signingLegs } from '../../model';
import { buildJobId } from '../release/build-jobs';
import { updaterManifestJobId } from '../release/updater-jobs';

/** The Tauri apps of the plan that declare signing (issue 17). */
export function signingProducts(inputs: Pick<DocInputs, 'plan'>): ProductPlan[] {
  return inputs.plan.tracks.flatMap((t) => t.products).filter((p) => p.publish && p.signing !== undefined);
}

/**
 * Issue 17: each Tauri app that signs: the build job that holds the secrets, each secret with what it holds,
 * which legs read it and where to create it, and what tauri.conf.json must say.
 */
export function signingSection(inputs: DocInputs, repo: DocRepo): string[] {
  const products = signingProducts(inputs);
  if (products.length === 0) return [];
  const f = inputs.release.facts;
  const environment = code(f.publishEnvironment);
  const rows = products.flatMap((p) => p.signing!.secrets.map((s) => [
    code(s.name),
    s.holds,
    `${code(p.name)}, ${signingLegs(s)}`,
    code(buildJobId(p.name, p.kind)),
    `a secret of the environment ${environment}: ${url(repo.web('/settings/environments'))} → ${environment} → **Environment secrets** → **Add environment secret**`,
  ]));
  const updater = products.filter((p) => p.signing!.updater).map((p) => p.name);
  return [
    anchor(DOC_ANCHORS.signing),
    '## Desktop signing',
    '',
    `These Tauri apps are signed when ${code(f.workflowFile)} builds them (\`signing\` in \`.projenrc.ts\`). ` +
      'Signing happens while `tauri build` bundles the app, so the build job holds the secrets: it runs before the approval, as every build does (nothing is tagged before every installer is built and signed), ' +
      `in the environment ${environment}, which only the release branch can enter. Only the build step reads them, as the environment variables Tauri reads, and only on the platforms that use them; no other job gets them.`,
    '',
    `Create each secret in the environment ${environment} (not at repository level, where a workflow of any branch could read it). ` +
      'Each build leg starts with `lockstep preflight --secrets`, which stops it before anything is built when one it uses is empty.',
    '',
    ...table(['Secret', 'What it holds', 'Read for', 'Job', 'Where to create it'], rows),
    '',
    ...(updater.length > 0 ? [
      `The updater key of ${names(updater)} is the private half of the \`plugins.updater.pubkey\` in its tauri.conf.json: make both with \`npx tauri signer generate -w ~/.tauri/app.key\`, ` +
        'put the public key in tauri.conf.json and the private key\'s content in the secret. Keep a copy of the key outside GitHub: without it, no installed app can be updated again. ' +
        'The GitHub Release then carries the updater artifacts (`.sig` files, and the macOS `.app.tar.gz`).',
      '',
      ...updaterManifestParagraph(inputs, repo, updater),
    ] : []),
    `To change what is signed, edit \`signing\` of ${names(products.map((p) => p.name))} in \`.projenrc.ts\` and run \`npx projen\`.`,
    '',
  ];
}

/**
 * Issue 17: where installed apps find their updates. The manifest job writes latest.json before the approval,
 * the app's release carries it and the umbrella release (the one marked Latest, P11) a copy.
 */
function updaterManifestParagraph(inputs: Pick<DocInputs, 'plan'>, repo: DocRepo, apps: readonly string[]): string[] {
  const endpoint = repo.web(`/releases/latest/download/${UPDATER_MANIFEST_ASSET}`);
  const repository = repo.placeholder ? undefined : { owner: repo.owner, name: repo.name };
  const channel = (c: string) => code(channelUpdaterEndpoint(repository, apps[0], c));
  const tracks = inputs.plan.tracks.length;
  return [
    `The updater manifest (\`${UPDATER_MANIFEST_ASSET}\`, Tauri's static JSON) is written by the job ${apps.map((a) => code(updaterManifestJobId(a))).join(', ')} from every platform's signed bundles, before the approval: ` +
      `a bundle without its signature stops the release before anything is tagged. The app's GitHub Release carries it, and so does the umbrella release, the one GitHub marks Latest (only ever the highest stable version), so ${code(endpoint)} always serves the newest stable manifest. ` +
      (tracks > 1
        ? 'This repository has several tracks, and GitHub\'s Latest release is then sometimes another track\'s umbrella: that URL is not a dependable endpoint here.'
        : `Put that URL in \`plugins.updater.endpoints\` of the app's tauri.conf.json${repo.placeholder ? ' (with your repository)' : ''}.`),
    '',
    `Once the umbrella release is out, ${code(UPDATER_CHANNELS_BRANCH)} (a branch of its own, written by the umbrella job) gets the manifest of the version's channel, and only ever moves it forward: ` +
      `${channel('stable')} for stable versions, ${channel('beta')} for \`-beta.N\` ones, and so on for each prerelease identifier. ` +
      'A stable version also moves each prerelease channel of the app that is behind it, so an app on the beta channel gets 2.0.0 once it is out, not only 2.1.0-beta.1. ' +
      `An app built for a prerelease channel looks for updates there${tracks > 1 ? ', and with several tracks so does a stable one' : ''}. ` +
      `The umbrella job writes it with its own \`GITHUB_TOKEN\` (\`contents: write\`): a branch ruleset or protection covering ${code(UPDATER_CHANNELS_BRANCH)} must let it.`,
    '',
  ];
}
