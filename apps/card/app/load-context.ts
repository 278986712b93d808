// The gateway (apps/gateway) builds this per request: a tRPC caller bound to the session
// and the session cookie helpers. Type-only: the API code never enters the app bundle.
import type { GatewayLoadContext } from "@dangjian/api";

declare module "react-router" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends GatewayLoadContext {}
}

export {};
