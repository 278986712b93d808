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
