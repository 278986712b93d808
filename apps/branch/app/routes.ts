import { index, route } from "@react-router/dev/routes";
import type { RouteConfig } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("org/:orgId", "routes/org.tsx"),
  route("dues", "routes/ledger/dues.tsx"),
  route("dues/pay/:memberId", "routes/ledger/dues-pay.tsx"),
  route("dues/declare/:memberId", "routes/ledger/dues-declare.tsx"),
  route("dues/receipt/:paymentId", "routes/ledger/dues-receipt.tsx"),
  route("dues/arrears", "routes/ledger/dues-arrears.tsx"),
  route("tasks", "routes/ledger/tasks.tsx"),
  route("tasks/new", "routes/ledger/tasks-new.tsx"),
  route("tasks/:id", "routes/ledger/task.tsx"),
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.tsx"),
] satisfies RouteConfig;
