import type { UserConfig } from "vitest/config";
export function vitestPreset(options?: { integration?: boolean; globalSetup?: string }): UserConfig;
