import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { generatedWorkflowFiles, synthRelease } from './release-publish-support';
import { chapter, synthDoc } from './trusted-publishing-support';
import { AppleNotarization, Product, ReleasePlatform, TauriSigningOptions } from '../../src';
import { DOC_ANCHORS } from '../../src/model';
import { exampleProducts } from '../support/example-products';
import { copyExample, errorOf } from '../support/fixtures';
import { copyRealFixture, handOverOwnFiles, realFixture } from '../support/real-repos';
import { checkWorkflows, formatFindings } from '../support/workflow-gates';

/** A public key as `tauri signer generate` prints it (base64 of a minisign public key; any non-empty text is read). */
const PUBKEY = 'dW50cnVzdGVkIGNvbW1lbnQ6IG1pbmlzaWduIHB1YmxpYyBrZXkK';

/** Every kind of signing at once: the updater, macOS with an App Store Connect key, a Windows sign command. */
const FULL: TauriSigningOptions = {
  updater: {},
  macos: { notarization: AppleNotarization.API_KEY, signingIdentity: true },
  windows: { secrets: ['AZURE_CLIENT_SECRET', 'AZURE_CLIENT_ID', 'AZURE_TENANT_ID'] },
};

/** The example with its Tauri app's tauri.conf.json carrying an updater key and a Windows sign command. */
function signedExample(): string {
  const dir = copyExample();
  const file = path.join(dir, 'desktop/src-tauri/tauri.conf.json');
  const conf = JSON.parse(fs.readFileSync(file, 'utf8'));
  conf.plugins = { updater: { pubkey: PUBKEY, endpoints: ['https://example.com/latest.json'] } };
  conf.bundle.windows = { signCommand: 'trusted-signing-cli -e https://eus.codesigning.azure.net -a quill -c quill %1' };
  fs.writeFileSync(file, JSON.stringify(conf, null, 2));
  return dir;
}

function products(signing: TauriSigningOptions): Product[] {
  return [...exampleProducts().filter((p) => p.path !== 'desktop'), Product.tauriApp({ path: 'desktop', signing })];
}

/** Every `${{ secrets.X }}` a job's steps and env read. */
function secretsOf(job: any): string[] {
  const text = JSON.stringify(job);
  return [...new Set([...text.matchAll(/secrets\.([A-Za-z0-9_]+)/g)].map((m) => m[1]))].sort();
}

describe('release.yml: a Tauri app that signs (issue 17)', () => {
  const { wf, out } = synthRelease(signedExample(), { products: products(FULL) });
  const job = wf.jobs['build-quill-desktop'];
  const steps: any[] = job.steps;
  const build = steps.find((s) => s.run?.includes('tauri build'));

  it('GIVEN updater, macOS and Windows signing WHEN synthesized THEN only the desktop build job reads signing secrets, and no other job reads any of them', () => {
    expect(secretsOf(job)).toEqual([
      'APPLE_API_ISSUER', 'APPLE_API_KEY', 'APPLE_API_PRIVATE_KEY', 'APPLE_CERTIFICATE', 'APPLE_CERTIFICATE_PASSWORD', 'APPLE_SIGNING_IDENTITY',
      'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_TENANT_ID', 'TAURI_SIGNING_PRIVATE_KEY', 'TAURI_SIGNING_PRIVATE_KEY_PASSWORD',
    ]);
    const signingSecrets = new Set(secretsOf(job));
    for (const [id, other] of Object.entries<any>(wf.jobs)) {
      if (id === 'build-quill-desktop') continue;
      expect(secretsOf(other).filter((s) => signingSecrets.has(s)), id).toEqual([]);
    }
  });

  it('GIVEN signing WHEN the build job is read THEN it runs before the approval, in the publish environment, with a read-only token', () => {
    expect(job.environment).toBe('release-publish');
    expect(job.permissions).toEqual({ contents: 'read' });
    expect(wf.jobs['tag-all'].needs).toContain('build-quill-desktop');
    expect(wf.jobs['tag-all'].environment).toBe('release');
  });

  it('GIVEN signing WHEN the build step is read THEN each secret reaches it through env, on the legs of its platform only, and none is written into run', () => {
    expect(build.run).toBe('npx --no-install tauri build --target "$TARGET" --config "$TAURI_CONFIG"');
    expect(build.env.TAURI_SIGNING_PRIVATE_KEY).toBe('${{ secrets.TAURI_SIGNING_PRIVATE_KEY }}');
    expect(build.env.TAURI_SIGNING_PRIVATE_KEY_PASSWORD).toBe('${{ secrets.TAURI_SIGNING_PRIVATE_KEY_PASSWORD }}');
    for (const mac of ['APPLE_CERTIFICATE', 'APPLE_CERTIFICATE_PASSWORD', 'APPLE_SIGNING_IDENTITY', 'APPLE_API_ISSUER', 'APPLE_API_KEY']) {
      expect(build.env[mac], mac).toBe(`\${{ runner.os == 'macOS' && secrets.${mac} || '' }}`);
    }
    for (const win of ['AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_TENANT_ID']) {
      expect(build.env[win], win).toBe(`\${{ runner.os == 'Windows' && secrets.${win} || '' }}`);
    }
    // The .p8 key is written to a file by its own step; the build reads only the path.
    expect(build.env.APPLE_API_PRIVATE_KEY).toBeUndefined();
    expect(build.env.APPLE_API_KEY_PATH).toBe("${{ runner.os == 'macOS' && format('{0}/apple-api-key.p8', runner.temp) || '' }}");
    for (const s of steps) expect(s.run ?? '', s.name).not.toContain('${{');
  });

  it('GIVEN API-key notarization WHEN synthesized THEN a macOS-only step writes the key from env to the file the build reads, before the build', () => {
    const at = steps.findIndex((s) => s.name === 'Write the App Store Connect API key to a file');
    expect(at).toBeGreaterThan(-1);
    expect(at).toBeLessThan(steps.indexOf(build));
    expect(steps[at]).toMatchObject({
      if: "runner.os == 'macOS'",
      run: 'printf \'%s\' "$APPLE_API_PRIVATE_KEY" > "$APPLE_API_KEY_PATH"',
      env: { APPLE_API_PRIVATE_KEY: '${{ secrets.APPLE_API_PRIVATE_KEY }}', APPLE_API_KEY_PATH: build.env.APPLE_API_KEY_PATH },
    });
  });

  it('GIVEN signing WHEN a leg starts THEN lockstep preflight --secrets checks the secrets that leg uses, before Rust is set up or anything is built', () => {
    const preflights = steps.filter((s) => s.run?.includes('lockstep preflight'));
    expect(preflights.map((s) => [s.if, s.run])).toEqual([
      [undefined, 'npx --no-install lockstep preflight --secrets TAURI_SIGNING_PRIVATE_KEY,TAURI_SIGNING_PRIVATE_KEY_PASSWORD'],
      ["runner.os == 'macOS'", 'npx --no-install lockstep preflight --secrets APPLE_CERTIFICATE,APPLE_CERTIFICATE_PASSWORD,APPLE_SIGNING_IDENTITY,APPLE_API_ISSUER,APPLE_API_KEY,APPLE_API_PRIVATE_KEY'],
      ["runner.os == 'Windows'", 'npx --no-install lockstep preflight --secrets AZURE_CLIENT_ID,AZURE_CLIENT_SECRET,AZURE_TENANT_ID'],
    ]);
    for (const p of preflights) {
      for (const [name, value] of Object.entries(p.env)) expect(value).toBe(`\${{ secrets.${name} }}`);
    }
    const rust = steps.findIndex((s) => s.name === 'Set up Rust');
    expect(steps.indexOf(preflights[2])).toBeLessThan(rust);
  });

  it('GIVEN updater signing and a tauri.conf.json without createUpdaterArtifacts WHEN synthesized THEN the merged config turns the updater artifacts on and the leg keeps them with the installers', () => {
    const config = steps.find((s) => s.run?.includes('lockstep tauri-config'));
    expect(config.run).toBe('npx --no-install lockstep tauri-config --updater-artifacts');
    const upload = steps.find((s) => s.name === 'Keep the installers');
    const paths: string[] = upload.with.path.split('\n');
    for (const sig of ['appimage/*.AppImage.sig', 'macos/*.app.tar.gz', 'macos/*.app.tar.gz.sig', 'msi/*.msi.sig', 'nsis/*.exe.sig']) {
      expect(paths, sig).toContain(`desktop/src-tauri/target/\${{ matrix.target }}/release/bundle/${sig}`);
    }
    // Tauri 2's own updater bundles are the installers themselves: no v1 archive is asked for.
    expect(paths.filter((p) => /\.(tar\.gz|zip)(\.sig)?$/.test(p) && !p.includes('/macos/'))).toEqual([]);
  });

  it('GIVEN createUpdaterArtifacts: "v1Compatible" WHEN synthesized THEN the leg keeps the v1 updater archives Tauri writes (AppImage.tar.gz, msi.zip, nsis.zip, app.tar.gz) with their signatures', () => {
    const dir = signedExample();
    const file = path.join(dir, 'desktop/src-tauri/tauri.conf.json');
    const conf = JSON.parse(fs.readFileSync(file, 'utf8'));
    conf.bundle.createUpdaterArtifacts = 'v1Compatible';
    fs.writeFileSync(file, JSON.stringify(conf, null, 2));
    const { wf: wf2 } = synthRelease(dir, { products: products({ updater: {} }) });
    const upload = wf2.jobs['build-quill-desktop'].steps.find((s: any) => s.name === 'Keep the installers');
    const paths: string[] = upload.with.path.split('\n');
    const archives = [
      'appimage/*.AppImage.tar.gz', 'appimage/*.AppImage.tar.gz.sig', 'macos/*.app.tar.gz', 'macos/*.app.tar.gz.sig',
      'msi/*.msi.zip', 'msi/*.msi.zip.sig', 'nsis/*.nsis.zip', 'nsis/*.nsis.zip.sig',
    ];
    for (const a of archives) {
      expect(paths, a).toContain(`desktop/src-tauri/target/\${{ matrix.target }}/release/bundle/${a}`);
      expect(paths, a).toContain(`target/\${{ matrix.target }}/release/bundle/${a}`);
    }
  });

  it('GIVEN a tauri.conf.json that already sets createUpdaterArtifacts WHEN synthesized THEN the merged config leaves it as the file says (v1Compatible stays v1Compatible)', () => {
    const dir = signedExample();
    const file = path.join(dir, 'desktop/src-tauri/tauri.conf.json');
    const conf = JSON.parse(fs.readFileSync(file, 'utf8'));
    conf.bundle.createUpdaterArtifacts = 'v1Compatible';
    fs.writeFileSync(file, JSON.stringify(conf, null, 2));
    const { wf: wf2 } = synthRelease(dir, { products: products({ updater: {} }) });
    const config = wf2.jobs['build-quill-desktop'].steps.find((s: any) => s.run?.includes('lockstep tauri-config'));
    expect(config.run).toBe('npx --no-install lockstep tauri-config');
  });

  it('GIVEN every workflow generated with signing WHEN every gate reads them THEN none finds anything', () => {
    const files = generatedWorkflowFiles(out);
    const { checked, findings } = checkWorkflows(files);
    expect(checked).toBe(files.length);
    expect(findings, formatFindings(findings)).toEqual([]);
  });
});

describe('release.yml: platform signing needs a platform that builds (issue 17)', () => {
  it('GIVEN macOS signing and desktop platforms without macOS WHEN synthesized THEN it is refused, naming both options and what to add', () => {
    const release = { desktopPlatforms: [ReleasePlatform.LINUX_X64, ReleasePlatform.WINDOWS_X64] };
    const e = errorOf(() => synthRelease(signedExample(), { products: products({ updater: {}, macos: {} }), release }));
    expect(e.message).toBe(
      "release.desktopPlatforms (linux-x64, windows-x64) builds no macOS installer, but quill-desktop declares signing.macos, whose secrets no job would read. Add 'macos-arm64' or 'macos-x64' to release.desktopPlatforms, or remove signing.macos from quill-desktop.",
    );
  });

  it('GIVEN Windows signing and desktop platforms without Windows WHEN synthesized THEN it is refused the same way', () => {
    const release = { desktopPlatforms: [ReleasePlatform.MACOS_ARM64] };
    const e = errorOf(() => synthRelease(signedExample(), { products: products({ updater: {}, windows: { secrets: ['SIGN_TOKEN'] } }), release }));
    expect(e.message).toMatch(/builds no Windows installer, but quill-desktop declares signing\.windows.*Add 'windows-x64' to release\.desktopPlatforms/);
  });

  it('GIVEN updater signing and both macOS platforms WHEN synthesized THEN it is refused: both legs would make an updater bundle of the same name', () => {
    const release = { desktopPlatforms: [ReleasePlatform.MACOS_ARM64, ReleasePlatform.MACOS_X64, ReleasePlatform.WINDOWS_X64] };
    const e = errorOf(() => synthRelease(signedExample(), { products: products({ updater: {} }), release }));
    expect(e.message).toMatch(/^release\.desktopPlatforms builds macos-arm64 and macos-x64, and quill-desktop signs its updates \(signing\.updater\): .*<productName>\.app\.tar\.gz.*Build one macOS platform/);
  });

  it('GIVEN updater signing only and one Linux platform WHEN synthesized THEN it is accepted (the updater key is read on every platform)', () => {
    const { wf } = synthRelease(signedExample(), { products: products({ updater: {} }), release: { desktopPlatforms: [ReleasePlatform.LINUX_X64] } });
    expect(secretsOf(wf.jobs['build-quill-desktop'])).toEqual(['TAURI_SIGNING_PRIVATE_KEY', 'TAURI_SIGNING_PRIVATE_KEY_PASSWORD']);
  });
});

describe('release.yml: an unsigned Tauri app is built as before', () => {
  it('GIVEN the example\'s app without signing WHEN synthesized THEN its build job has no environment, no secret and no preflight', () => {
    const { wf } = synthRelease(copyExample(), { products: exampleProducts() });
    const job = wf.jobs['build-quill-desktop'];
    expect(job.environment).toBeUndefined();
    expect(secretsOf(job)).toEqual([]);
    expect(job.steps.some((s: any) => s.run?.includes('lockstep preflight'))).toBe(false);
    expect(job.steps.find((s: any) => s.run?.includes('lockstep tauri-config')).run).toBe('npx --no-install lockstep tauri-config');
  });
});

describe('release.yml on StarStats: the tray signs its updates (seed 002)', () => {
  it('GIVEN the tray with updater signing WHEN synthesized THEN its build reads the updater key and password only, and turns the updater artifacts on (its tauri.conf.json leaves them off)', () => {
    const dir = copyRealFixture('starstats');
    handOverOwnFiles(dir);
    const { wf } = synthRelease(dir, realFixture('starstats').options());
    const job = wf.jobs['build-starstats-client'];
    expect(secretsOf(job)).toEqual(['TAURI_SIGNING_PRIVATE_KEY', 'TAURI_SIGNING_PRIVATE_KEY_PASSWORD']);
    expect(job.environment).toBe('release-publish');
    expect(job.steps.find((s: any) => s.run?.includes('lockstep tauri-config')).run).toBe('npx --no-install lockstep tauri-config --updater-artifacts');
  });
});

describe('docs/release-secrets.md: desktop signing (issue 17)', () => {
  const { doc } = synthDoc(signedExample(), { products: products(FULL) });

  it('GIVEN signing WHEN the doc is generated THEN its Desktop signing section lists each secret with what it holds, the platforms that read it, the job and where to create it', () => {
    const section = chapter(doc, DOC_ANCHORS.signing);
    expect(section).toContain('## Desktop signing');
    const row = (name: string) => section.split('\n').find((l) => l.startsWith(`| \`${name}\` |`));
    const where = 'a secret of the environment `release-publish`: `https://github.com/<OWNER>/<REPOSITORY>/settings/environments` → `release-publish` → **Environment secrets** → **Add environment secret** |';
    expect(row('TAURI_SIGNING_PRIVATE_KEY')).toContain('| `quill-desktop`, every platform | `build-quill-desktop` | ' + where);
    // GitHub stores no empty secret: a key made without a password is declared so instead.
    expect(row('TAURI_SIGNING_PRIVATE_KEY_PASSWORD')).toContain('the password of that key; a key without one needs no secret: set `signing.updater.password: false`');
    expect(row('APPLE_CERTIFICATE')).toContain('`.p12` file in base64 | `quill-desktop`, the macOS installers | `build-quill-desktop` |');
    expect(row('APPLE_API_PRIVATE_KEY')).toContain('`.p8`');
    expect(row('AZURE_CLIENT_SECRET')).toContain('read by `bundle.windows.signCommand` of tauri.conf.json | `quill-desktop`, the Windows installers |');
    expect(section).toContain('lockstep preflight --secrets');
    expect(section).toContain('plugins.updater.pubkey');
  });

  it('GIVEN signing WHEN the doc lists every secret the workflows read THEN each signing secret says which job reads it and goes in the publish environment', () => {
    const secrets = chapter(doc, DOC_ANCHORS.secrets);
    const row = secrets.split('\n').find((l) => l.startsWith('| `TAURI_SIGNING_PRIVATE_KEY` |'))!;
    expect(row).toContain('read by the build of quill-desktop (its signing) for every platform, in the job build-quill-desktop only');
    expect(row).toContain('release.yml: build-quill-desktop ("Preflight: is every secret of the updater set?"); release.yml: build-quill-desktop ("Build the installers")');
    expect(secrets).toContain('except the desktop signing secrets');
    expect(secrets).toContain(`#${DOC_ANCHORS.signing})`);
  });

  it('GIVEN signing WHEN the doc sets up the publish environment THEN it says to add the signing secrets there, and still no npm token', () => {
    const envs = chapter(doc, DOC_ANCHORS.environments);
    expect(envs).toContain('Add only the secrets [Desktop signing]');
    expect(envs).toContain('no `NPM_TOKEN`');
    expect(envs).toMatch(/The jobs .*build-quill-desktop.* run in it/);
  });
});

describe('docs/release-secrets.md: desktop signing beside a product\'s own publish secrets (issue 17)', () => {
  const image = Product.generic({ path: 'docs', name: 'image', publishCommand: 'make push', publishSecrets: ['IMAGE_PUSH_TOKEN'] });
  const { doc } = synthDoc(signedExample(), { products: [...products({ updater: {} }), image] });

  it('GIVEN both WHEN the doc says where secrets go THEN the publish environment gets both sections\' secrets, each linked', () => {
    expect(chapter(doc, DOC_ANCHORS.environments)).toContain(
      `Add only the secrets [Desktop signing](#${DOC_ANCHORS.signing}) and [Products' own publish commands](#${DOC_ANCHORS.ownPublish}) list: in particular no \`NPM_TOKEN\``,
    );
    expect(chapter(doc, DOC_ANCHORS.secrets)).toContain(
      `at repository level, except the secrets of the products' own publish commands ([Products' own publish commands](#${DOC_ANCHORS.ownPublish})) ` +
        `and the desktop signing secrets ([Desktop signing](#${DOC_ANCHORS.signing})), which go in the environment \`release-publish\``,
    );
  });
});
