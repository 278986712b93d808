import { index, route } from "@react-router/dev/routes";
import type { RouteConfig } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.tsx"),
  route("courses/:courseId", "routes/course.tsx"),
  route("lessons/:lessonId", "routes/lesson.tsx"),
  route("hours", "routes/hours.tsx"),
  route("compliance", "routes/compliance.tsx"),
  route("exams/:examId", "routes/exam.tsx"),
  route("attempts/:attemptId", "routes/attempt.tsx"),
  route("verify", "routes/verify.tsx"),
  route("admin", "routes/admin.tsx"),
  route("admin/upload", "routes/admin-upload.ts"),
  route("admin/offline", "routes/admin-offline.tsx"),
  route("admin/assign", "routes/admin-assign.tsx"),
  route("admin/organise-api", "routes/organise-api.ts"),
] satisfies RouteConfig;
