import { vitestPreset } from "@dangjian/config/vitest";
export default vitestPreset();
