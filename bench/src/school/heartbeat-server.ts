// The real gateway (built apps, tRPC, the heartbeat endpoint) on a given database, in its own
// process so that the load generator does not share its event loop. Prints its URL on stdout.
import { createGateway } from "@dangjian/gateway";
import { createServices } from "@dangjian/services";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error("DATABASE_URL");
const services = createServices({ databaseUrl, poolSize: 10 });
const gateway = await createGateway({ services, port: 0 });
console.log(`URL ${gateway.url}`);
process.on("SIGTERM", () => {
  void gateway.close().then(() => services.close()).then(() => process.exit(0));
});
