import { index, route } from "@react-router/dev/routes";
import type { RouteConfig } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("org/:orgId", "routes/org.tsx"),
  route("meetings/new", "routes/meeting-new.tsx"),
  route("meetings/:meetingId", "routes/meeting.tsx"),
  route("meetings/:meetingId/upload", "routes/meeting-upload.tsx"),
  route("checkin/:meetingId", "routes/checkin.tsx"),
  route("me", "routes/me.tsx"),
  route("rules", "routes/rules.tsx"),
  route("partners", "routes/partners.tsx"),
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.tsx"),
] satisfies RouteConfig;
