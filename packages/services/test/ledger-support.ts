// Shared by the ledger integration tests (dues, tasks, members, reports).
import { expect } from "vitest";
import { AppError } from "@dangjian/core";
import type { Actor } from "../src/index.ts";
import { createRegion, createTestDatabase, PASSWORD, type Region, type TestDatabase } from "./support/index.ts";

export type Who = keyof Region["phones"];

export async function setUp(now: Date): Promise<{ t: TestDatabase; region: Region; actors: Record<Who, Actor> }> {
  const t = await createTestDatabase();
  t.setNow(now);
  const region = await createRegion(t.services.deps.db);
  const actors = {} as Record<Who, Actor>;
  for (const [who, phone] of Object.entries(region.phones) as Array<[Who, string]>) {
    const { token } = await t.services.auth.login({ identifier: phone, password: PASSWORD, ip: null, userAgent: null });
    const session = await t.services.auth.resolveSession(token);
    if (session.kind !== "ok") throw new Error("login failed");
    actors[who] = session.actor;
  }
  return { t, region, actors };
}

export async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}
