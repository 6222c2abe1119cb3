import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLE_DIR, REPO_ROOT, tempDir } from './fixtures';
import { prepareRehearsal } from '../../src/runtime/commands/rehearse';
import { ScenarioResult, rehearse } from '../../src/runtime/rehearse/rehearsal';

/**
 * Products of the example a rehearsal on this machine leaves out: quill-node and quill-desktop (the
 * example does not declare the napi-rs and Tauri CLIs their build jobs run), quill-wasm (its build
 * downloads binaryen from GitHub, which this machine cannot reach).
 */
export const EXAMPLE_WITHOUT = ['quill-node', 'quill-wasm', 'quill-desktop'];

/** A rehearsal of the example's scenarios: minutes on two shared cores, beyond the 120 s hook default. */
export const REHEARSAL_TIMEOUT_MS = 1_200_000;

/** Rehearses the example's release.yml (real verdaccio, pypiserver, estuary; the GitHub stand-in) and returns each scenario's result and the output. */
export async function rehearseExample(scenarios: string[], fail: string[] = []): Promise<{ results: ScenarioResult[]; printed: string[] }> {
  const printed: string[] = [];
  const options = prepareRehearsal({ cwd: EXAMPLE_DIR, env: process.env, stdout: () => undefined, stderr: () => undefined }, {
    scenarios, fail, without: EXAMPLE_WITHOUT,
  });
  const workDir = tempDir('lockstep-rehearsal-test-');
  try {
    const results = await rehearse({ ...options, workDir, print: (line) => printed.push(line) });
    return { results, printed };
  } finally {
    // The rehearsal's own output, for whoever reads a failed test: test-reports/rehearsal-<scenarios>.log.
    fs.mkdirSync(path.join(REPO_ROOT, 'test-reports'), { recursive: true });
    fs.writeFileSync(path.join(REPO_ROOT, 'test-reports', `rehearsal-${scenarios.join('-')}.log`), `${printed.join('\n')}\n`);
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
