export { appRouter, createCaller, type AppRouter, type AppCaller } from "./root.ts";
export { createContextFactory, SESSION_COOKIE, type GatewayLoadContext, type RequestInfo } from "./context.ts";
export { toTRPCError, type Context, type Meta } from "./trpc.ts";
export type { inferRouterOutputs, inferRouterInputs } from "@trpc/server";
