import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { BuildTools, cargoInstallEquivalent, githubDownload, githubDownloadEquivalent, lockedVersion, readsNotFetched, stepEquivalent } from '../../../src/runtime/rehearse/build-tools';
import { SpawnExec } from '../../../src/runtime/release/real-deps';
import { REPO_ROOT, tempDir, writeRepo } from '../../support/fixtures';

/**
 * A known release download (binaryen) in a rehearsal job: the release the workflow pins beside the version
 * this machine has, and a step that does more than download or read the download fails instead of being
 * left out whole. Also the note of a stood-in `cargo install` whose step failed, and the Cargo.lock read.
 */

const exec = new SpawnExec(process.env, REPO_ROOT);
const URL = 'https://github.com/WebAssembly/binaryen/releases/download/$BINARYEN_VERSION/binaryen-$BINARYEN_VERSION-x86_64-linux.tar.gz';
const DOWNLOAD = `curl --fail --location --output "$RUNNER_TEMP/binaryen.tar.gz" "${URL}"`;
const ENV = { BINARYEN_VERSION: 'version_133' };

/** A machine whose PATH holds a wasm-opt that prints `wasm-opt version 108`. */
function machine(): BuildTools {
  const dir = tempDir('lockstep-downloads-');
  const bin = writeRepo({ 'wasm-opt': '#!/bin/sh\necho "wasm-opt version 108"\n' }, path.join(dir, 'machine-bin'));
  fs.chmodSync(path.join(bin, 'wasm-opt'), 0o755);
  return { cargoInstalls: path.join(dir, 'none'), jobBin: path.join(dir, 'local-tools'), path: bin, exec };
}

describe('the release a download pins', () => {
  it('GIVEN a download naming its tag through a variable WHEN read with the step\'s env THEN the tag is expanded', () => {
    expect(githubDownload(DOWNLOAD, ENV)).toEqual({ repo: 'WebAssembly/binaryen', tag: 'version_133', output: '$RUNNER_TEMP/binaryen.tar.gz' });
  });

  it('GIVEN binaryen pinned at version_133 and wasm-opt 108 here WHEN stood in for THEN the note and the not-rehearsable line name both', async () => {
    const eq = (await githubDownloadEquivalent(githubDownload(DOWNLOAD, ENV)!, machine(), { name: 'Download binaryen', script: DOWNLOAD, env: ENV }))!;
    expect(eq.run).toBe(false);
    expect(eq.failure).toBeUndefined();
    expect(eq.note).toMatch(/: the workflow pins version_133; this machine has wasm-opt version 108$/);
    expect(eq.notRehearsable).toMatch(/: the workflow pins version_133; this machine has wasm-opt version 108$/);
  });
});

describe('which option names the downloaded file', () => {
  it('GIVEN curl -O (keep the URL\'s name: it takes no value) WHEN read THEN no output file is taken from the next word', () => {
    expect(githubDownload(`curl -fsSL -O ${URL.replace(/\$BINARYEN_VERSION/g, 'v1')}`)).toEqual({ repo: 'WebAssembly/binaryen', tag: 'v1' });
  });

  it('GIVEN wget -O FILE and curl -o FILE WHEN read THEN FILE is the output', () => {
    expect(githubDownload(`wget -q -O /tmp/b.tgz ${URL}`, ENV)?.output).toBe('/tmp/b.tgz');
    expect(githubDownload(`curl -sL -o /tmp/b.tgz ${URL}`, ENV)?.output).toBe('/tmp/b.tgz');
    expect(githubDownload(`wget --output-document=/tmp/c.tgz ${URL}`, ENV)?.output).toBe('/tmp/c.tgz');
  });

  it('GIVEN a word that only ends in -o WHEN read THEN it is not taken for curl\'s -o', () => {
    expect(githubDownload(`curl --fail-o x ${URL}`, ENV)?.output).toBeUndefined();
  });
});

describe('a download step that runs more than the download', () => {
  it('GIVEN a step that downloads, verifies, unpacks and puts the tool on PATH WHEN stood in for THEN none of it runs and nothing fails', async () => {
    const script = [
      '# binaryen, pinned',
      DOWNLOAD,
      'echo "$BINARYEN_SHA256  $RUNNER_TEMP/binaryen.tar.gz" | sha256sum --check --strict',
      'tar --extract --gzip --file "$RUNNER_TEMP/binaryen.tar.gz" --directory "$RUNNER_TEMP"',
      'echo "$RUNNER_TEMP/binaryen-$BINARYEN_VERSION/bin" >> "$GITHUB_PATH"',
      '',
    ].join('\n');
    const eq = (await stepEquivalent({ name: 'binaryen', script, env: ENV, cwd: REPO_ROOT, workspace: REPO_ROOT, notFetched: [] }, machine()))!;
    expect(eq).toMatchObject({ run: false, notFetched: '$RUNNER_TEMP/binaryen.tar.gz' });
    expect(eq.failure).toBeUndefined();
  });

  it('GIVEN a step that downloads binaryen and then builds WHEN it comes THEN it fails with one message naming the build, not skipped', async () => {
    const script = `${DOWNLOAD}\ntar xzf "$RUNNER_TEMP/binaryen.tar.gz" && wasm-pack build --release\n`;
    const eq = (await stepEquivalent({ name: 'Build', script, env: ENV, cwd: REPO_ROOT, workspace: REPO_ROOT, notFetched: [] }, machine()))!;
    expect(eq.run).toBe(false);
    expect(eq.failure).toBe('step Build downloads binaryen from GitHub and also runs `wasm-pack build --release`: the rehearsal cannot stand in for it; split the step');
  });

  it('GIVEN the download was stood in for WHEN a later step unpacks it and builds THEN it fails naming the build; a step that only unpacks is left out', () => {
    const notFetched = ['$RUNNER_TEMP/binaryen.tar.gz'];
    const mixed = readsNotFetched('tar x -f "$RUNNER_TEMP/binaryen.tar.gz" && wasm-pack build', notFetched, 'Unpack and build')!;
    expect(mixed.failure).toBe('step Unpack and build reads $RUNNER_TEMP/binaryen.tar.gz, which the download step did not fetch, and also runs `wasm-pack build`: '
      + 'the rehearsal cannot stand in for it; split the step');
    const unpack = readsNotFetched('tar x -f "$RUNNER_TEMP/binaryen.tar.gz"', notFetched, 'Unpack')!;
    expect(unpack).toMatchObject({ run: false });
    expect(unpack.failure).toBeUndefined();
  });
});

describe('a stood-in cargo install whose step failed', () => {
  it('GIVEN the .ci build put in CARGO_HOME WHEN the step fails THEN the note says the step failed, not that cargo found it', () => {
    const root = writeRepo({
      '.crates.toml': '[v1]\n"tool 1.0.0 (registry+https://github.com/rust-lang/crates.io-index)" = ["tool"]\n',
      '.crates2.json': JSON.stringify({ installs: { 'tool 1.0.0 (registry+https://github.com/rust-lang/crates.io-index)': { bins: ['tool'] } } }),
      'bin/tool': '#!/bin/sh\n',
    }, path.join(tempDir(), 'tool-1.0.0'));
    const tools = { ...machine(), cargoInstalls: path.dirname(root) };
    const eq = cargoInstallEquivalent({ crate: 'tool', version: '1.0.0' }, tempDir('lockstep-cargo-home-'), tools)!;
    expect(eq.after!(false)).toBe(`tool 1.0.0 built once by the .ci scripts (${fs.realpathSync(root)}) was put in the job's CARGO_HOME as installed (tool and cargo's install records), but the step failed`);
    expect(eq.after!(false)).not.toContain('found it');
  });
});

describe('the wasm-bindgen version a Cargo.lock names', () => {
  it('GIVEN a lock WHEN read through the model THEN the one entry\'s version comes back; a malformed lock throws the model\'s error naming the file', () => {
    expect(lockedVersion('sdk/Cargo.lock', 'version = 4\n\n[[package]]\nname = "wasm-bindgen"\nversion = "0.2.100"\n', 'wasm-bindgen')).toBe('0.2.100');
    expect(() => lockedVersion('sdk/Cargo.lock', '[[package]\nname = ', 'wasm-bindgen')).toThrow(/^sdk\/Cargo\.lock.*invalid TOML/);
  });
});
