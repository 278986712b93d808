import type { Services } from "@dangjian/services";
import type { Context } from "./trpc.ts";
import type { AppCaller } from "./root.ts";

export const SESSION_COOKIE = "dj_session";

export interface RequestInfo {
  sessionToken: string | null;
  ip: string | null;
  userAgent: string | null;
}

/** Resolves the session once per request; procedures then see `ctx.actor`. */
export function createContextFactory(services: Services) {
  return async function createContext(request: RequestInfo): Promise<Context> {
    const session = await services.auth.resolveSession(request.sessionToken);
    return {
      services,
      actor: session.kind === "ok" ? session.actor : null,
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
