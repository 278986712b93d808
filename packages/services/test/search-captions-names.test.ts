// Issue 12 leftovers (ADR 0603): a lesson is found by a word said in its video (WebVTT captions
// uploaded through the school admin), an organisation by a name it had before a rename.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../src/index.ts";
import {
  createMember,
  errorOf,
  loginActor,
  readyVideoAsset,
  regionDatabase,
  type Region,
  type TestDatabase,
} from "./support/index.ts";

let t: TestDatabase;
let region: Region;
let member: Actor, memberB: Actor, county: Actor, countyAdmin: Actor, schoolAdmin: Actor;
const ids = (r: { hits: Array<{ id: string }> }) => r.hits.map((h) => h.id);

beforeAll(async () => {
  ({ t, region } = await regionDatabase(new Date("2026-05-20T08:00:00Z")));
  const db = t.services.deps.db;
  await createMember(db, {
    name: "钱进",
    branchId: region.county,
    phone: "13900000061",
    roles: [{ role: "COMMITTEE_ADMIN", orgId: region.county }],
  });
  await createMember(db, {
    name: "孙校",
    branchId: region.county,
    phone: "13900000062",
    roles: [{ role: "SCHOOL_ADMIN", orgId: region.city }],
  });
  await t.services.search.reindex();
  member = await loginActor(t, region.phones.member);
  memberB = await loginActor(t, region.phones.memberB);
  county = await loginActor(t, region.phones.county);
  countyAdmin = await loginActor(t, "13900000061");
  schoolAdmin = await loginActor(t, "13900000062");
});
afterAll(() => t.drop());

async function videoLesson(title: string, audienceOrgId: string | null) {
  const db = t.services.deps.db;
  const course = await t.services.school.admin.createCourse(schoolAdmin, {
    title: `${title}课程`,
    category: "理论学习",
    published: true,
    ...(audienceOrgId ? { audienceOrgId } : {}),
  });
  const assetId = await readyVideoAsset(db, 60);
  const lesson = await t.services.school.admin.addLesson(schoolAdmin, { courseId: course.id, title, kind: "VIDEO" });
  await db.lesson.update({ where: { id: lesson.id }, data: { videoAssetId: assetId } });
  return { courseId: course.id, lessonId: lesson.id, assetId };
}

const VTT = (words: string) =>
  `WEBVTT\n\n1\n00:00:01.000 --> 00:00:05.000\n<v 讲师>同志们好。</v>\n\n00:00:05.000 --> 00:00:09.000\n今天讲${words}的具体做法。\n`;

describe("captions", () => {
  it("a lesson is found by a word said in it, as soon as the captions are uploaded", async () => {
    const { lessonId, assetId } = await videoLesson("基层治理第一讲", null);
    expect(ids(await t.services.search.query(member, { q: "河长制巡河" }))).not.toContain(lessonId);
    await t.services.school.admin.uploadCaptions(schoolAdmin, { assetId, vtt: VTT("河长制巡河") });
    const found = await t.services.search.query(member, { q: "河长制巡河" });
    expect(ids(found)).toContain(lessonId);
    const hit = found.hits.find((h) => h.id === lessonId)!;
    expect(
      hit.snippet
        .filter((p) => p.hit)
        .map((p) => p.text)
        .join(""),
    ).toContain("河长制");
    // timings and markup are not words: nobody finds a lesson by "-->" or the voice tag
    expect(ids(await t.services.search.query(member, { q: "讲师" }))).not.toContain(lessonId);
    const stored = await t.services.deps.db.videoAsset.findUniqueOrThrow({ where: { id: assetId } });
    expect(stored.captionText).toBe("同志们好。\n今天讲河长制巡河的具体做法。");
    // a full rebuild builds the same document from the facts
    await t.services.search.reindex();
    expect(ids(await t.services.search.query(member, { q: "河长制巡河" }))).toContain(lessonId);
    // captions replaced: the old words are gone
    await t.services.school.admin.uploadCaptions(schoolAdmin, { assetId, vtt: VTT("垃圾分类") });
    expect(ids(await t.services.search.query(member, { q: "河长制巡河" }))).not.toContain(lessonId);
    expect(ids(await t.services.search.query(member, { q: "垃圾分类" }))).toContain(lessonId);
  });

  it("captions of a course for another branch stay out of reach", async () => {
    const { lessonId, assetId } = await videoLesson("东村内部专题", region.branchA);
    await t.services.school.admin.uploadCaptions(schoolAdmin, { assetId, vtt: VTT("蓄水池清淤") });
    expect(ids(await t.services.search.query(member, { q: "蓄水池清淤" }))).toContain(lessonId);
    expect((await t.services.search.query(memberB, { q: "蓄水池清淤" })).total).toBe(0);
  });
});

describe("captions uploaded before ADR 0603 (backfill, ADR 0605)", () => {
  it("are read once from S3, indexed, and never read again; a missing file or empty captions end the wait too", async () => {
    const db = t.services.deps.db;
    const storage = t.services.deps.storage!;
    // as an upload before ADR 0603 left them: the file in S3, the key on the asset, no words in the database
    const old = await videoLesson("老视频第一讲", null);
    const oldKey = `videos/${old.assetId}/captions.vtt`;
    await storage.put(oldKey, VTT("秸秆禁烧巡查"), "text/vtt; charset=utf-8");
    await db.videoAsset.update({ where: { id: old.assetId }, data: { captionKey: oldKey, captionText: null } });
    const gone = await videoLesson("老视频第二讲", null);
    await db.videoAsset.update({
      where: { id: gone.assetId },
      data: { captionKey: `videos/${gone.assetId}/captions.vtt`, captionText: null },
    });
    const silent = await videoLesson("老视频第三讲", null);
    const silentKey = `videos/${silent.assetId}/captions.vtt`;
    await storage.put(silentKey, "WEBVTT\n\nNOTE 只有注释\n", "text/vtt; charset=utf-8");
    await db.videoAsset.update({ where: { id: silent.assetId }, data: { captionKey: silentKey, captionText: null } });
    await t.services.search.reindex();
    expect(ids(await t.services.search.query(member, { q: "秸秆禁烧巡查" }))).not.toContain(old.lessonId);

    // one video per call: the wait shrinks, each call picks the next
    const first = await t.services.search.backfillCaptions(1);
    expect(first.indexed + first.empty + first.missing).toBe(1);
    expect(first.remaining).toBe(2);
    const rest = await t.services.search.backfillCaptions();
    expect({
      indexed: first.indexed + rest.indexed,
      empty: first.empty + rest.empty,
      missing: first.missing + rest.missing,
    }).toEqual({ indexed: 1, empty: 1, missing: 1 });
    expect(rest.remaining).toBe(0);
    const found = await t.services.search.query(member, { q: "秸秆禁烧巡查" });
    expect(ids(found)).toContain(old.lessonId);
    expect((await db.videoAsset.findUniqueOrThrow({ where: { id: old.assetId } })).captionText).toBe(
      "同志们好。\n今天讲秸秆禁烧巡查的具体做法。",
    );
    expect((await db.videoAsset.findUniqueOrThrow({ where: { id: gone.assetId } })).captionText).toBe("");
    expect((await db.videoAsset.findUniqueOrThrow({ where: { id: silent.assetId } })).captionText).toBe("");

    // idempotent: a second run reads nothing, even if the file changed in the store meanwhile
    await storage.put(oldKey, VTT("别的内容"), "text/vtt; charset=utf-8");
    expect(await t.services.search.backfillCaptions()).toEqual({ indexed: 0, empty: 0, missing: 0, remaining: 0 });
    expect(ids(await t.services.search.query(member, { q: "秸秆禁烧巡查" }))).toContain(old.lessonId);
    // the lesson keeps its course's audience: a member of another branch still finds it (public course)…
    expect(ids(await t.services.search.query(memberB, { q: "秸秆禁烧巡查" }))).toContain(old.lessonId);
  });

  it("leaves captions uploaded again meanwhile to that upload, and keeps an audience-limited lesson out of reach", async () => {
    const db = t.services.deps.db;
    const storage = t.services.deps.storage!;
    const limited = await videoLesson("东村老视频", region.branchA);
    const key = `videos/${limited.assetId}/captions.vtt`;
    await storage.put(key, VTT("机井维修登记"), "text/vtt; charset=utf-8");
    await db.videoAsset.update({ where: { id: limited.assetId }, data: { captionKey: key, captionText: null } });
    expect((await t.services.search.backfillCaptions()).indexed).toBe(1);
    expect(ids(await t.services.search.query(member, { q: "机井维修登记" }))).toContain(limited.lessonId);
    expect((await t.services.search.query(memberB, { q: "机井维修登记" })).total).toBe(0);

    // an old asset re-uploaded through the admin before the backfill reached it: the upload's words stay
    const raced = await videoLesson("老视频第四讲", null);
    const racedKey = `videos/${raced.assetId}/captions.vtt`;
    await storage.put(racedKey, VTT("旧字幕内容"), "text/vtt; charset=utf-8");
    await db.videoAsset.update({ where: { id: raced.assetId }, data: { captionKey: racedKey, captionText: null } });
    await t.services.school.admin.uploadCaptions(schoolAdmin, { assetId: raced.assetId, vtt: VTT("新字幕内容") });
    expect((await t.services.search.backfillCaptions()).indexed).toBe(0);
    expect((await db.videoAsset.findUniqueOrThrow({ where: { id: raced.assetId } })).captionText).toContain(
      "新字幕内容",
    );
  });
});

describe("former names", () => {
  it("a committee admin renames; the old name is kept and still finds the organisation", async () => {
    const db = t.services.deps.db;
    await t.services.orglife.plan(await loginActor(t, region.phones.secretary), {
      orgId: region.branchA,
      type: "PARTY_LECTURE",
      topic: "更名前的党课",
      plannedStart: new Date("2026-05-25T02:00:00Z"),
      plannedEnd: new Date("2026-05-25T03:00:00Z"),
    });
    expect(
      await t.services.orgs.rename(countyAdmin, {
        orgId: region.branchA,
        name: "东村联合党支部",
        shortName: "东村联支",
      }),
    ).toEqual({ renamed: true });
    const former = await db.orgFormerName.findMany({ where: { orgId: region.branchA } });
    expect(former.map((f) => f.name)).toEqual(["东村党支部"]);
    for (const q of ["东村党支部", "东村联合", "东村联支"]) {
      const found = await t.services.search.query(county, { q, types: ["org"] });
      expect(ids(found), q).toContain(region.branchA);
    }
    // the documents that show the organisation's name show the new one
    const meeting = await t.services.search.query(member, { q: "更名前的党课" });
    expect(meeting.hits[0]!.orgName).toBe("东村联合党支部");
    // a second rename keeps both earlier names
    await t.services.orgs.rename(countyAdmin, { orgId: region.branchA, name: "东村党总支" });
    expect((await t.services.orgs.names(county, { orgId: region.branchA })).formerNames.map((f) => f.name)).toEqual([
      "东村联合党支部",
      "东村党支部",
    ]);
    expect(ids(await t.services.search.query(county, { q: "东村联合", types: ["org"] }))).toContain(region.branchA);
    // the same name again changes nothing
    expect(await t.services.orgs.rename(countyAdmin, { orgId: region.branchA, name: " 东村党总支 " })).toEqual({
      renamed: false,
    });
    // the external engine's outbox has the keys of every document showing the name
    const queued = await db.$queryRawUnsafe<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM "SearchOutbox" WHERE key IN (SELECT key FROM "SearchDocument" WHERE "orgId" = $1::uuid)`,
      region.branchA,
    );
    expect(queued[0]!.n).toBeGreaterThan(1);
  });

  it("nobody else renames, bad names are refused, and a former name leaks to nobody", async () => {
    expect((await errorOf(t.services.orgs.rename(county, { orgId: region.branchB, name: "西村新支部" }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await errorOf(t.services.orgs.rename(member, { orgId: region.branchA, name: "我的支部" }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await errorOf(t.services.orgs.rename(countyAdmin, { orgId: region.branchB, name: "x" }))).messageKey).toBe(
      "org.rename.badName",
    );
    expect(
      (await errorOf(t.services.orgs.rename(countyAdmin, { orgId: region.branchB, name: "长".repeat(101) })))
        .messageKey,
    ).toBe("org.rename.badName");
    expect((await t.services.orgs.names(countyAdmin, { orgId: region.branchA })).canRename).toBe(true);
    expect((await t.services.orgs.names(county, { orgId: region.branchA })).canRename).toBe(false);
    // member B may not see branch A: neither its old nor its new name
    for (const q of ["东村党支部", "东村联合党支部", "东村党总支"])
      expect(ids(await t.services.search.query(memberB, { q })), q).not.toContain(region.branchA);
    expect((await errorOf(t.services.orgs.names(memberB, { orgId: region.branchA }))).code).toBe("FORBIDDEN");
  });
});
