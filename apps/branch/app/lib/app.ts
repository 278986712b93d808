import type { AppId } from "@dangjian/ui";

export const APP: AppId = "branch";
/** Must match `basename` in react-router.config.ts. */
export const BASENAME = "/branch";
