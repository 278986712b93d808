import { t } from "@dangjian/core/messages";
import { LoginPage, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/login";
import { APP } from "../lib/app.ts";
import { loginAction, loginLoader } from "../lib/session.server.ts";

export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("login.title"), APP) }];

export function loader({ context, request }: Route.LoaderArgs) {
  return loginLoader(context, request);
}

export function action({ context, request }: Route.ActionArgs) {
  return loginAction(context, request);
}

export default function Login({ loaderData, actionData }: Route.ComponentProps) {
  return <LoginPage app={APP} next={loaderData.next} actionData={actionData} />;
}
