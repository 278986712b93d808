import { createMember, memberImportFile, uniqueIdNumber } from "@dangjian/services/testing";
import type { Samples } from "./types.ts";

const fields = () => ({
  name: "样例党员",
  idNumber: uniqueIdNumber(),
  status: "PROBATIONARY",
  category: "ON_DUTY",
  joinedOn: new Date("2025-07-01"),
});

export const membersSamples: Samples = {
  "members.list": { input: (orgId) => ({ orgId }) },
  "members.add": { input: (orgId) => ({ branchId: orgId, ...fields() }) },
  "members.update": {
    input: async (orgId, { t }) => ({
      memberId: await createMember(t.services.deps.db, { name: "样例党员", branchId: orgId }),
      ...fields(),
    }),
  },
  "members.reveal": {
    input: async (orgId, { t }) => ({
      memberId: await createMember(t.services.deps.db, {
        name: "样例党员",
        branchId: orgId,
        phone: `1360${String(Date.now()).slice(-7)}`,
      }),
      field: "phone",
    }),
  },
  "members.setLostContact": {
    input: async (orgId, { t }) => ({
      memberId: await createMember(t.services.deps.db, { name: "样例党员", branchId: orgId }),
      lost: true,
    }),
  },
  "members.transferTargets": { input: (orgId) => ({ orgId, query: "村" }) },
  "members.requestTransfer": {
    input: async (orgId, { t, region }) => ({
      memberId: await createMember(t.services.deps.db, { name: "样例党员", branchId: orgId }),
      toOrgId: orgId === region.branchA ? region.branchB : region.branchA,
      reason: "工作调动",
    }),
  },
  "members.decideTransfer": {
    // a transfer into `orgId`, already approved by the sending branch
    input: async (orgId, { t, region }) => {
      const from = orgId === region.branchA ? region.branchB : region.branchA;
      const memberId = await createMember(t.services.deps.db, { name: "样例党员", branchId: from });
      const account = await t.services.deps.db.account.findFirstOrThrow();
      const transfer = await t.services.deps.db.memberTransfer.create({
        data: {
          memberId,
          fromOrgId: from,
          toOrgId: orgId,
          status: "SENDER_APPROVED",
          requestedById: account.id,
          senderApprovedById: account.id,
          senderApprovedAt: new Date(),
        },
      });
      return { transferId: transfer.id, approve: false, reason: "样例" };
    },
  },
  "members.importTemplate": { input: () => undefined, unscoped: true },
  "members.import": {
    input: async (orgId) => {
      const idNumber = uniqueIdNumber();
      const gender = Number(idNumber[16]) % 2 === 1 ? "男" : "女";
      return {
        orgId,
        file: await memberImportFile([
          ["样例导入", gender, idNumber, "", "预备党员", "在岗", "2025-07-01", "", "", "", ""],
        ]),
      };
    },
  },
};
