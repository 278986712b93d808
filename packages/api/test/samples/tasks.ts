import { createOrg } from "@dangjian/services/testing";
import type { Samples, SampleContext } from "./types.ts";

/** A task from the county to `orgId`, for the receiver-side procedures. */
async function received(orgId: string, { t, region }: SampleContext) {
  const task = await t.services.deps.db.task.create({
    data: {
      senderOrgId: region.county,
      kind: "TASK",
      title: "样例任务",
      body: "内容",
      targets: { create: [{ orgId }] },
    },
  });
  return { taskId: task.id, orgId };
}

export const tasksSamples: Samples = {
  "tasks.targets": { input: (orgId) => ({ senderOrgId: orgId }) },
  "tasks.sent": { input: (orgId) => ({ senderOrgId: orgId }) },
  "tasks.prepareAttachment": {
    input: (orgId) => ({ senderOrgId: orgId, fileName: "通知.pdf", contentType: "application/pdf", sizeBytes: 1000 }),
  },
  "tasks.send": {
    // a branch below the sender, so that a sender in scope has somewhere to send to
    input: async (orgId, { t }) => {
      const child = await createOrg(t.services.deps.db, {
        name: "样例下级支部",
        kind: "BRANCH",
        level: "BRANCH",
        parentId: orgId,
      });
      return { senderOrgId: orgId, kind: "NOTICE", title: "样例通知", body: "内容", targets: { orgIds: [child] } };
    },
  },
  "tasks.inbox": { input: (orgId) => ({ orgId }) },
  "tasks.markRead": { input: received },
  "tasks.markDone": { input: async (orgId, ctx) => ({ ...(await received(orgId, ctx)), reply: "已完成" }) },
  "tasks.prepareReplyFile": {
    input: async (orgId, ctx) => ({
      ...(await received(orgId, ctx)),
      fileName: "回复.pdf",
      contentType: "application/pdf",
      sizeBytes: 1000,
    }),
  },
};
