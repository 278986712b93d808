import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../src/index.ts";
import {
  createMember,
  createOrg,
  errorOf,
  loginActor,
  regionDatabase,
  type Region,
  type TestDatabase,
} from "./support/index.ts";

let t: TestDatabase;
let region: Region;
let branchA2: string;
const actors: Record<string, Actor> = {};
const at = (s: string) => new Date(s);

const actorFor = (phone: string) => loginActor(t, phone);

beforeAll(async () => {
  ({ t, region } = await regionDatabase(at("2026-11-02T02:00:00Z")));
  branchA2 = await createOrg(t.services.deps.db, {
    name: "东镇企业党支部",
    kind: "BRANCH",
    level: "BRANCH",
    parentId: region.town1,
  });
  await createMember(t.services.deps.db, {
    name: "东镇管理员",
    branchId: region.town1,
    phone: "13900000021",
    roles: [{ role: "COMMITTEE_ADMIN", orgId: region.town1 }],
  });
  await createMember(t.services.deps.db, {
    name: "西镇管理员",
    branchId: region.town2,
    phone: "13900000022",
    roles: [{ role: "COMMITTEE_ADMIN", orgId: region.town2 }],
  });
  actors.town1 = await actorFor("13900000021");
  actors.town2 = await actorFor("13900000022");
  actors.member = await actorFor(region.phones.member);
  actors.staff = await actorFor(region.phones.town1);
});
afterAll(() => t.drop());

describe("a committee links two organisations it covers", () => {
  it("creates an active partnership at once", async () => {
    const link = await t.services.partnerships.create(actors.town1!, {
      fromOrgId: region.branchA,
      toOrgId: branchA2,
      type: "VILLAGE_ENTERPRISE",
      startsOn: at("2026-11-01T00:00:00Z"),
      agreement: "村企共建产业基地",
    });
    expect(link.status).toBe("ACTIVE");
    const mine = await t.services.partnerships.ofOrg(actors.member!, {});
    expect(mine.links).toMatchObject([
      {
        partner: { id: branchA2, name: "东镇企业党支部" },
        type: "VILLAGE_ENTERPRISE",
        status: "ACTIVE",
        agreement: "村企共建产业基地",
        history: [],
      },
    ]);
  });

  it("refuses a self-loop and a duplicate, changing nothing", async () => {
    const count = await t.services.deps.db.orgLink.count();
    expect(
      (
        await errorOf(
          t.services.partnerships.create(actors.town1!, {
            fromOrgId: region.branchA,
            toOrgId: region.branchA,
            type: "PAIRING",
            startsOn: at("2026-11-01T00:00:00Z"),
          }),
        )
      ).messageKey,
    ).toBe("partnerships.selfLoop");
    const duplicate = await errorOf(
      t.services.partnerships.create(actors.town1!, {
        fromOrgId: branchA2,
        toOrgId: region.branchA,
        type: "PAIRING",
        startsOn: at("2026-11-01T00:00:00Z"),
      }),
    );
    expect(duplicate.code).toBe("CONFLICT");
    expect(duplicate.messageKey).toBe("partnerships.duplicate");
    expect(
      (
        await errorOf(
          t.services.partnerships.create(actors.town1!, {
            fromOrgId: region.branchA,
            toOrgId: region.town1,
            type: "PAIRING",
            startsOn: at("2026-11-02T00:00:00Z"),
            endsOn: at("2026-11-01T00:00:00Z"),
          }),
        )
      ).messageKey,
    ).toBe("partnerships.endBeforeStart");
    expect(await t.services.deps.db.orgLink.count()).toBe(count);
  });

  it("refuses those who may not link", async () => {
    expect(
      (
        await errorOf(
          t.services.partnerships.create(actors.staff!, {
            fromOrgId: region.branchA,
            toOrgId: branchA2,
            type: "PAIRING",
            startsOn: at("2026-11-01T00:00:00Z"),
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(
      (
        await errorOf(
          t.services.partnerships.create(actors.town1!, {
            fromOrgId: region.branchB,
            toOrgId: region.branchA,
            type: "PAIRING",
            startsOn: at("2026-11-01T00:00:00Z"),
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });
});

describe("a proposal to an organisation outside the subtree", () => {
  let linkId: string;
  it("finds the other organisation by name, flagged as outside", async () => {
    const found = await t.services.partnerships.search(actors.town1!, { q: "西村" });
    expect(found).toMatchObject([{ id: region.branchB, name: "西村党支部", covered: false }]);
    expect(await t.services.partnerships.search(actors.town1!, { q: "西" })).toEqual([]);
  });

  it("waits for the other side's committee, which accepts", async () => {
    ({ id: linkId } = await t.services.partnerships.create(actors.town1!, {
      fromOrgId: region.branchA,
      toOrgId: region.branchB,
      type: "CROSS_REGION",
      startsOn: at("2026-11-01T00:00:00Z"),
    }));
    expect((await t.services.deps.db.orgLink.findUniqueOrThrow({ where: { id: linkId } })).status).toBe("PROPOSED");
    expect((await errorOf(t.services.partnerships.decide(actors.town1!, { linkId, accept: true }))).messageKey).toBe(
      "partnerships.notYourSide",
    );
    const incoming = await t.services.partnerships.committee(actors.town2!);
    expect(incoming.find((l) => l.id === linkId)).toMatchObject({ status: "PROPOSED", awaitingMe: true });
    expect((await t.services.partnerships.committee(actors.town1!)).find((l) => l.id === linkId)!.awaitingMe).toBe(
      false,
    );
    expect(await t.services.partnerships.decide(actors.town2!, { linkId, accept: true })).toMatchObject({
      status: "ACTIVE",
    });
    expect((await errorOf(t.services.partnerships.decide(actors.town2!, { linkId, accept: false }))).messageKey).toBe(
      "partnerships.notProposed",
    );
    const seenFromB = await t.services.partnerships.ofOrg(actors.town2!, { orgId: region.branchB });
    expect(seenFromB.links.map((l) => l.partner.name)).toEqual(["东村党支部"]);
  });

  it("can be proposed again after a rejection", async () => {
    const town2Branch = await createOrg(t.services.deps.db, {
      name: "西镇社区党支部",
      kind: "BRANCH",
      level: "BRANCH",
      parentId: region.town2,
    });
    const { id } = await t.services.partnerships.create(actors.town1!, {
      fromOrgId: branchA2,
      toOrgId: town2Branch,
      type: "ENTERPRISE_ENTERPRISE",
      startsOn: at("2026-11-01T00:00:00Z"),
    });
    await t.services.partnerships.decide(actors.town2!, { linkId: id, accept: false });
    const again = await t.services.partnerships.create(actors.town1!, {
      fromOrgId: branchA2,
      toOrgId: town2Branch,
      type: "ENTERPRISE_ENTERPRISE",
      startsOn: at("2026-12-01T00:00:00Z"),
    });
    expect(again).toEqual({ id, status: "PROPOSED" });
  });
});
