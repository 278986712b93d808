// Prisma 6's CLI can diff schemas with its WASM schema engine (no download) when it is
// given a driver adapter; Prisma 7's CLI cannot run offline. Used only to write migrations.
import { defineConfig } from "prisma6/config";
import { PrismaPg } from "adapter-pg6";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "../prisma/schema.prisma",
  migrations: { path: "../prisma/migrations" },
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "postgresql://unused@127.0.0.1:1/unused" });
  },
});
