import type { AppId } from "@dangjian/ui";

export const APP: AppId = "card";
/** Must match `basename` in react-router.config.ts. */
export const BASENAME = "/card";

/** Remembered on a phone whose key is bound: the live card opens at once (forgotten on logout). */
export { CARD_BOUND_FLAG as BOUND_FLAG } from "@dangjian/ui";
