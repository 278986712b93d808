// Login and logout actions, the same in every app apart from the basename.
import { data, redirect } from "react-router";
import type { AppLoadContext } from "react-router";
import { t } from "@dangjian/core/messages";
import { apiErrorInfo, safeNextPath } from "@dangjian/ui";
import { BASENAME } from "./app.ts";

export interface LoginActionData {
  error: string;
  identifier: string;
}

/** If already signed in, go straight on; otherwise the form gets the (checked) next path. */
export async function loginLoader(context: AppLoadContext, request: Request) {
  const next = safeNextPath(new URL(request.url).searchParams.get("next"), BASENAME);
  const me = await context.api.auth.me().catch(() => null);
  if (me) throw redirect(next);
  return { next: next === "/" ? null : next };
}

export async function loginAction(context: AppLoadContext, request: Request) {
  const form = await request.formData();
  const identifier = String(form.get("identifier") ?? "").trim();
  const password = String(form.get("password") ?? "");
  const next = safeNextPath(form.get("next"), BASENAME);
  if (!identifier) return data<LoginActionData>({ error: t("auth.identifierRequired"), identifier }, { status: 400 });
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
}

export async function logoutAction(context: AppLoadContext) {
  try {
    await context.api.auth.logout();
  } catch {
    // Already logged out or the session expired: clearing the cookie is all that is left.
  }
  return redirect("/login", { headers: { "Set-Cookie": context.sessionCookie.clear() } });
}
