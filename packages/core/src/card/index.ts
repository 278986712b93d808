export * from "./format.ts";
export * from "./verify.ts";
export * from "./noble.ts";
export * from "./status-list.ts";
export * from "./webcrypto.ts";
