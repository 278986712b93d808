// Stored script through uploads (issue 13, defect 6): one allowlist for every upload, downloads
// of anything but images, video and PDF forced to "attachment", oversize objects deleted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../src/index.ts";
import { errorOf, setUp, type Region, type TestDatabase, type Who } from "./support/index.ts";

let t: TestDatabase;
let region: Region;
let actors: Record<Who, Actor>;
let taskId: string;

beforeAll(async () => {
  ({ t, region, actors } = await setUp(new Date("2026-12-02T08:00:00Z")));
  const sent = await t.services.tasks.send(actors.county, {
    kind: "TASK",
    title: "报送总结",
    body: "请报送。",
    targets: { orgIds: [region.branchA] },
  });
  taskId = sent.taskId;
});
afterAll(() => t.drop());

async function put(url: string, body: string, contentType: string) {
  const response = await fetch(url, { method: "PUT", body, headers: { "Content-Type": contentType } });
  expect(response.status).toBe(200);
}

describe("task uploads", () => {
  it("refuses HTML, SVG and script files before a URL is signed", async () => {
    for (const [fileName, contentType] of [
      ["回复.html", "text/html"],
      ["图.svg", "image/svg+xml"],
      ["a.js", "application/javascript"],
      ["看这里.pdf.html", "application/pdf"],
      ["照片.png", "text/html"],
    ] as const) {
      const error = await errorOf(
        t.services.tasks.prepareReplyFile(actors.secretary, {
          taskId,
          orgId: region.branchA,
          fileName,
          contentType,
          sizeBytes: 10,
        }),
      );
      expect(error.messageKey, `${fileName} ${contentType}`).toBe("upload.typeNotAllowed");
    }
    expect(
      (
        await errorOf(
          t.services.tasks.prepareAttachment(actors.county, {
            fileName: "通知.htm",
            contentType: "text/html",
            sizeBytes: 10,
          }),
        )
      ).messageKey,
    ).toBe("upload.typeNotAllowed");
  });

  it("stores the object's real type, refuses an object stored as HTML, and downloads documents as attachments", async () => {
    const prepared = await t.services.tasks.prepareReplyFile(actors.secretary, {
      taskId,
      orgId: region.branchA,
      fileName: "总结.docx",
      contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      sizeBytes: 4,
    });
    // the browser lies: the object lands as text/html under the signed key (s3 keeps what was sent)
    await t.services.deps.storage!.put(prepared.key, "<script>alert(1)</script>", "text/html");
    const refused = await errorOf(
      t.services.tasks.markDone(actors.secretary, {
        taskId,
        orgId: region.branchA,
        file: {
          key: prepared.key,
          fileName: "总结.docx",
          contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        },
      }),
    );
    expect(refused.messageKey).toBe("upload.typeNotAllowed");
    expect(await t.services.deps.storage!.head(prepared.key)).toBeNull();

    const good = await t.services.tasks.prepareReplyFile(actors.secretary, {
      taskId,
      orgId: region.branchA,
      fileName: "总结.docx",
      contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      sizeBytes: 4,
    });
    await put(good.url, "PK..", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    await t.services.tasks.markDone(actors.secretary, {
      taskId,
      orgId: region.branchA,
      file: { key: good.key, fileName: "总结.docx", contentType: "text/html" },
    });
    const row = await t.services.deps.db.attachment.findUniqueOrThrow({ where: { storageKey: good.key } });
    expect(row.contentType).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    const detail = await t.services.tasks.detail(actors.county, { taskId });
    const link = detail.targets.find((x) => x.orgId === region.branchA)!.files[0]!;
    const response = await fetch(link.url!);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(response.headers.get("content-disposition")).toContain("filename*=UTF-8''");
  });

  it("deletes an object larger than the limit at confirmation", async () => {
    const prepared = await t.services.tasks.prepareAttachment(actors.county, {
      fileName: "大.pdf",
      contentType: "application/pdf",
      sizeBytes: 100,
    });
    await t.services.deps.storage!.put(prepared.key, new Uint8Array(50 * 1024 * 1024 + 1), "application/pdf");
    const error = await errorOf(
      t.services.tasks.send(actors.county, {
        kind: "NOTICE",
        title: "通知",
        body: "内容",
        targets: { all: true },
        attachment: { key: prepared.key, fileName: "大.pdf", contentType: "application/pdf" },
      }),
    );
    expect(error.messageKey).toBe("tasks.errorAttachmentTooLarge");
    expect(await t.services.deps.storage!.head(prepared.key)).toBeNull();
  });
});

describe("meeting files", () => {
  it("a PDF opens in place, a spreadsheet downloads as an attachment", async () => {
    const db = t.services.deps.db;
    const start = new Date("2026-12-03T08:00:00Z");
    const meeting = await db.meeting.create({
      data: {
        orgId: region.branchA,
        type: "BRANCH_ASSEMBLY",
        status: "PLANNED",
        topic: "支部党员大会",
        plannedStart: start,
        plannedEnd: start,
      },
    });
    const files: Array<[string, string]> = [
      ["记录.pdf", "application/pdf"],
      ["名单.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ];
    for (const [fileName, contentType] of files) {
      const started = await t.services.orglife.startUpload(actors.secretary, {
        meetingId: meeting.id,
        fileName,
        contentType,
        sizeBytes: 4,
      });
      await put(started.url, "data", contentType);
      await t.services.orglife.confirmUpload(actors.secretary, { meetingId: meeting.id, key: started.key, fileName });
    }
    expect(
      (
        await errorOf(
          t.services.orglife.startUpload(actors.secretary, {
            meetingId: meeting.id,
            fileName: "x.html",
            contentType: "application/pdf",
            sizeBytes: 4,
          }),
        )
      ).messageKey,
    ).toBe("upload.typeNotAllowed");
    const record = await t.services.orglife.get(actors.secretary, { meetingId: meeting.id });
    const byName = new Map(
      record.attachments.map((a: { fileName: string; url: string | null }) => [a.fileName, a.url!]),
    );
    expect((await fetch(byName.get("记录.pdf")!)).headers.get("content-disposition") ?? "inline").toMatch(/^inline/);
    expect((await fetch(byName.get("名单.xlsx")!)).headers.get("content-disposition")).toMatch(/^attachment;/);
  });
});
