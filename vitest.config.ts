import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/domain/**/*.test.ts", "test/api/**/*.test.ts", "test/web/**/*.test.ts", "test/verifier/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
