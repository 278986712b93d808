import { createRouteSession } from "@dangjian/ui/route-session.server";
import { BASENAME } from "./app.ts";

export { shellUser, type Api, type Me } from "@dangjian/ui/route-session.server";
export const { callApi, requireMe, toRouteError, actionError, attempt, loginLoader, loginAction, logoutAction } =
  createRouteSession(BASENAME);
