import { CI_SETUP_KEYS, CiGroup } from '../../model';
import { actionStep, usesOf } from '../workflow';
import { Job, Step } from '../workflow/workflow-types';

/** What some cell of a CI job sets up (issue 17): which setup steps the job renders. */
export type CiSetupKinds = ReadonlySet<keyof typeof CI_SETUP_KEYS>;

/** The setups some cell of a job asks for, from its groups when every product is affected (synth decides which steps exist). */
export function ciSetupKinds(groups: readonly CiGroup[]): CiSetupKinds {
  const kinds = Object.keys(CI_SETUP_KEYS) as Array<keyof typeof CI_SETUP_KEYS>;
  return new Set(kinds.filter((k) => groups.some((g) => (g.values[CI_SETUP_KEYS[k]] ?? '') !== '')));
}

const cell = (k: keyof typeof CI_SETUP_KEYS) => `matrix.${CI_SETUP_KEYS[k]}`;
const asks = (k: keyof typeof CI_SETUP_KEYS) => `${cell(k)} != ''`;

/**
 * The steps that set up a cell's tools, each running only in the cells that ask for it. The lists reach the
 * command through `env:` and xargs, which hands each name to the tool as one argument (names were checked at
 * synth: no name starts with `-` or holds a shell character).
 */
function toolSteps(kinds: CiSetupKinds): Step[] {
  const steps: Step[] = [];
  if (kinds.has('aptPackages')) {
    const linux = `runner.os == 'Linux' && ${asks('aptPackages')}`;
    steps.push(
      { name: 'Refresh the apt index (setup.aptPackages)', if: linux, run: 'sudo apt-get update' },
      {
        name: 'Install system packages (setup.aptPackages)',
        if: linux,
        run: 'echo "$APT_PACKAGES" | xargs sudo apt-get install --yes --no-install-recommends',
        env: { APT_PACKAGES: `\${{ ${cell('aptPackages')} }}` },
      },
    );
  }
  if (kinds.has('protoc')) {
    // The action lists protobuf's releases through the GitHub API: the job's token avoids the anonymous limit.
    steps.push(actionStep('Set up protoc (setup.protoc)', 'setupProtoc', { 'version': `\${{ ${cell('protoc')} }}`, 'repo-token': '${{ github.token }}' }, { if: asks('protoc') }));
  }
  if (kinds.has('pnpm')) steps.push(actionStep('Set up pnpm (setup.pnpm)', 'pnpmSetup', { version: `\${{ ${cell('pnpm')} }}` }, { if: asks('pnpm') }));
  return steps;
}

function rustSteps(kinds: CiSetupKinds): Step[] {
  return [
    ...(kinds.has('rustComponents') ? [{
      name: 'Add Rust components (setup.rustComponents)',
      if: asks('rustComponents'),
      run: 'echo "$COMPONENTS" | xargs rustup component add',
      env: { COMPONENTS: `\${{ ${cell('rustComponents')} }}` },
    }] : []),
    ...(kinds.has('rustTargets') ? [{
      name: 'Add Rust targets (setup.rustTargets)',
      if: asks('rustTargets'),
      run: 'echo "$TARGETS" | xargs rustup target add',
      env: { TARGETS: `\${{ ${cell('rustTargets')} }}` },
    }] : []),
  ];
}

/**
 * A matrix job with the setup steps its cells ask for: tools right after the checkout, Rust components and
 * targets after the job's last Rust toolchain step (the runner's rustup otherwise). A cell that installs with
 * the repository's pnpm and asks for its own sets up only its own.
 */
export function withCiSetupSteps(job: Job, kinds: CiSetupKinds): Job {
  if (kinds.size === 0) return job;
  const pnpmSetup = usesOf('pnpmSetup');
  let steps = job.steps.map((s) => (kinds.has('pnpm') && s.uses === pnpmSetup && s.if !== undefined ? { ...s, if: `${s.if} && ${cell('pnpm')} == ''` } : s));
  const checkout = steps.findIndex((s) => s.uses === usesOf('checkout'));
  const tools = toolSteps(kinds);
  steps = [...steps.slice(0, checkout + 1), ...tools, ...steps.slice(checkout + 1)];
  const toolchains = steps.map((s, i) => (s.uses === usesOf('rustToolchain') ? i : -1)).filter((i) => i >= 0);
  const at = toolchains.length > 0 ? toolchains[toolchains.length - 1] + 1 : checkout + 1 + tools.length;
  return { ...job, steps: [...steps.slice(0, at), ...rustSteps(kinds), ...steps.slice(at)] };
}
