// The request id of the work in progress, carried through async calls (AsyncLocalStorage): the
// gateway opens a context per HTTP request, the worker one per job; services and the logger read it.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { holdsPersonalData } from "./scrub.ts";

interface WorkContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<WorkContext>();

/** Runs `fn` (and everything it awaits or schedules) under `requestId`. */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

/** The request id of the current HTTP request or job, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

const WELL_FORMED = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * A request id a client or proxy sent (X-Request-Id), if it is well formed: 8–128 characters of
 * letters, digits and `._:-`, and nothing that looks like a phone or ID number (a client must not
 * be able to write personal data into the logs through it). Otherwise undefined.
 */
export function acceptRequestId(header: unknown): string | undefined {
  if (typeof header !== "string" || !WELL_FORMED.test(header) || holdsPersonalData(header)) return undefined;
  return header;
}

/** A fresh request id (a UUID; never one that looks like a phone or ID number). */
export function newRequestId(): string {
  for (;;) {
    const id = randomUUID();
    if (!holdsPersonalData(id)) return id;
  }
}
