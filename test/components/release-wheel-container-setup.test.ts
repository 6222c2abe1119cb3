import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { exampleRelease } from './release-publish-support';
import { Product, ReleasePlatform } from '../../src';
import { ACTIONS } from '../../src/model';
import { exampleProducts } from '../support/example-products';
import { copyExample, errorOf, parseWorkflow, synthIn, tempDir } from '../support/fixtures';
import { checkWorkflows, formatFindings, runShellcheck } from '../support/workflow-gates';

// Issue 17: a maturin product's setup inside the container maturin-action builds its Linux wheels in, which
// sees nothing the runner installed: `before-script-linux` installs its RPM packages and points PROTOC at the
// runner's protoc, mounted read-only with `docker-options`.

const uses = (name: keyof typeof ACTIONS) => `${ACTIONS[name].repo}@${ACTIONS[name].sha}`;

/** The example with its Python SDK (musl twins on) asking for protoc, packages in both worlds and a Rust component. */
function products(setup: Record<string, unknown>, musllinux = true): Product[] {
  return exampleProducts().map((p) => (p.path === 'sdk/python' ? Product.maturin({ path: 'sdk/python', name: 'quill-py', musllinux, setup }) : p));
}

const FULL = { protoc: '29.3', aptPackages: ['libssl-dev'], manylinuxPackages: ['perl-IPC-Cmd', 'openssl-devel'], rustComponents: ['rust-src'] };

const bashPath = execFileSync('bash', ['-c', 'command -v bash'], { encoding: 'utf8' }).trim();

const builds = (job: any): any[] => job.steps.filter((s: any) => s.uses === uses('maturin') && s.with.command === 'build');

const MANYLINUX_SCRIPT = [
  '# setup.manylinuxPackages',
  'if command -v dnf > /dev/null; then dnf install -y openssl-devel perl-IPC-Cmd; else yum install -y --setopt=skip_missing_names_on_install=False openssl-devel perl-IPC-Cmd; fi',
  "# setup.protoc: the runner's protoc 29.3, mounted read-only",
  'export PROTOC=/opt/lockstep/protoc/bin/protoc',
  '"$PROTOC" --version',
  '# setup.rustComponents',
  'rustup component add rust-src',
].join('\n');

const MUSLLINUX_SCRIPT = [
  "# setup.protoc: the runner's protoc 29.3, mounted read-only",
  'export PROTOC=/opt/lockstep/protoc/bin/protoc',
  '"$PROTOC" --version',
  '# setup.rustComponents',
  'rustup component add rust-src',
].join('\n');

describe('release.yml: a maturin product\'s setup inside its Linux wheel containers (issue 17)', () => {
  const { wf, file } = exampleRelease({ products: products(FULL) });
  const job = wf.jobs['build-quill-py'];

  it('GIVEN manylinuxPackages, protoc and a Rust component WHEN rendered THEN the manylinux build installs the RPMs with the image\'s own package manager, points PROTOC at the mounted protoc and adds the component, and its name says so', () => {
    const [glibc] = builds(job);
    expect(glibc.name).toBe('maturin build, its Linux container set up first (setup.manylinuxPackages, setup.protoc, setup.rustComponents)');
    expect(glibc.if).toBe('!matrix.cross');
    expect(glibc.with['before-script-linux']).toBe(MANYLINUX_SCRIPT);
    expect(glibc.with['docker-options']).toBe('--volume ${{ runner.temp }}/lockstep-protoc:/opt/lockstep/protoc:ro');
    expect(glibc.with.manylinux).toBe('auto');
  });

  it('GIVEN the same setup WHEN rendered THEN the musllinux build (an Ubuntu cross container, where an RPM name means nothing and a distribution library cannot link into a musl wheel) gets protoc and the component, not the packages', () => {
    const musl = builds(job)[1];
    expect(musl.name).toBe('maturin build (musllinux), its Linux container set up first (setup.protoc, setup.rustComponents)');
    expect(musl.if).toBe('matrix.cross');
    expect(musl.with['before-script-linux']).toBe(MUSLLINUX_SCRIPT);
    expect(musl.with['docker-options']).toBe('--volume ${{ runner.temp }}/lockstep-protoc:/opt/lockstep/protoc:ro');
    expect(musl.with.manylinux).toBe('musllinux_1_2');
  });

  it('GIVEN setup.protoc WHEN rendered THEN the runner\'s protoc is copied out of the tool cache after setup-protoc installed it and before the builds that mount it; the sdist step gets nothing', () => {
    const steps: any[] = job.steps;
    const copy = steps.findIndex((s) => s.name === 'Copy the runner\'s protoc for the Linux wheel container (setup.protoc)');
    expect(steps[copy]).toEqual({
      name: 'Copy the runner\'s protoc for the Linux wheel container (setup.protoc)',
      if: "runner.os == 'Linux'",
      run: 'mkdir -p "$RUNNER_TEMP/lockstep-protoc"\ncp -R "$(dirname "$(dirname "$(command -v protoc)")")/." "$RUNNER_TEMP/lockstep-protoc/"',
    });
    expect(copy).toBeGreaterThan(steps.findIndex((s) => s.uses === uses('setupProtoc')));
    for (const b of builds(job)) expect(copy).toBeLessThan(steps.indexOf(b));
    const sdist = steps.find((s) => s.name === 'maturin sdist');
    expect(sdist.with['before-script-linux']).toBeUndefined();
    expect(sdist.with['docker-options']).toBeUndefined();
  });

  it('GIVEN the container setup WHEN rendered THEN the runner\'s own setup steps are those of any product: apt with the Debian names, the pinned setup-protoc, a Rust toolchain with the component', () => {
    const steps: any[] = job.steps;
    expect(steps.filter((s) => /setup\.aptPackages/.test(s.name))).toEqual([
      { name: 'Refresh the apt index (setup.aptPackages)', if: "runner.os == 'Linux'", run: 'sudo apt-get update' },
      { name: 'Install system packages (setup.aptPackages)', if: "runner.os == 'Linux'", run: 'sudo apt-get install --yes --no-install-recommends libssl-dev' },
    ]);
    expect(steps.filter((s) => s.uses === uses('setupProtoc')).map((s) => s.with)).toEqual([{ 'version': '29.3', 'repo-token': '${{ github.token }}' }]);
    expect(steps.filter((s) => s.uses === uses('rustToolchain')).map((s) => s.with.components)).toEqual(['rust-src']);
    // The RPM names reach no runner step.
    expect(JSON.stringify(steps.filter((s) => !builds(job).includes(s)))).not.toMatch(/perl-IPC-Cmd/);
  });

  it('GIVEN the rendered scripts WHEN put where maturin-action puts them (its bash script under set -euo pipefail) THEN bash parses them and shellcheck finds nothing', () => {
    const dir = tempDir();
    const files = builds(job).map((b, i) => {
      const f = path.join(dir, `run-maturin-action-${i}.sh`);
      fs.writeFileSync(f, `#!/bin/bash\nset -euo pipefail\n${b.with['before-script-linux']}\nmaturin build\n`);
      return f;
    });
    const copy = path.join(dir, 'copy-protoc.sh');
    fs.writeFileSync(copy, `#!/bin/bash\nset -euo pipefail\n${job.steps.find((s: any) => /^Copy the runner's protoc/.test(s.name)).run}\n`);
    for (const f of [...files, copy]) execFileSync('bash', ['-n', f]);
    const findings = runShellcheck([...files, copy]);
    expect(findings, formatFindings(findings)).toEqual([]);
  });

  it('GIVEN the manylinux script WHEN run by bash with stand-ins for the image\'s tools THEN it installs with yum on a yum image and with dnf on a dnf image, each name one argument, and adds the Rust component and target', () => {
    const script = builds(exampleRelease({ products: products({ manylinuxPackages: ['perl-IPC-Cmd', 'openssl-devel'], rustComponents: ['rust-src'], rustTargets: ['wasm32-wasip1'] }, false) }).wf.jobs['build-quill-py'])[0].with['before-script-linux'];
    const run = (tools: string[]): string[][] => {
      const dir = tempDir();
      const log = path.join(dir, 'calls.log');
      for (const tool of tools) {
        // Each stand-in logs its name and then each argument it got on a line of its own.
        // The yum stand-in is CentOS 7's: without the setopt it would skip a misspelled name and exit 0, so it refuses to run.
        const strict = tool === 'yum' ? 'case " $* " in *" --setopt=skip_missing_names_on_install=False "*) ;; *) exit 3 ;; esac\n' : '';
        fs.writeFileSync(path.join(dir, tool), `#!${bashPath}\n${strict}{ printf '%s\\n' '${tool}'; for a in "$@"; do printf '  %s\\n' "$a"; done; } >> "$LOG"\n`, { mode: 0o755 });
      }
      // stdin from /dev/null: on a socket (Node's pipes are socketpairs) bash takes itself for a remote shell and reads ~/.bashrc, which may change PATH.
      execFileSync(bashPath, ['-c', `set -euo pipefail\n${script}`], { env: { PATH: dir, LOG: log }, stdio: ['ignore', 'pipe', 'pipe'] });
      return fs.readFileSync(log, 'utf8').split(/\n(?=\S)/).map((call) => call.trim().split(/\n\s*/));
    };
    const rust = [['rustup', 'component', 'add', 'rust-src'], ['rustup', 'target', 'add', 'wasm32-wasip1']];
    expect(run(['yum', 'rustup'])).toEqual([['yum', 'install', '-y', '--setopt=skip_missing_names_on_install=False', 'openssl-devel', 'perl-IPC-Cmd'], ...rust]);
    expect(run(['dnf', 'yum', 'rustup'])).toEqual([['dnf', 'install', '-y', 'openssl-devel', 'perl-IPC-Cmd'], ...rust]);
  });

  it('GIVEN the release workflow with the container setup WHEN the workflow gates run THEN actionlint, GitHub\'s parser and zizmor find nothing', () => {
    const { findings } = checkWorkflows([file]);
    expect(findings, formatFindings(findings)).toEqual([]);
  });
});

describe('release.yml and ci.yml: what the container setup leaves alone (issue 17)', () => {
  it('GIVEN a maturin product whose setup only acts on the runner (apt packages) WHEN rendered THEN its builds get no script, no mount and keep their names', () => {
    const job = exampleRelease({ products: products({ aptPackages: ['libssl-dev'] }, false) }).wf.jobs['build-quill-py'];
    expect(builds(job).map((b) => [b.name, b.with['before-script-linux'], b.with['docker-options']])).toEqual([['maturin build', undefined, undefined]]);
    expect(job.steps.some((s: any) => /^Copy the runner's protoc/.test(s.name))).toBe(false);
  });

  it('GIVEN a maturin product without musl twins and with manylinuxPackages WHEN rendered THEN its one build step (every platform) carries them; macOS and Windows legs ignore before-script-linux', () => {
    const job = exampleRelease({ products: products({ manylinuxPackages: ['openssl-devel'] }, false) }).wf.jobs['build-quill-py'];
    expect(builds(job).map((b) => [b.name, b.if, b.with['before-script-linux'], b.with['docker-options']])).toEqual([[
      'maturin build, its Linux container set up first (setup.manylinuxPackages)',
      undefined,
      '# setup.manylinuxPackages\nif command -v dnf > /dev/null; then dnf install -y openssl-devel; else yum install -y --setopt=skip_missing_names_on_install=False openssl-devel; fi',
      undefined,
    ]]);
  });

  it('GIVEN manylinuxPackages and release.platforms without a Linux platform WHEN synthesized THEN synth refuses the option that would do nothing, naming it, the product and both fixes', () => {
    const release = { platforms: [ReleasePlatform.MACOS_ARM64, ReleasePlatform.WINDOWS_X64] };
    expect(errorOf(() => exampleRelease({ products: products({ manylinuxPackages: ['openssl-devel'] }, false), release })).message).toBe(
      'setup.manylinuxPackages: quill-py builds no glibc Linux wheels (release.platforms names neither linux-x64 nor linux-arm64), so no manylinux container would install them; ' +
        'remove setup.manylinuxPackages or add a Linux platform to release.platforms.',
    );
    // Without the option the same platforms are fine.
    expect(builds(exampleRelease({ products: products({ protoc: '29.3' }, false), release }).wf.jobs['build-quill-py'])).toHaveLength(1);
  });

  it('GIVEN only manylinuxPackages WHEN ci.yml is rendered THEN it is the ci.yml of no setup at all (CI builds on the runner, where RPM names mean nothing)', () => {
    const ci = (setup: Record<string, unknown> | undefined) => {
      const ps = exampleProducts().map((p) => (p.path === 'sdk/python' ? Product.maturin({ path: 'sdk/python', name: 'quill-py', ...(setup ? { setup } : {}) }) : p));
      return parseWorkflow(synthIn(copyExample(), { products: ps })['.github/workflows/ci.yml']);
    };
    expect(ci({ manylinuxPackages: ['openssl-devel'] })).toEqual(ci(undefined));
  });
});
