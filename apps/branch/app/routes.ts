import { index, route } from "@react-router/dev/routes";
import type { RouteConfig } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("org/:orgId", "routes/org.tsx"),
  route("dashboard", "routes/dashboard.tsx"),
  route("warning/:id", "routes/warning.tsx"),
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.tsx"),
] satisfies RouteConfig;
