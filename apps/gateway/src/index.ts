export { createGateway, APPS } from "./server.ts";
export type { Gateway, GatewayApp, GatewayOptions } from "./server.ts";
export { createSessionCookie, readCookie, readSessionToken } from "./cookies.ts";
