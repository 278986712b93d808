// Shared by the ledger integration tests (dues, tasks, members, reports).
import type { Actor } from "../src/index.ts";
import { createRegion, createTestDatabase, loginActor, type Region, type TestDatabase } from "./support/index.ts";

export { errorOf } from "./support/index.ts";

export type Who = keyof Region["phones"];

export async function setUp(now: Date): Promise<{ t: TestDatabase; region: Region; actors: Record<Who, Actor> }> {
  const t = await createTestDatabase();
  t.setNow(now);
  const region = await createRegion(t.services.deps.db);
  const actors = {} as Record<Who, Actor>;
  for (const [who, phone] of Object.entries(region.phones) as Array<[Who, string]>) {
    actors[who] = await loginActor(t, phone);
  }
  return { t, region, actors };
}
