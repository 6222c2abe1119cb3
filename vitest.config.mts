import { defineConfig } from 'vitest/config';

// The JSON report lets .ci/run print one plain "N passed, N failed" closing line.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests run real tools (cargo, npm, git, validators) on a 2-core machine shared with other work: the
    // 5 s default fails healthy tests under load. Tests never time anything; bench/ measures.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-reports/vitest.json' },
  },
});
