// The opening most integration tests share: a fresh database holding the small region, its clock
// set, and the region's people signed in.
import type { Actor } from "../../src/index.ts";
import { loginActor } from "./actors.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";
import { createRegion, type Region } from "./fixtures.ts";

/** Who in the small region has a phone to sign in with. */
export type Who = keyof Region["phones"];

/** A fresh database with the small region in it; the services' clock at `now` when given. */
export async function regionDatabase(now?: Date): Promise<{ t: TestDatabase; region: Region }> {
  const t = await createTestDatabase();
  if (now) t.setNow(now);
  const region = await createRegion(t.services.deps.db);
  return { t, region };
}

/** Every phone of `phones` signed in for real, by the same name. */
export async function loginAll<K extends string>(
  t: TestDatabase,
  phones: Record<K, string>,
): Promise<Record<K, Actor>> {
  const actors = {} as Record<K, Actor>;
  for (const [who, phone] of Object.entries(phones) as Array<[K, string]>) actors[who] = await loginActor(t, phone);
  return actors;
}

/** A fresh database with the small region, the clock at `now` and everyone in the region signed in. */
export async function setUp(now: Date): Promise<{ t: TestDatabase; region: Region; actors: Record<Who, Actor> }> {
  const { t, region } = await regionDatabase(now);
  return { t, region, actors: await loginAll(t, region.phones) };
}
