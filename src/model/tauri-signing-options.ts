/**
 * How a signed macOS app is notarized. Apple's Gatekeeper warns about a Developer ID app that was signed
 * but not notarized, so notarization is part of macOS signing unless turned off on purpose.
 */
export enum AppleNotarization {
  /** With the Apple account: secrets `APPLE_ID`, `APPLE_PASSWORD` (an app-specific password) and `APPLE_TEAM_ID`. */
  APPLE_ID = 'apple-id',
  /**
   * With an App Store Connect API key: secrets `APPLE_API_ISSUER`, `APPLE_API_KEY` (the key ID) and
   * `APPLE_API_PRIVATE_KEY` (the `.p8` file's content, written to a file for Tauri's `APPLE_API_KEY_PATH`).
   */
  API_KEY = 'api-key',
  /** Signed but not notarized. */
  NONE = 'none',
}

/** Signing of the updater artifacts with the key whose public half is tauri.conf.json's `plugins.updater.pubkey`. */
export interface TauriUpdaterSigningOptions {
  /**
   * Whether the private key has a password, in the secret `TAURI_SIGNING_PRIVATE_KEY_PASSWORD`
   * (`tauri signer generate` asks for one; an empty one is allowed there).
   * @default true
   */
  readonly password?: boolean;
}

/**
 * macOS code signing (and notarization) of the app with a Developer ID certificate, in the secrets
 * `APPLE_CERTIFICATE` (the `.p12` file, base64) and `APPLE_CERTIFICATE_PASSWORD`, which Tauri imports into a
 * temporary keychain of the runner.
 */
export interface TauriMacosSigningOptions {
  /**
   * Whether the secret `APPLE_SIGNING_IDENTITY` names the identity to sign with (`Developer ID Application:
   * Name (TEAMID)`). Tauri otherwise takes the identity of the imported certificate.
   * @default false
   */
  readonly signingIdentity?: boolean;
  /**
   * How the signed app is notarized.
   * @default AppleNotarization.APPLE_ID
   */
  readonly notarization?: AppleNotarization;
}

/**
 * Windows code signing by the `bundle.windows.signCommand` of tauri.conf.json (Azure Trusted Signing, a
 * cloud HSM, relic…), which Tauri runs on every binary and installer it makes.
 */
export interface TauriWindowsSigningOptions {
  /**
   * Secrets the sign command reads, by name (`['AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_TENANT_ID']`),
   * each as the environment variable of the same name.
   */
  readonly secrets: string[];
}

/**
 * Which signing secrets the maintainer provides for a Tauri app: the build job gets exactly these, as
 * environment variables of its build step, on the platforms that use them.
 */
export interface TauriSigningOptions {
  /**
   * Sign the updater artifacts with the secret `TAURI_SIGNING_PRIVATE_KEY` (and its password): tauri.conf.json
   * must carry the public key (`plugins.updater.pubkey`). The build then makes the updater artifacts (`.sig`
   * files, the macOS `.app.tar.gz`) and the GitHub Release carries them.
   * @default - no updater signing; refused when tauri.conf.json configures the updater
   */
  readonly updater?: TauriUpdaterSigningOptions;
  /**
   * Sign (and notarize) the macOS app and disk image.
   * @default - unsigned on macOS
   */
  readonly macos?: TauriMacosSigningOptions;
  /**
   * Sign the Windows binaries and installers with tauri.conf.json's `bundle.windows.signCommand`.
   * @default - unsigned on Windows (unless tauri.conf.json signs without secrets)
   */
  readonly windows?: TauriWindowsSigningOptions;
}
