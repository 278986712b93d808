export * from "./database.ts";
export * from "./fixtures.ts";
export * from "./ledger.ts";
export * from "./demo.ts";
export * from "./actors.ts";
export * from "./video.ts";
export * from "./suite.ts";
export * from "./meetings.ts";
