/**
 * Builds the web client into web/dist, which the API process serves at "/".
 * `npx vite build --config web/vite.config.mts` from the repository root.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: "/",
  publicDir: false,
  build: {
    outDir: path.join(here, "dist"),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `npx vite --config web/vite.config.mts` during development: API calls go to the API process.
    proxy: { "/api": "http://localhost:8787", "/healthz": "http://localhost:8787" },
    fs: { allow: [path.join(here, "..")] },
  },
});
