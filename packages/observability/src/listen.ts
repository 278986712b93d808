// Every process that serves HTTP (the gateway, the worker's probe listener, the metrics listener)
// waits for its server the same way and reports the address it got (port 0 picks a free one).
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** Resolves once `server` listens (rejects if it cannot) with its base URL, e.g. `http://127.0.0.1:3000`. */
export async function listeningUrl(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
