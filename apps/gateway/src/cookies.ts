// The session cookie: one name for the whole origin (Path=/), so the three apps share it.
import { SESSION_COOKIE } from "@dangjian/api";
import type { GatewayLoadContext } from "@dangjian/api";

/** Reads one cookie from a Cookie header; null when absent or malformed. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (value === "") return null;
    try {
      return decodeURIComponent(value);
    } catch {
      return null;
    }
  }
  return null;
}

export function readSessionToken(header: string | undefined): string | null {
  return readCookie(header, SESSION_COOKIE);
}

/**
 * The read fence (ADR 1002): the primary's WAL position after this browser's newest write, so
 * that its next reads, on whichever gateway process, wait for a replica to have replayed it. Not
 * secret and not signed: a forged value only moves its sender's own reads between replica and
 * primary.
 */
export const READ_AFTER_COOKIE = "dj_read_after";
const LSN = /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/;

export function readReadAfter(header: string | undefined): string | null {
  const value = readCookie(header, READ_AFTER_COOKIE);
  return value && LSN.test(value) ? value : null;
}

/** Max-Age: once the replica's staleness bound has passed, the bound alone implies the fence. */
export function serializeReadAfter(lsn: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${READ_AFTER_COOKIE}=${lsn}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    ...(secure ? ["Secure"] : []),
    `Max-Age=${Math.max(1, Math.ceil(maxAgeSeconds))}`,
  ].join("; ");
}

export function createSessionCookie(options: { secure: boolean }): GatewayLoadContext["sessionCookie"] {
  const attributes = ["Path=/", "HttpOnly", "SameSite=Lax", ...(options.secure ? ["Secure"] : [])];
  return {
    serialize(token: string, expiresAt: Date): string {
      return [
        `${SESSION_COOKIE}=${encodeURIComponent(token)}`,
        ...attributes,
        `Expires=${expiresAt.toUTCString()}`,
      ].join("; ");
    },
    clear(): string {
      return [`${SESSION_COOKIE}=`, ...attributes, "Expires=Thu, 01 Jan 1970 00:00:00 GMT", "Max-Age=0"].join("; ");
    },
  };
}
