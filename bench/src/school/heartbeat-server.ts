// The real gateway (built apps, tRPC, the heartbeat endpoint) on a given database, in its own
// process so that the load generator does not share its event loop. Prints its URL on stdout.
import { createGateway } from "@dangjian/gateway";
import { createServices } from "@dangjian/services";

// benchmarks write synthetic people: a throwaway key unless one is given (ADR 0752)
// eslint-disable-next-line no-restricted-properties
process.env.DANGJIAN_PII_KEY ??= (await import("node:crypto")).randomBytes(32).toString("base64");

const databaseUrl = process.argv[2];
if (!databaseUrl) throw new Error("usage: heartbeat-server.ts <database url>");
const services = createServices({ databaseUrl, poolSize: 10 });
const gateway = await createGateway({ services, port: 0 });
console.log(`URL ${gateway.url}`);
process.on("SIGTERM", () => {
  void gateway
    .close()
    .then(() => services.close())
    .then(() => process.exit(0));
});
