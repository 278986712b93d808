// The operator's key tool (card:keys) against a real database: rotation keeps old cards verifying,
// withdrawal removes the key from the trust list and its cards stop verifying; both audited.
import { execFile } from "node:child_process";
import { generateKeyPairSync, sign } from "node:crypto";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromBase64url, proofMessage, qrText, timeStep } from "@dangjian/core/card";
import { loginActor, regionDatabase, type Region, type TestDatabase } from "@dangjian/services/testing";

const run = promisify(execFile);
let t: TestDatabase;
let region: Region;

beforeAll(async () => {
  ({ t, region } = await regionDatabase());
});
afterAll(() => t.drop());

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const script = fileURLToPath(new URL("../src/card-keys.ts", import.meta.url));
  const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));
  try {
    const { stdout, stderr } = await run(tsx, [script, ...args], {
      // the worker's environment: the PII key is required there too (ADR 0752); the test process's own
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: t.url,
        DANGJIAN_CARD_KEK: Buffer.from(t.services.deps.cardKek!).toString("base64"),
        DANGJIAN_PII_KEY: process.env.DANGJIAN_PII_KEY,
        NODE_ENV: "test",
      },
      timeout: 120_000,
    });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout, err: e.stderr };
  }
}

function phone() {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" });
  return {
    publicKey: Buffer.from([4, ...fromBase64url(jwk.x!), ...fromBase64url(jwk.y!)]).toString("base64url"),
    privateKey,
  };
}

describe("card:keys", () => {
  it(
    "lists, rotates (old cards keep verifying) and withdraws (they stop); refuses an active key; audits both",
    { timeout: 300_000 },
    async () => {
      const device = phone();
      const member = await loginActor(t, region.phones.member);
      const credential = (await t.services.card.bindDevice(member, { publicKey: device.publicKey })).credential!;
      const qr = () => {
        const card = fromBase64url(credential);
        const step = timeStep(t.services.deps.now().getTime());
        return qrText(
          card,
          step,
          new Uint8Array(
            sign("sha256", proofMessage(card, step), { key: device.privateKey, dsaEncoding: "ieee-p1363" }),
          ),
        );
      };
      const [first] = (await t.services.card.trustList()).keys;

      const listed = await cli("list");
      expect(listed.code).toBe(0);
      // new keys are ES256 (ADR 0506); the listing names each key's algorithm
      expect(first!.alg).toBe("ES256");
      expect(listed.out).toContain(`测试市委  密钥 ${first!.kid}（ES256）  使用中`);
      expect(listed.out).toContain("有效党证 1 张");

      const rotated = await cli("rotate", "测试市委");
      expect(rotated.code).toBe(0);
      const trust = await t.services.card.trustList();
      const next = trust.keys.find((k) => k.kid !== first!.kid)!;
      expect(next.alg).toBe("ES256");
      expect(rotated.out).toContain(`测试市委 已启用新密钥 ${next.kid}（ES256）；停用 ${first!.kid}`);
      expect(trust.keys.find((k) => k.kid === first!.kid)?.retiredAt).not.toBeNull();
      // the card issued before the rotation still verifies
      expect((await t.services.card.verify(qr())).result.reason).toBe("valid");

      const refused = await cli("withdraw", next.kid);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain("正在使用的签发密钥不能撤回");

      const withdrawn = await cli("withdraw", first!.kid);
      expect(withdrawn.code).toBe(0);
      expect((await t.services.card.trustList()).keys.map((k) => k.kid)).toEqual([next.kid]);
      expect((await t.services.card.verify(qr())).result.reason).toBe("unknownKey");
      // the phone's next sync gets a card under the new key, which verifies
      const renewed = await t.services.card.sync(member);
      expect(renewed.credential).not.toBe(credential);

      const audit = await t.services.deps.db.auditLog.findMany({
        where: { action: { in: ["card.keyRotate", "card.keyWithdraw"] } },
        orderBy: { id: "asc" },
      });
      expect(audit.map((a) => [a.action, a.entityId, a.orgId])).toEqual([
        ["card.keyRotate", next.kid, region.city],
        ["card.keyWithdraw", first!.kid, region.city],
      ]);
      expect((audit[0]!.data as { by: string }).by).toMatch(/^cli:/);

      expect((await cli("rotate", "没有这个地区")).err).toContain("没有找到该地区");
      expect((await cli("bogus")).code).toBe(2);
    },
  );
});
