export * from "./errors.ts";
export * from "./auth/permissions.ts";
export * from "./auth/throttle.ts";
export * from "./time/months.ts";
export * from "./dues/dues.ts";
export { t, isMessageKey, messages } from "./messages/index.ts";
export type { MessageKey, MessageParams } from "./messages/index.ts";
