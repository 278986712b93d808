// Check-in at the edge: the proof is validated by zod, errors reach the member in Chinese.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionDatabase, type Region, type TestDatabase } from "@dangjian/services/testing";
import { signedInCaller, trpcErrorOf } from "./callers.ts";

let t: TestDatabase;
let region: Region;
let meetingId: string;

const callerFor = (phone: string) => signedInCaller(t, phone, { ip: null, userAgent: null });

beforeAll(async () => {
  ({ t, region } = await regionDatabase(new Date("2026-11-06T02:00:00Z")));
  const secretary = await callerFor(region.phones.secretary);
  ({ id: meetingId } = await secretary.orglife.plan({
    orgId: region.branchA,
    type: "THEME_DAY",
    topic: "主题党日",
    plannedStart: new Date("2026-11-07T01:00:00Z"),
    plannedEnd: new Date("2026-11-07T03:00:00Z"),
  }));
});
afterAll(() => t.drop());

describe("orglife.checkIn over tRPC", () => {
  it("refuses an unknown kind of proof as bad input, in Chinese", async () => {
    const member = await callerFor(region.phones.member);
    const error = await trpcErrorOf(member.orglife.checkIn({ meetingId, proof: { kind: "fingerprint" } } as never));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/^填写的内容有误/);
  });

  it("answers a check-in before the window with the opening time", async () => {
    const secretary = await callerFor(region.phones.secretary);
    const code = (await secretary.orglife.get({ meetingId })).checkIn.code!;
    const member = await callerFor(region.phones.member);
    const error = await trpcErrorOf(member.orglife.checkIn({ meetingId, proof: { kind: "meetingCode", code } }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toBe("签到还没有开始。会议开始前 30 分钟可以签到（2026年11月7日 08:30 起）。");
  });

  it("checks in within the window and refuses the second time with 409", async () => {
    t.setNow(new Date("2026-11-07T01:05:00Z"));
    const secretary = await callerFor(region.phones.secretary);
    const code = (await secretary.orglife.get({ meetingId })).checkIn.code!;
    const member = await callerFor(region.phones.member);
    await member.orglife.checkIn({ meetingId, proof: { kind: "meetingCode", code } });
    const error = await trpcErrorOf(member.orglife.checkIn({ meetingId, proof: { kind: "meetingCode", code } }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain("您已经签到过了");
    const mine = await member.orglife.mine();
    expect(mine.next[0]).toMatchObject({ meetingId, status: "PRESENT" });
  });
});
