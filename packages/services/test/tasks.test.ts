import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../src/index.ts";
import { errorOf, grantRole, loginActor, setUp, type Region, type TestDatabase, type Who } from "./support/index.ts";

let t: TestDatabase;
let region: Region;
let actors: Record<Who, Actor>;

beforeAll(async () => {
  ({ t, region, actors } = await setUp(new Date("2026-12-02T08:00:00Z")));
});
afterAll(() => t.drop());

async function upload(url: string, body: string, contentType: string) {
  const response = await fetch(url, { method: "PUT", body, headers: { "Content-Type": contentType } });
  expect(response.status).toBe(200);
}

describe("pushing tasks down the tree", () => {
  let taskId: string;

  it("a county pushes a task with an attachment to two branches", async () => {
    const prepared = await t.services.tasks.prepareAttachment(actors.county, {
      fileName: "通知.pdf",
      contentType: "application/pdf",
      sizeBytes: 9,
    });
    await upload(prepared.url, "%PDF-1.4\n", "application/pdf");
    const result = await t.services.tasks.send(actors.county, {
      kind: "TASK",
      title: "报送年度党建工作总结",
      body: "请各支部于月底前报送。",
      deadline: new Date("2026-12-31T15:59:59Z"),
      targets: { orgIds: [region.branchA, region.branchB] },
      attachment: { key: prepared.key, fileName: "通知.pdf", contentType: "application/pdf" },
    });
    expect(result.targetCount).toBe(2);
    taskId = result.taskId;
    const detail = await t.services.tasks.detail(actors.county, { taskId });
    expect(detail.isSender).toBe(true);
    expect(detail.attachments).toHaveLength(1);
    expect(detail.attachments[0]!.sizeBytes).toBe(9);
    expect(await (await fetch(detail.attachments[0]!.url!)).text()).toBe("%PDF-1.4\n");
    expect(detail.summary).toEqual({ total: 2, read: 0, done: 0, overdue: 0 });
  });

  it("receivers see it; a member may read but not answer", async () => {
    const inbox = await t.services.tasks.inbox(actors.member, {});
    expect(inbox.tasks.map((x) => x.title)).toContain("报送年度党建工作总结");
    expect(inbox.canAnswer).toBe(false);
    expect((await errorOf(t.services.tasks.markRead(actors.member, { taskId, orgId: region.branchA }))).code).toBe(
      "FORBIDDEN",
    );
    const detail = await t.services.tasks.detail(actors.member, { taskId });
    expect(detail.targets.map((x) => x.orgId)).toEqual([region.branchA]);
  });

  it("the secretary marks read (twice is harmless) and done with a reply; the sender sees one done", async () => {
    const first = await t.services.tasks.markRead(actors.secretary, { taskId, orgId: region.branchA });
    const second = await t.services.tasks.markRead(actors.secretary, { taskId, orgId: region.branchA });
    expect(second.readAt).toEqual(first.readAt);
    const noReply = await errorOf(
      t.services.tasks.markDone(actors.secretary, { taskId, orgId: region.branchA, reply: "  " }),
    );
    expect(noReply.messageKey).toBe("tasks.errorDoneNeedsReply");
    await t.services.tasks.markDone(actors.secretary, { taskId, orgId: region.branchA, reply: "已报送" });
    const again = await t.services.tasks.markDone(actors.secretary, { taskId, orgId: region.branchA, reply: "又报送" });
    expect(again.replayed).toBe(true);
    const detail = await t.services.tasks.detail(actors.county, { taskId });
    expect(detail.summary).toMatchObject({ total: 2, read: 1, done: 1 });
    const a = detail.targets.find((x) => x.orgId === region.branchA)!;
    expect(a).toMatchObject({ state: "done", reply: "已报送", doneBy: "王强" });
    const sent = await t.services.tasks.sent(actors.county, {});
    expect(sent[0]!.summary.done).toBe(1);
  });

  it("a receiver may answer with a file uploaded straight to S3", async () => {
    const prepared = await t.services.tasks
      .prepareReplyFile(actors.memberB, {
        taskId,
        orgId: region.branchB,
        fileName: "x.txt",
        contentType: "text/plain",
        sizeBytes: 2,
      })
      .catch((e: unknown) => e);
    expect(prepared).toBeInstanceOf(Error); // a plain member of B may not answer
    const db = t.services.deps.db;
    await grantRole(db, region.phones.memberB, "BRANCH_SECRETARY", region.branchB);
    const secretaryB = await loginActor(t, region.phones.memberB);
    const file = await t.services.tasks.prepareReplyFile(secretaryB, {
      taskId,
      orgId: region.branchB,
      fileName: "总结.txt",
      contentType: "text/plain",
      sizeBytes: 6,
    });
    const missing = await errorOf(
      t.services.tasks.markDone(secretaryB, {
        taskId,
        orgId: region.branchB,
        file: { key: file.key, fileName: "总结.txt", contentType: "text/plain" },
      }),
    );
    expect(missing.messageKey).toBe("tasks.errorAttachmentMissing");
    await upload(file.url, "总结", "text/plain");
    await t.services.tasks.markDone(secretaryB, {
      taskId,
      orgId: region.branchB,
      file: { key: file.key, fileName: "总结.txt", contentType: "text/plain" },
    });
    const detail = await t.services.tasks.detail(actors.county, { taskId });
    expect(detail.summary.done).toBe(2);
    expect(detail.targets.find((x) => x.orgId === region.branchB)!.files.map((f) => f.fileName)).toEqual(["总结.txt"]);
  });
});

describe("bad input", () => {
  it("refuses a task to an organisation outside the sender's subtree, naming it, and stores nothing", async () => {
    const before = await t.services.deps.db.task.count();
    const error = await errorOf(
      t.services.tasks.send(actors.town1, {
        kind: "NOTICE",
        title: "通知",
        body: "内容",
        targets: { orgIds: [region.branchA, region.branchB] },
      }),
    );
    expect(error.messageKey).toBe("tasks.errorOutsideSubtree");
    expect(error.params.names).toBe("西村党支部");
    expect(await t.services.deps.db.task.count()).toBe(before);
  });
  it("refuses its own organisation and an upward target", async () => {
    expect(
      (
        await errorOf(
          t.services.tasks.send(actors.town1, {
            kind: "NOTICE",
            title: "通知",
            body: "内容",
            targets: { orgIds: [region.town1] },
          }),
        )
      ).messageKey,
    ).toBe("tasks.errorOutsideSubtree");
    expect(
      (
        await errorOf(
          t.services.tasks.send(actors.town1, {
            kind: "NOTICE",
            title: "通知",
            body: "内容",
            targets: { orgIds: [region.county] },
          }),
        )
      ).messageKey,
    ).toBe("tasks.errorOutsideSubtree");
  });
  it("refuses senders without the permission, a past deadline, and an attachment never uploaded", async () => {
    expect(
      (
        await errorOf(
          t.services.tasks.send(actors.secretary, {
            kind: "NOTICE",
            title: "通知",
            body: "内容",
            targets: { all: true },
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(
      (
        await errorOf(
          t.services.tasks.send(actors.county, {
            kind: "NOTICE",
            title: "通知",
            body: "内容",
            deadline: new Date("2026-11-01"),
            targets: { all: true },
          }),
        )
      ).messageKey,
    ).toBe("tasks.errorDeadlinePast");
    const prepared = await t.services.tasks.prepareAttachment(actors.county, {
      fileName: "a.pdf",
      contentType: "application/pdf",
      sizeBytes: 3,
    });
    expect(
      (
        await errorOf(
          t.services.tasks.send(actors.county, {
            kind: "NOTICE",
            title: "通知",
            body: "内容",
            targets: { all: true },
            attachment: { key: prepared.key, fileName: "a.pdf", contentType: "application/pdf" },
          }),
        )
      ).messageKey,
    ).toBe("tasks.errorAttachmentMissing");
    expect(
      (
        await errorOf(
          t.services.tasks.prepareAttachment(actors.county, {
            fileName: "big.mp4",
            contentType: "video/mp4",
            sizeBytes: 60 * 1024 * 1024,
          }),
        )
      ).messageKey,
    ).toBe("tasks.errorAttachmentTooLarge");
  });
  it("sends to the whole subtree except party groups", async () => {
    const result = await t.services.tasks.send(actors.town1, {
      kind: "NOTICE",
      title: "全镇通知",
      body: "内容",
      targets: { all: true },
    });
    expect(result.targetCount).toBe(1);
    const targets = await t.services.deps.db.taskTarget.findMany({ where: { taskId: result.taskId } });
    expect(targets.map((x) => x.orgId)).toEqual([region.branchA]);
  });
  it("refuses answering for an organisation that did not receive the task", async () => {
    const task = await t.services.deps.db.task.findFirstOrThrow({ where: { title: "全镇通知" } });
    const county = await t.services.tasks.send(actors.county, {
      kind: "NOTICE",
      title: "县通知",
      body: "内容",
      targets: { orgIds: [region.town1] },
    });
    expect(
      (await errorOf(t.services.tasks.markRead(actors.county, { taskId: task.id, orgId: region.branchB }))).messageKey,
    ).toBe("tasks.errorNotReceiver");
    expect((await errorOf(t.services.tasks.detail(actors.memberB, { taskId: county.taskId }))).code).toBe("FORBIDDEN");
  });
});
