// `pnpm --filter @dangjian/worker card:keys list | rotate <region> | withdraw <kid>`: the operator's
// tool for the e-party card's issuer keys (ADR 0501, 0504). Rotation gives a region a new ES256 signing
// key (ADR 0506) (the old one retires and keeps verifying the cards it issued until they expire; phones
// re-sync onto the new key); withdrawal removes a retired key from the trust list, so its cards
// stop verifying everywhere once verifiers refresh. Both are audited (AuditLog, by the OS user).
import { userInfo, hostname } from "node:os";
import { AppError } from "@dangjian/core";
import { t } from "@dangjian/core/messages";
import { createServices } from "@dangjian/services";
import { env } from "./env.ts";

const [command, argument] = process.argv.slice(2);
const services = createServices({
  databaseUrl: env.DATABASE_URL,
  poolSize: 2,
  cardKek: env.DANGJIAN_CARD_KEK,
  piiKey: env.DANGJIAN_PII_KEY,
});
const operator = { by: `cli:${userInfo().username}@${hostname()}` };
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");

try {
  if (command === "list") {
    const keys = await services.card.listKeys();
    if (keys.length === 0) console.log(t("card.keys.none"));
    for (const k of keys) {
      const state = k.withdrawnAt
        ? t("card.keys.withdrawn")
        : k.active
          ? t("card.keys.active")
          : t("card.keys.retired");
      console.log(
        t("card.keys.row", {
          region: k.regionName,
          kid: k.kid,
          alg: k.algorithm,
          state,
          createdAt: day(k.createdAt),
          cards: k.liveCards,
        }),
      );
    }
  } else if (command === "rotate" && argument) {
    const region = await services.card.findRegion(argument);
    if (!region) throw new AppError("NOT_FOUND", "card.regionNotFound");
    // new keys are ES256 (ADR 0506); the retired ones, whatever their algorithm, keep verifying
    const { kid, algorithm, retired } = await services.card.rotateKey(region.id, operator);
    console.log(
      t("card.keys.rotated", { region: region.name, kid, alg: algorithm, retired: retired.join(", ") || "—" }),
    );
  } else if (command === "withdraw" && argument) {
    const { kid } = await services.card.withdrawKey(argument, operator);
    console.log(t("card.keys.withdrew", { kid }));
  } else {
    console.error(t("card.keys.usage"));
    process.exitCode = 2;
  }
} catch (error) {
  const message = error instanceof AppError ? t(error.messageKey, error.params) : (error as Error).message;
  console.error(t("card.keys.failed", { message }));
  process.exitCode = 1;
} finally {
  await services.close();
}
