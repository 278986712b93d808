export * from "./database.ts";
export * from "./fixtures.ts";
