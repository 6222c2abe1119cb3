import { describe, expect, it } from 'vitest';
import { exampleRelease } from './release-publish-support';

describe('release.yml: the Windows installer version of a Tauri prerelease (B8)', () => {
  it('B8 GIVEN the desktop build WHEN read THEN lockstep tauri-config works out the MSI version and tauri build merges it through env, not ${{ }} in run', () => {
    const steps: any[] = exampleRelease().wf.jobs['build-quill-desktop'].steps;
    const config = steps.findIndex((s) => s.run?.includes('lockstep tauri-config'));
    const build = steps.findIndex((s) => s.run?.includes('tauri build'));
    expect(config).toBeGreaterThan(-1);
    expect(build).toBeGreaterThan(config);
    expect(steps[build].run).toBe('npx --no-install tauri build --target "$TARGET" --config "$TAURI_CONFIG"');
    expect(steps[build].env.TAURI_CONFIG).toBe(`\${{ steps.${steps[config].id}.outputs.config }}`);
  });
});
