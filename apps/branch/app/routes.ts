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
  route("members", "routes/ledger/members.tsx"),
  route("members/new", "routes/ledger/member-form.tsx", { id: "member-new" }),
  route("members/:id/edit", "routes/ledger/member-form.tsx", { id: "member-edit" }),
  route("members/:id/transfer", "routes/ledger/member-transfer.tsx"),
  route("members/import", "routes/ledger/members-import.tsx"),
  route("members/import/upload", "routes/ledger/members-import-upload.ts"),
  route("members/import/template", "routes/ledger/members-import-template.ts"),
  route("reports", "routes/ledger/reports.tsx"),
  route("reports/workbook", "routes/ledger/reports-workbook.ts"),
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.tsx"),
] satisfies RouteConfig;
