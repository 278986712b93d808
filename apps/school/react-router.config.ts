import type { Config } from "@react-router/dev/config";

// Served by apps/gateway under /school on the one origin shared with /school and /card,
// so that one session cookie serves all three apps.
export default {
  ssr: true,
  basename: "/school",
} satisfies Config;
