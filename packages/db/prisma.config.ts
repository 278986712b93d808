// Prisma 7 config: used by `prisma generate` only. Migrations are applied by src/migrate.ts
// (docs/decisions/0002-migrations-offline.md).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
