import { vitestPreset } from "@dangjian/config/vitest";
export default vitestPreset({ integration: true, globalSetup: "./test/global-setup.ts" });
