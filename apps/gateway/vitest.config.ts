import { fileURLToPath } from "node:url";
import { vitestPreset } from "@dangjian/config/vitest";
export default vitestPreset({
  integration: true,
  globalSetup: fileURLToPath(new URL("../../packages/services/test/support/global-setup.ts", import.meta.url)),
});
