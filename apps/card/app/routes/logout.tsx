import { redirect } from "react-router";
import type { Route } from "./+types/logout";
import { logoutAction } from "../lib/session.server.ts";

export function action({ context }: Route.ActionArgs) {
  return logoutAction(context);
}

export function loader() {
  return redirect("/");
}
