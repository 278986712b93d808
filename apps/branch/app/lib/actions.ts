// The shared "form error" shape of route actions and the helper that runs an action's API call.
import { data, redirect } from "react-router";
import { apiErrorInfo } from "@dangjian/ui";

export interface FormResult {
  error?: string;
  ok?: string;
  intent?: string;
}

/** Runs an action's API call: success → redirect (or a message), an API error → its zh-CN text. */
export async function attempt(
  call: () => Promise<unknown>,
  onSuccess: { redirectTo?: string; ok?: string; intent?: string },
) {
  try {
    await call();
  } catch (error) {
    const info = apiErrorInfo(error);
    if (!info) throw error;
    if (info.code === "UNAUTHORIZED") throw redirect("/login");
    return data<FormResult>({ error: info.message, intent: onSuccess.intent }, { status: info.status });
  }
  if (onSuccess.redirectTo) throw redirect(onSuccess.redirectTo);
  return data<FormResult>({ ok: onSuccess.ok, intent: onSuccess.intent });
}
