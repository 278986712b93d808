import type { AppId } from "@dangjian/ui";

export const APP: AppId = "school";
/** Must match `basename` in react-router.config.ts. */
export const BASENAME = "/school";
