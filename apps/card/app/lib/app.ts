import type { AppId } from "@dangjian/ui";

export const APP: AppId = "card";
/** Must match `basename` in react-router.config.ts. */
export const BASENAME = "/card";

/** Remembered on a phone whose key is bound: the live card opens at once. */
export const BOUND_FLAG = "dj-card-bound";
