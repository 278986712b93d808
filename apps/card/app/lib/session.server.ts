// Loaders call the API through the gateway's tRPC caller. These helpers turn its errors into
// router responses: not logged in → the login page (coming back afterwards), anything else →
// an error response with the HTTP status and the zh-CN message for the ErrorBoundary.
import { data, redirect } from "react-router";
import type { AppLoadContext } from "react-router";
import { apiErrorInfo, loginPathFor } from "@dangjian/ui";
import { BASENAME } from "./app.ts";

export type Api = AppLoadContext["api"];
export type Me = NonNullable<Awaited<ReturnType<Api["auth"]["me"]>>>;

export function toRouteError(error: unknown, request: Request): unknown {
  const info = apiErrorInfo(error);
  if (!info) return error;
  if (info.code === "UNAUTHORIZED") return redirect(loginPathFor(request, BASENAME));
  return data(info.message, { status: info.status });
}

export async function callApi<T>(request: Request, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toRouteError(error, request);
  }
}

/** The signed-in person, or a redirect to the login page. */
export async function requireMe(context: AppLoadContext, request: Request): Promise<Me> {
  const me = await callApi(request, () => context.api.auth.me());
  if (!me) throw redirect(loginPathFor(request, BASENAME));
  return me;
}

/** What the page header needs; the rest of `me` stays on the server. */
export function shellUser(me: Me): { displayName: string } {
  return { displayName: me.displayName };
}
