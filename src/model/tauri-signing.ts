import { LockstepConfigError } from './errors';
import { TauriConfig } from './manifests';
import { ReservedSecretNames, checkSecretNames } from './secret-names';
import { AppleNotarization, TauriMacosSigningOptions, TauriSigningOptions, TauriUpdaterSigningOptions, TauriWindowsSigningOptions } from './tauri-signing-options';

/** `runner.os` of the legs that need a secret; absent: every leg. */
export type SigningOs = 'macOS' | 'Windows';

/** One signing secret of a Tauri app's build. */
export interface SigningSecretPlan {
  /** The secret's name, also the environment variable its step reads. */
  readonly name: string;
  /** The legs that read it (`runner.os`); absent: every leg. */
  readonly os?: SigningOs;
  /** What it holds, for docs/release-secrets.md. */
  readonly holds: string;
  /** `apiKeyFile`: read only by the step writing the App Store Connect key to a file, not by the build. */
  readonly step?: 'apiKeyFile';
}

/** A Tauri app's signing, checked against its tauri.conf.json. */
export interface TauriSigningPlan {
  /** Updater artifacts are signed. */
  readonly updater: boolean;
  /**
   * The build adds `bundle.createUpdaterArtifacts: true` to the configuration it merges (tauri.conf.json
   * leaves it out, as StarStats' does, so a local build needs no key).
   */
  readonly addUpdaterArtifacts: boolean;
  /**
   * tauri.conf.json sets `bundle.createUpdaterArtifacts: "v1Compatible"`, so the updater bundles are Tauri v1's
   * archives, whose names the build job must keep (Tauri 2's own are the signed installers).
   */
  readonly v1CompatibleUpdater: boolean;
  /** macOS notarization with an App Store Connect key, written to a file before the build. */
  readonly appleApiKeyFile: boolean;
  /** Every secret, in the order the doc lists them. */
  readonly secrets: SigningSecretPlan[];
}

/** The legs of a build that read a secret, as the docs say it. */
export function signingLegs(secret: SigningSecretPlan): string {
  return secret.os === undefined ? 'every platform' : `the ${secret.os} installers`;
}

/** The secret holding the `.p8` App Store Connect key, written to a file whose path Tauri reads. */
export const APPLE_API_KEY_SECRET = 'APPLE_API_PRIVATE_KEY';

/** The environment variable naming that file (Tauri's). */
export const APPLE_API_KEY_PATH_ENV = 'APPLE_API_KEY_PATH';

/** Names the build step's environment already has (GitHub's, the runner's, release.yml's, Tauri's and Apple's). */
const RESERVED: ReservedSecretNames = {
  prefixes: ['GITHUB_', 'RUNNER_', 'ACTIONS_', 'LOCKSTEP_', 'TAURI_', 'APPLE_'],
  names: ['CI', 'HOME', 'PATH', 'TARGET'],
  givenBy: 'GitHub, release.yml or Tauri already gives the build',
};

/** The secret holding the updater's private key (the variable Tauri reads). */
export const TAURI_SIGNING_KEY_SECRET = 'TAURI_SIGNING_PRIVATE_KEY';

/** The secret holding that key's password (the variable Tauri reads). */
export const TAURI_SIGNING_PASSWORD_SECRET = 'TAURI_SIGNING_PRIVATE_KEY_PASSWORD';

/**
 * GitHub cannot store an empty secret, so a key made without a password has no password secret: the app
 * declares `password: false` instead, and the password is neither asked for nor checked.
 */
const NO_PASSWORD = 'set `signing.updater.password: false` on the app in .projenrc.ts (GitHub cannot store an empty secret)';

/**
 * What `lockstep preflight --secrets` adds when this secret is empty, beyond "missing or in another
 * environment": the password of a key made without one is empty on purpose, and its fix is in .projenrc.ts.
 */
export function emptySecretAdvice(name: string): string | undefined {
  return name === TAURI_SIGNING_PASSWORD_SECRET ? `If the key has no password, ${NO_PASSWORD} and run \`npx projen\`.` : undefined;
}

function updaterSecrets(o: TauriUpdaterSigningOptions): SigningSecretPlan[] {
  return [
    { name: TAURI_SIGNING_KEY_SECRET, holds: 'the updater\'s private key (the content `tauri signer generate` wrote), which signs the updater artifacts' },
    ...(o.password === false ? [] : [{ name: TAURI_SIGNING_PASSWORD_SECRET, holds: `the password of that key; a key without one needs no secret: ${NO_PASSWORD}` }]),
  ];
}

function macosSecrets(option: string, o: TauriMacosSigningOptions): SigningSecretPlan[] {
  const notarization = o.notarization ?? AppleNotarization.APPLE_ID;
  if (!Object.values(AppleNotarization).includes(notarization)) {
    throw new LockstepConfigError(`${option}.signing.macos.notarization: '${String(notarization)}' is not one of ${Object.values(AppleNotarization).join(', ')}.`);
  }
  const mac = (name: string, holds: string, step?: 'apiKeyFile'): SigningSecretPlan => ({ name, os: 'macOS', holds, ...(step ? { step } : {}) });
  return [
    mac('APPLE_CERTIFICATE', 'the Developer ID Application certificate with its private key, as a `.p12` file in base64'),
    mac('APPLE_CERTIFICATE_PASSWORD', 'the password of that `.p12` file'),
    ...(o.signingIdentity === true ? [mac('APPLE_SIGNING_IDENTITY', 'the signing identity, such as `Developer ID Application: Name (TEAMID)`')] : []),
    ...(notarization === AppleNotarization.APPLE_ID ? [
      mac('APPLE_ID', 'the Apple account that notarizes the app'),
      mac('APPLE_PASSWORD', 'an app-specific password of that account (appleid.apple.com → Sign-In and Security)'),
      mac('APPLE_TEAM_ID', 'the team ID of the Apple Developer account'),
    ] : []),
    ...(notarization === AppleNotarization.API_KEY ? [
      mac('APPLE_API_ISSUER', 'the issuer ID of the App Store Connect API key'),
      mac('APPLE_API_KEY', 'the key ID of that App Store Connect API key'),
      mac(APPLE_API_KEY_SECRET, 'the content of that key\'s `.p8` file, written to a file for Tauri (`APPLE_API_KEY_PATH`)', 'apiKeyFile'),
    ] : []),
  ];
}

function windowsSecrets(option: string, o: TauriWindowsSigningOptions): SigningSecretPlan[] {
  const at = `${option}.signing.windows.secrets`;
  if (!Array.isArray(o.secrets) || o.secrets.length === 0) {
    throw new LockstepConfigError(`${at}: name the secrets tauri.conf.json's bundle.windows.signCommand reads (\`secrets: ['AZURE_CLIENT_SECRET']\`); a sign command that needs none needs no signing.windows.`);
  }
  checkSecretNames(at, o.secrets, RESERVED);
  return [...new Set(o.secrets)].sort().map((name) => ({ name, os: 'Windows' as const, holds: 'read by `bundle.windows.signCommand` of tauri.conf.json' }));
}

/**
 * The signing a Tauri app declares, checked against its tauri.conf.json (`conf`): a configured updater
 * without updater signing (or the reverse), and Windows signing without a sign command, are refused at
 * synth with the file and what to do. Undefined when the app is built unsigned.
 */
export function tauriSigningPlanOf(
  option: string, name: string, conf: TauriConfig, signing: TauriSigningOptions | undefined,
): TauriSigningPlan | undefined {
  const app = `${option} (tauri-app '${name}')`;
  const updater = signing?.updater;
  if (signing !== undefined && conf.layout === 'v1') {
    throw new LockstepConfigError(`${app}: ${conf.file} is a Tauri v1 configuration, and release.yml signs with Tauri 2's variables (TAURI_SIGNING_PRIVATE_KEY, APPLE_*); migrate the app to Tauri 2 (\`npx tauri migrate\`) or remove \`signing\`.`);
  }
  if (updater === undefined && conf.updaterPubkey) {
    throw new LockstepConfigError(
      `${app}: ${conf.file} sets ${conf.updaterPubkeyAt}, so installed apps only accept updates signed with its private key, but the product declares no updater signing: ` +
        'release.yml would publish installers that can never update. Add `signing: { updater: {} }` to the product in .projenrc.ts (and the secret TAURI_SIGNING_PRIVATE_KEY, see docs/release-secrets.md), ' +
        `or remove the updater from ${conf.file}.`,
    );
  }
  // Past the check above, the file has no public key: signing.updater alone would be refused by the next check.
  if (updater === undefined && conf.createUpdaterArtifacts) {
    throw new LockstepConfigError(
      `${app}: ${conf.file} sets bundle.createUpdaterArtifacts, and tauri build refuses to make updater artifacts without the private key: ` +
        `add the updater public key (\`tauri signer generate\`) to plugins.updater.pubkey in ${conf.file} and declare \`signing: { updater: {} }\` on the product in .projenrc.ts ` +
        `(with the secret ${TAURI_SIGNING_KEY_SECRET}), or remove bundle.createUpdaterArtifacts from ${conf.file}.`,
    );
  }
  if (updater !== undefined && !conf.updaterPubkey) {
    throw new LockstepConfigError(
      `${app}: signing.updater signs updater artifacts, but ${conf.file} has no updater public key (plugins.updater.pubkey), so no installed app could check them. ` +
        `Add the public key \`tauri signer generate\` printed to plugins.updater.pubkey in ${conf.file}, or remove signing.updater.`,
    );
  }
  if (signing?.windows !== undefined && !conf.windowsSignCommand) {
    throw new LockstepConfigError(
      `${app}: signing.windows names secrets for a Windows sign command, but ${conf.file} has no bundle.windows.signCommand, so nothing would read them. ` +
        `Add the sign command to bundle.windows.signCommand in ${conf.file} (it reads the secrets as environment variables), or remove signing.windows.`,
    );
  }
  if (signing === undefined || (updater === undefined && signing.macos === undefined && signing.windows === undefined)) return undefined;
  const secrets = [
    ...(updater ? updaterSecrets(updater) : []),
    ...(signing.macos ? macosSecrets(option, signing.macos) : []),
    ...(signing.windows ? windowsSecrets(option, signing.windows) : []),
  ];
  return {
    updater: updater !== undefined,
    addUpdaterArtifacts: updater !== undefined && !conf.createUpdaterArtifacts,
    v1CompatibleUpdater: updater !== undefined && conf.updaterArtifactsV1Compatible === true,
    appleApiKeyFile: secrets.some((s) => s.step === 'apiKeyFile'),
    secrets,
  };
}

/**
 * The configuration `tauri build --config` merges, with the updater artifacts turned on: for an app that
 * signs its updates but leaves `bundle.createUpdaterArtifacts` out of tauri.conf.json (StarStats does, so a
 * local build needs no key), the release build, which holds the key, makes them.
 */
export function withUpdaterArtifacts(config: Record<string, unknown>): Record<string, unknown> {
  const bundle = config.bundle;
  const table = typeof bundle === 'object' && bundle !== null && !Array.isArray(bundle) ? bundle as Record<string, unknown> : {};
  return { ...config, bundle: { ...table, createUpdaterArtifacts: true } };
}

/**
 * The signing a discovered Tauri app is proposed with: a Tauri 2 tauri.conf.json with an updater public key
 * signs its updates (StarStats' tray), since the release would otherwise be refused; nothing else can be
 * read from the repository (platform signing secrets are the maintainer's to declare).
 */
export function discoveredSigning(conf: TauriConfig | undefined): TauriSigningOptions | undefined {
  return conf?.updaterPubkey ? { updater: {} } : undefined;
}
