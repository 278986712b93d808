// Vitest global setup for integration tests: the PostgreSQL server `npm test` started, or one
// started here when vitest runs on its own.
export { setupTestDatabaseServer as default } from "@dangjian/infra-dev/vitest";
