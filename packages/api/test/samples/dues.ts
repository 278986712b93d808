import { monthKey } from "@dangjian/core";
import { createMember } from "@dangjian/services/testing";
import type { Samples, SampleContext } from "./types.ts";

async function declaredMember(orgId: string, { t }: SampleContext): Promise<string> {
  const db = t.services.deps.db;
  const memberId = await createMember(db, { name: "样例党员", branchId: orgId });
  await db.duesDeclaration.create({
    data: { memberId, effectiveFrom: new Date("2020-01-01"), category: "STUDENT", monthlyDuesFen: 20 },
  });
  return memberId;
}

export const duesSamples: Samples = {
  "dues.ledger": { input: (orgId) => ({ orgId }) },
  "dues.arrears": { input: (orgId) => ({ orgId }) },
  "dues.declare": {
    input: async (orgId, { t }) => ({
      memberId: await createMember(t.services.deps.db, { name: "样例党员", branchId: orgId }),
      category: "SALARIED",
      monthlyIncomeFen: 400_000,
      effectiveFrom: monthKey(new Date()),
    }),
  },
  "dues.recordPayment": {
    input: async (orgId, ctx) => ({
      memberId: await declaredMember(orgId, ctx),
      months: [monthKey(new Date())],
      method: "ON_SITE",
      idempotencyKey: crypto.randomUUID(),
    }),
  },
};
