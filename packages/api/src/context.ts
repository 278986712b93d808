import type { Services } from "@dangjian/services";
import type { Context } from "./trpc.ts";
import type { AppCaller } from "./root.ts";

export const SESSION_COOKIE = "dj_session";

export interface RequestInfo {
  sessionToken: string | null;
  ip: string | null;
  userAgent: string | null;
  /** the WAL position of the session's newest write, as the client carried it (ADR 1002); null = none */
  readAfterLsn?: string | null;
  /** called after each mutation with the primary's WAL position (only with a read replica) */
  onWrite?: (lsn: string) => void;
}

/** Resolves the session once per request; procedures then see `ctx.actor`. */
export function createContextFactory(services: Services) {
  return async function createContext(request: RequestInfo): Promise<Context> {
    const session = await services.auth.resolveSession(request.sessionToken);
    const actor = session.kind === "ok" ? session.actor : null;
    if (actor && request.readAfterLsn) actor.readAfterLsn = request.readAfterLsn;
    return {
      services,
      actor,
      onWrite: request.onWrite,
      sessionState: session.kind,
      ip: request.ip,
      userAgent: request.userAgent,
      sessionToken: request.sessionToken,
      renewedSessionExpiresAt: session.kind === "ok" && session.extended ? session.expiresAt : null,
    };
  };
}

/** What the gateway hands to every React Router loader and action. */
export interface GatewayLoadContext {
  api: AppCaller;
  sessionCookie: {
    serialize(token: string, expiresAt: Date): string;
    clear(): string;
  };
  /** this response's Content-Security-Policy nonce, for React Router's inline scripts */
  cspNonce?: string;
}
