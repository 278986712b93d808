// Sessions inside the React Router apps, the same in all three apart from the basename:
// login/logout actions, and helpers that turn API errors into router responses (not logged in
// → the login page and back; anything else → the HTTP status and the zh-CN message).
import { data, redirect } from "react-router";
import type { GatewayLoadContext } from "@dangjian/api";
import { t } from "@dangjian/core/messages";
import { apiErrorInfo, loginPathFor, safeNextPath } from "./errors.ts";

export type Api = GatewayLoadContext["api"];
export type Me = NonNullable<Awaited<ReturnType<Api["auth"]["me"]>>>;

/** What a form action answers: an error (zh-CN), or a success message, and which form it was. */
export interface FormResult {
  error?: string;
  ok?: string;
  intent?: string;
}

export interface LoginActionData {
  error: string;
  identifier: string;
}

export function createRouteSession(basename: string) {
  function toRouteError(error: unknown, request: Request): unknown {
    const info = apiErrorInfo(error);
    if (!info) return error;
    if (info.code === "UNAUTHORIZED") return redirect(loginPathFor(request, basename));
    return data(info.message, { status: info.status });
  }

  async function callApi<T>(request: Request, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toRouteError(error, request);
    }
  }

  /**
   * What an action answers when its API call fails: not signed in (the session ended while the
   * form was open) → the login page, and back to this page afterwards; any other API error → the
   * form's data with the zh-CN message as `error`, and the HTTP status. Anything that is not an
   * API error is rethrown (the error page).
   */
  function actionError<T extends object>(error: unknown, request: Request, fields: T) {
    const info = apiErrorInfo(error);
    if (!info) throw error;
    if (info.code === "UNAUTHORIZED") throw redirect(loginPathFor(request, basename));
    return data({ ...fields, error: info.message }, { status: info.status });
  }

  /**
   * Runs an action's one API call: on success a redirect (or a message for the same page), on
   * failure what `actionError` answers (the login page and back here, or the zh-CN message).
   */
  async function attempt(
    request: Request,
    call: () => Promise<unknown>,
    onSuccess: { redirectTo?: string; ok?: string; intent?: string },
  ) {
    try {
      await call();
    } catch (error) {
      return actionError<FormResult>(error, request, { intent: onSuccess.intent });
    }
    if (onSuccess.redirectTo) throw redirect(onSuccess.redirectTo);
    return data<FormResult>({ ok: onSuccess.ok, intent: onSuccess.intent });
  }

  return {
    toRouteError,
    callApi,
    actionError,
    attempt,

    /** The signed-in person, or a redirect to the login page. */
    async requireMe(context: GatewayLoadContext, request: Request): Promise<Me> {
      const me = await callApi(request, () => context.api.auth.me());
      if (!me) throw redirect(loginPathFor(request, basename));
      return me;
    },

    /** If already signed in, go straight on; otherwise the form gets the (checked) next path. */
    async loginLoader(context: GatewayLoadContext, request: Request) {
      const next = safeNextPath(new URL(request.url).searchParams.get("next"), basename);
      const me = await context.api.auth.me().catch(() => null);
      if (me) throw redirect(next);
      return { next: next === "/" ? null : next };
    },

    async loginAction(context: GatewayLoadContext, request: Request) {
      const form = await request.formData();
      const identifier = String(form.get("identifier") ?? "").trim();
      const password = String(form.get("password") ?? "");
      const next = safeNextPath(form.get("next"), basename);
      if (!identifier)
        return data<LoginActionData>({ error: t("auth.identifierRequired"), identifier }, { status: 400 });
      if (!password) return data<LoginActionData>({ error: t("auth.passwordRequired"), identifier }, { status: 400 });
      try {
        const session = await context.api.auth.login({ identifier, password });
        return redirect(next, {
          headers: { "Set-Cookie": context.sessionCookie.serialize(session.token, session.expiresAt) },
        });
      } catch (error) {
        const info = apiErrorInfo(error);
        if (!info) throw error;
        return data<LoginActionData>({ error: info.message, identifier }, { status: info.status });
      }
    },

    async logoutAction(context: GatewayLoadContext) {
      try {
        await context.api.auth.logout();
      } catch {
        // Already logged out or the session expired: clearing the cookie is all that is left.
      }
      return redirect("/login", { headers: { "Set-Cookie": context.sessionCookie.clear() } });
    },
  };
}

/** What the page header needs; the rest of `me` stays on the server. */
export function shellUser(me: Me): { displayName: string } {
  return { displayName: me.displayName };
}
