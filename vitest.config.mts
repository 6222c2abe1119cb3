import { defineConfig } from 'vitest/config';

// The JSON report lets .ci/run print one plain "N passed, N failed" closing line.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'test-reports/vitest.json' },
  },
});
