import { describe, expect, it } from 'vitest';
import { renderBootstrapProjenrc } from '../../src/components/bootstrap-projenrc';
import {
  AppleNotarization, FsRepoReader, MemoryRepoReader, PlanOptions, Product, TauriSigningOptions,
  buildPlan, optionsOfRecord, planConfigOf, planSourceOf, proposeBootstrap,
} from '../../src/model';
import { planOf } from '../runtime/bump/helpers';
import { errorOf, writeRepo } from '../support/fixtures';
import { copyRealFixture, realFixture } from '../support/real-repos';

const PUBKEY = 'dW50cnVzdGVkIGNvbW1lbnQ6IG1pbmlzaWduIHB1YmxpYyBrZXkK';

/** A Tauri 2 app (StarStats' flat layout) whose tauri.conf.json has these extra tables. */
function tray(conf: Record<string, unknown> = {}): Record<string, string> {
  return {
    'tray/Cargo.toml': '[package]\nname = "tray"\nversion = "1.9.0"\nedition = "2021"\n',
    'tray/tauri.conf.json': `${JSON.stringify({ productName: 'Tray', version: '1.9.0', identifier: 'app.tray', ...conf }, null, 2)}\n`,
  };
}

function signingOf(conf: Record<string, unknown>, signing?: TauriSigningOptions) {
  return planOf(tray(conf), { products: [Product.tauriApp({ path: 'tray', signing })] }).track.products[0].signing;
}

function refusal(conf: Record<string, unknown>, signing?: TauriSigningOptions): string {
  return errorOf(() => planOf(tray(conf), { products: [Product.tauriApp({ path: 'tray', signing })] })).message;
}

const UPDATER = { plugins: { updater: { pubkey: PUBKEY, endpoints: ['https://example.com/tray-live.json'] } } };
const SIGN_COMMAND = { bundle: { windows: { signCommand: 'trusted-signing-cli %1' } } };

describe('Tauri signing: what tauri.conf.json says and what the product declares must agree (issue 17)', () => {
  it('GIVEN an updater public key and no updater signing WHEN planned THEN it is refused, naming the file, the key and both ways out', () => {
    expect(refusal(UPDATER)).toBe(
      "products[0] (tauri-app 'tray'): tray/tauri.conf.json sets plugins.updater.pubkey, so installed apps only accept updates signed with its private key, but the product declares no updater signing: " +
        'release.yml would publish installers that can never update. Add `signing: { updater: {} }` to the product in .projenrc.ts (and the secret TAURI_SIGNING_PRIVATE_KEY, see docs/release-secrets.md), ' +
        'or remove the updater from tray/tauri.conf.json.',
    );
  });

  it('GIVEN createUpdaterArtifacts without a key WHEN planned THEN it is refused: tauri build would fail without the private key', () => {
    expect(refusal({ bundle: { createUpdaterArtifacts: true } })).toMatch(/^products\[0\] \(tauri-app 'tray'\): tray\/tauri\.conf\.json sets bundle\.createUpdaterArtifacts, and tauri build refuses .*or remove bundle\.createUpdaterArtifacts from tray\/tauri\.conf\.json\.$/);
  });

  it('GIVEN createUpdaterArtifacts and no public key WHEN refused THEN the fix it names passes the next check: the public key in tauri.conf.json and signing.updater together', () => {
    const message = refusal({ bundle: { createUpdaterArtifacts: true } });
    expect(message).toContain('add the updater public key (`tauri signer generate`) to plugins.updater.pubkey in tray/tauri.conf.json and declare `signing: { updater: {} }`');
    // Following that advice is accepted.
    expect(signingOf({ ...UPDATER, bundle: { createUpdaterArtifacts: true } }, { updater: {} })?.updater).toBe(true);
  });

  it('GIVEN updater signing and no public key in tauri.conf.json WHEN planned THEN it is refused, naming the file and what to add', () => {
    expect(refusal({}, { updater: {} })).toMatch(/signing\.updater signs updater artifacts, but tray\/tauri\.conf\.json has no updater public key \(plugins\.updater\.pubkey\).*Add the public key `tauri signer generate` printed to plugins\.updater\.pubkey in tray\/tauri\.conf\.json, or remove signing\.updater\.$/);
  });

  it('GIVEN an empty public key WHEN planned with updater signing THEN it counts as no key', () => {
    expect(refusal({ plugins: { updater: { pubkey: '  ' } } }, { updater: {} })).toMatch(/has no updater public key/);
  });

  it('GIVEN Windows signing secrets and no sign command in tauri.conf.json WHEN planned THEN it is refused: nothing would read them', () => {
    expect(refusal({}, { windows: { secrets: ['AZURE_CLIENT_SECRET'] } })).toMatch(/signing\.windows names secrets for a Windows sign command, but tray\/tauri\.conf\.json has no bundle\.windows\.signCommand.*or remove signing\.windows\.$/);
  });

  it.each([
    [{ windows: { secrets: [] } }, /signing\.windows\.secrets: name the secrets/],
    [{ windows: { secrets: ['1KEY'] } }, /signing\.windows\.secrets: '1KEY' is not a GitHub secret name/],
    [{ windows: { secrets: ['GITHUB_TOKEN'] } }, /signing\.windows\.secrets: 'GITHUB_TOKEN' is a name GitHub, release\.yml or Tauri already gives the build/],
    [{ windows: { secrets: ['TAURI_SIGNING_PRIVATE_KEY'] } }, /'TAURI_SIGNING_PRIVATE_KEY' is a name GitHub, release\.yml or Tauri already gives the build/],
    [{ macos: { notarization: 'notary' as AppleNotarization } }, /signing\.macos\.notarization: 'notary' is not one of apple-id, api-key, none\./],
  ])('GIVEN signing %j WHEN planned THEN the option is named and refused', (signing, message) => {
    expect(refusal(SIGN_COMMAND, signing as TauriSigningOptions)).toMatch(message);
  });

  it('GIVEN a Tauri v1 configuration WHEN planned with signing THEN it is refused, naming the file and the migration', () => {
    const v1 = {
      'tray/Cargo.toml': tray()['tray/Cargo.toml'],
      'tray/tauri.conf.json': JSON.stringify({ package: { productName: 'Tray', version: '1.9.0' }, tauri: { updater: { active: true, pubkey: PUBKEY } } }),
    };
    expect(errorOf(() => planOf(v1, { products: [Product.tauriApp({ path: 'tray', signing: { updater: {} } })] })).message).toMatch(/tray\/tauri\.conf\.json is a Tauri v1 configuration.*migrate the app to Tauri 2/);
  });

  it('GIVEN a Tauri v1 app with an updater and no signing WHEN planned THEN it is planned as before (only Tauri 2 configurations are read for signing)', () => {
    const v1 = {
      'tray/Cargo.toml': tray()['tray/Cargo.toml'],
      'tray/tauri.conf.json': JSON.stringify({ package: { productName: 'Tray', version: '1.9.0' }, tauri: { updater: { active: true, pubkey: PUBKEY } } }),
    };
    expect(planOf(v1, { products: [Product.tauriApp({ path: 'tray' })] }).track.products[0].signing).toBeUndefined();
  });
});

describe('Tauri signing: the plan of a signing app', () => {
  it('GIVEN no updater and no signing WHEN planned THEN the app is unsigned (no signing in the plan)', () => {
    expect(signingOf({})).toBeUndefined();
  });

  it('GIVEN updater signing and a key without password WHEN planned THEN only the key is a secret, read on every platform, and the build turns the updater artifacts on', () => {
    expect(signingOf(UPDATER, { updater: { password: false } })).toEqual({
      updater: true,
      addUpdaterArtifacts: true,
      v1CompatibleUpdater: false,
      appleApiKeyFile: false,
      secrets: [{ name: 'TAURI_SIGNING_PRIVATE_KEY', holds: expect.stringContaining('private key') }],
    });
  });

  it('GIVEN tauri.conf.json already making updater artifacts WHEN planned THEN the build does not add them again', () => {
    expect(signingOf({ ...UPDATER, bundle: { createUpdaterArtifacts: 'v1Compatible' } }, { updater: {} }))
      .toMatchObject({ updater: true, addUpdaterArtifacts: false, v1CompatibleUpdater: true });
    expect(signingOf({ ...UPDATER, bundle: { createUpdaterArtifacts: true } }, { updater: {} }))
      .toMatchObject({ addUpdaterArtifacts: false, v1CompatibleUpdater: false });
  });

  it('GIVEN macOS signing with each notarization WHEN planned THEN the secrets are Tauri\'s variables, for the macOS legs only', () => {
    const names = (notarization?: AppleNotarization) => signingOf({}, { macos: { notarization } })!.secrets.map((s) => `${s.name}@${s.os}`);
    expect(names()).toEqual(['APPLE_CERTIFICATE@macOS', 'APPLE_CERTIFICATE_PASSWORD@macOS', 'APPLE_ID@macOS', 'APPLE_PASSWORD@macOS', 'APPLE_TEAM_ID@macOS']);
    expect(names(AppleNotarization.API_KEY)).toEqual(['APPLE_CERTIFICATE@macOS', 'APPLE_CERTIFICATE_PASSWORD@macOS', 'APPLE_API_ISSUER@macOS', 'APPLE_API_KEY@macOS', 'APPLE_API_PRIVATE_KEY@macOS']);
    expect(names(AppleNotarization.NONE)).toEqual(['APPLE_CERTIFICATE@macOS', 'APPLE_CERTIFICATE_PASSWORD@macOS']);
    const apiKey = signingOf({}, { macos: { notarization: AppleNotarization.API_KEY } });
    expect(apiKey).toMatchObject({ updater: false, addUpdaterArtifacts: false, appleApiKeyFile: true });
  });

  it('GIVEN Windows sign-command secrets WHEN planned THEN they are sorted, deduplicated and read on the Windows legs only', () => {
    expect(signingOf(SIGN_COMMAND, { windows: { secrets: ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_TENANT_ID'] } })!.secrets.map((s) => `${s.name}@${s.os}`)).toEqual(['AZURE_CLIENT_ID@Windows', 'AZURE_TENANT_ID@Windows']);
  });

  it('GIVEN an empty signing declaration WHEN planned THEN the app is unsigned', () => {
    expect(signingOf({}, {})).toBeUndefined();
  });

  it('GIVEN StarStats\' tray as configs.ts declares it (seed 002: its tauri.conf.json carries the updater key) WHEN planned THEN it signs its updates, key and password', () => {
    const repo = new FsRepoReader(copyRealFixture('starstats'));
    const plan = buildPlan(planConfigOf(realFixture('starstats').options(), repo, '0.0.0'), repo);
    const app = plan.tracks.find((t) => t.name === 'tray')!.products[0];
    expect(app.signing?.secrets.map((s) => s.name)).toEqual(['TAURI_SIGNING_PRIVATE_KEY', 'TAURI_SIGNING_PRIVATE_KEY_PASSWORD']);
    expect(app.signing?.addUpdaterArtifacts).toBe(true);
  });

  it('GIVEN StarStats\' tray declared without signing WHEN planned THEN it is refused, naming its tauri.conf.json', () => {
    const repo = new FsRepoReader(copyRealFixture('starstats'));
    const options = realFixture('starstats').options();
    const tracks = options.tracks!.map((t) => (t.name === 'tray' ? { ...t, products: [Product.tauriApp({ path: 'crates/starstats-client' })] } : t));
    expect(errorOf(() => buildPlan(planConfigOf({ ...options, tracks }, repo, '0.0.0'), repo)).message).toMatch(/crates\/starstats-client\/tauri\.conf\.json sets plugins\.updater\.pubkey/);
  });
});

describe('Tauri signing: a repository bootstrapped without a .projenrc.ts', () => {
  it('GIVEN StarStats, whose tray\'s tauri.conf.json has an updater public key WHEN proposed THEN the tray is declared with updater signing, so the proposal synthesizes', () => {
    const proposal = proposeBootstrap(new FsRepoReader(copyRealFixture('starstats')), '0.0.0');
    const app = proposal.products.find((p) => p.kind === 'tauri-app')!;
    expect(app).toMatchObject({ path: 'crates/starstats-client', signsUpdates: true });
    expect(renderBootstrapProjenrc('starstats', proposal)).toContain("    Product.tauriApp({ path: 'crates/starstats-client', name: 'starstats-client', signing: { updater: {} } }),\n");
  });

  it('GIVEN a Tauri app without an updater WHEN discovered THEN it is proposed unsigned', () => {
    const proposal = proposeBootstrap(new FsRepoReader(writeRepo(tray())), '0.0.0');
    expect(proposal.products[0]).toEqual({ kind: 'tauri-app', path: 'tray', name: 'tray' });
    expect(renderBootstrapProjenrc('tray', proposal)).toContain("    Product.tauriApp({ path: 'tray', name: 'tray' }),\n");
  });
});

describe('Tauri signing: as the plan records it', () => {
  it('GIVEN every kind of signing WHEN the plan is rebuilt from what it records (lockstep drift) THEN it is the same plan, signing included', () => {
    const repo = new MemoryRepoReader(tray({ ...UPDATER, ...SIGN_COMMAND }));
    const options: PlanOptions = {
      products: [Product.tauriApp({ path: 'tray', signing: { updater: { password: false }, macos: { notarization: AppleNotarization.NONE }, windows: { secrets: ['SIGN_TOKEN'] } } })],
    };
    const build = (o: PlanOptions) => buildPlan(planConfigOf(o, repo, '0.0.0'), repo);
    const rebuilt = build(optionsOfRecord(JSON.parse(JSON.stringify(planSourceOf(options, repo).options))));
    expect(rebuilt.tracks).toEqual(build(options).tracks);
    expect(rebuilt.tracks[0].products[0].signing?.secrets.map((s) => s.name)).toEqual(['TAURI_SIGNING_PRIVATE_KEY', 'APPLE_CERTIFICATE', 'APPLE_CERTIFICATE_PASSWORD', 'SIGN_TOKEN']);
  });
});
