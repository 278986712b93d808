// The browser's tRPC client (sync and binding run from the phone; loaders use the server caller).
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "@dangjian/api";

let client: ReturnType<typeof createTRPCClient<AppRouter>> | null = null;

export function browserApi() {
  client ??= createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: "/api/trpc", transformer: superjson, maxItems: 10 })],
  });
  return client;
}
