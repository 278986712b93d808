import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";

export default defineConfig({
  base: "/card/",
  plugins: [reactRouter()],
  // These workspace packages export TypeScript sources that Node cannot load, so the server
  // build must bundle them. Vite already does for symlinked workspace packages; saying it
  // keeps that true if they are ever installed as copies. @dangjian/api is imported with
  // `import type` only and so never reaches the bundle.
  ssr: { noExternal: ["@dangjian/ui", "@dangjian/core"] },
});
