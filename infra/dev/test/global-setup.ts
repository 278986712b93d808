export { setupTestDatabaseServer as default } from "../src/vitest-database.ts";
