// The browser's tRPC client of the whole app (uploads, live progress, the member's own dues and
// tasks, card scans). Loaders and actions use the server-side caller instead.
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "@dangjian/api";

let client: ReturnType<typeof createTRPCClient<AppRouter>> | null = null;

export function browserApi() {
  client ??= createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({ url: "/api/trpc", transformer: superjson, maxItems: 10 }) /* the gateway refuses more than 20 */,
    ],
  });
  return client;
}

/** The zh-CN message a procedure failed with (the API never sends stack traces). */
export function errorMessage(error: unknown, fallback: string): string {
  return error instanceof Error && error.message ? error.message : fallback;
}
