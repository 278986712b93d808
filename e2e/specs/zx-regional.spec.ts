// Issue 16, "Done means" (区域化党建, as far as built): at 360 px, the village branch posts a need;
// a hospital branch in another township finds it by search and claims it (a second claim is told
// who won); a joint 义诊 activity of the project is planned, members of both check in with their
// phones, it is held, and the project closes with the village's evaluation; on the county's
// network drawing the new tie between them goes from cold to strong. Runs after the warnings spec
// (it adds a partnership) and before the card spec.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_BRANCH_NAME, DEMO_LOST_CONTACT_MEMBER, DEMO_REGIONAL } from "../../packages/seed/src/demo-accounts.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, login, queryDatabase } from "./support.ts";
import { Effort, chinaParts, planThemeDayNow, slotAroundNow } from "./steps/orglife.ts";

/** Log in with a member number (works whatever the phone's storage). */
async function loginByMemberNo(page: Page, memberNo: string): Promise<void> {
  await page.goto("/branch/login");
  await page.getByLabel("手机号或党员编号").fill(memberNo);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/branch\/?$/);
}

async function secretaryOf(branchName: string): Promise<string> {
  const [row] = await queryDatabase<{ memberNo: string }>(
    `SELECT m."memberNo" FROM "RoleGrant" g JOIN "Account" a ON a.id = g."accountId" JOIN "Member" m ON m.id = a."memberId" JOIN "Org" o ON o.id = g."orgId"
     WHERE o.name = $1 AND g.role = 'BRANCH_SECRETARY' ORDER BY m."memberNo" LIMIT 1`,
    [branchName],
  );
  return row!.memberNo;
}

/** An ordinary member of the branch who can log in (not an officer); `skip` passes over the first ones. */
async function memberOf(branchName: string, skip = 0): Promise<{ memberNo: string; name: string }> {
  const [row] = await queryDatabase<{ memberNo: string; name: string }>(
    `SELECT m."memberNo", m.name FROM "Member" m JOIN "Account" a ON a."memberId" = m.id JOIN "Org" o ON o.id = m."branchId"
     WHERE o.name = $1 AND m.active AND m."memberNo" NOT IN ('DY00000001', 'DY00000002')
       AND NOT EXISTS (SELECT 1 FROM "RoleGrant" g WHERE g."accountId" = a.id AND g.role <> 'MEMBER')
     ORDER BY m."memberNo" LIMIT 1 OFFSET $2`,
    [branchName, skip],
  );
  return row!;
}

async function checkInWithPhone(browser: Browser, memberNo: string, url: string): Promise<void> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel("手机号或党员编号").fill(memberNo);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("heading", { name: "会议签到" })).toBeVisible();
  await page.getByRole("button", { name: "确认签到" }).click();
  await expect(page.getByRole("heading", { name: "签到成功" })).toBeVisible();
  await context.close();
}

async function tieStrength(page: Page, linkId: string): Promise<number | null> {
  await page.goto("/branch/dashboard");
  const edge = page.locator(`g[data-edge="${linkId}"]`);
  if ((await edge.count()) === 0) return null;
  return Number(await edge.getAttribute("data-strength"));
}

test.describe("区域化党建：需求认领成项目，联建活动增强关系", () => {
  test("村支部发布需求，外乡镇卫生院搜索认领，联合义诊签到、结项评价，联建关系变强", async ({ page, browser }) => {
    test.setTimeout(240_000);
    const title = `老人慢病义诊 ${Date.now().toString(36)}`;
    const hospital = DEMO_REGIONAL.hospitalBranchName;

    // ── the village secretary posts a need; a missing date is refused and nothing is written ──
    await login(page, "branch", "secretary");
    await page.getByRole("link", { name: "区域化党建" }).first().click();
    await expect(page.getByRole("heading", { name: "区域化党建" })).toBeVisible();
    await page.getByRole("link", { name: "发布需求" }).click();
    await page.getByLabel("名称").fill(title);
    await page.getByLabel("类别").selectOption({ label: "医疗义诊" });
    await page.getByLabel("具体内容").fill("为 60 岁以上老人量血压、测血糖，讲解慢病用药。");
    await page.getByLabel("地点").fill("河口村卫生室");
    await page.getByLabel("需要人数").fill("4");
    await page.getByRole("button", { name: "发布" }).click();
    await expect(page.getByRole("alert")).toContainText("请填写希望开始的日期。");
    expect(
      (await queryDatabase<{ n: number }>(`SELECT count(*)::int AS n FROM "Need" WHERE title = $1`, [title]))[0]!.n,
    ).toBe(0);
    await page.getByLabel("希望开始日期").fill(chinaParts(new Date(Date.now() + 7 * 86_400_000)).date);
    await page.getByRole("button", { name: "发布" }).click();
    await expect(page.getByRole("heading", { name: title })).toBeVisible();
    await expect(page.getByRole("status")).toContainText("需求已发布");
    // matching: the hospital's team of the same category and county is suggested first
    const suggested = page.locator(".rg-item").filter({ hasText: "卫生院党员义诊小分队" });
    await expect(suggested).toContainText("同县");
    const needUrl = page.url();

    // ── another hospital's secretary opens the need too (the claim form in hand) ──
    const otherContext = await browser.newContext();
    const otherPage = await otherContext.newPage();
    await loginByMemberNo(otherPage, await secretaryOf("青岚镇卫生院党支部"));
    await otherPage.goto(needUrl);
    await expect(otherPage.getByRole("button", { name: "认领这项需求（接单）" })).toBeVisible();

    // ── the hospital's secretary (another township) finds it by search and claims it ──
    const hospitalContext = await browser.newContext();
    const hospitalPage = await hospitalContext.newPage();
    await loginByMemberNo(hospitalPage, await secretaryOf(hospital));
    await hospitalPage.goto("/branch/regional");
    await hospitalPage.getByLabel("搜索需求和资源").fill("义诊");
    await hospitalPage.getByRole("button", { name: "搜索" }).click();
    await hospitalPage.getByRole("list", { name: "搜索需求和资源" }).getByRole("link", { name: title }).click();
    await expect(hospitalPage.getByRole("heading", { name: title })).toBeVisible();
    await hospitalPage.getByLabel("实施计划").fill("派内科、中医科医生各一名，护士两名，带血压计和血糖仪进村。");
    await hospitalPage.getByRole("button", { name: "认领这项需求（接单）" }).click();
    await expect(hospitalPage.getByRole("status")).toHaveText("认领成功，已生成共建项目。");
    const projectUrl = hospitalPage.url();

    // ── the second claim is told, in Chinese, who was first; nothing half-written ──
    await otherPage.getByRole("button", { name: "认领这项需求（接单）" }).click();
    await expect(otherPage.getByRole("alert")).toContainText(`这项需求刚刚已被“${hospital}”认领，不能重复认领。`);
    const needId = new URL(needUrl).pathname.split("/").pop()!;
    expect(
      (
        await queryDatabase<{ n: number }>(`SELECT count(*)::int AS n FROM "Project" WHERE "needId" = $1::uuid`, [
          needId,
        ])
      )[0]!.n,
    ).toBe(1);
    await otherContext.close();

    // the new partnership is on the county's drawing, still cold
    const [link] = await queryDatabase<{ id: string }>(
      `SELECT l.id FROM "OrgLink" l JOIN "Org" a ON a.id = l."orgAId" JOIN "Org" b ON b.id = l."orgBId" WHERE l.status = 'ACTIVE' AND ((a.name = $1 AND b.name = $2) OR (a.name = $2 AND b.name = $1))`,
      [DEMO_BRANCH_NAME, hospital],
    );
    expect(link).toBeTruthy();
    const countyContext = await browser.newContext();
    const countyPage = await countyContext.newPage();
    await login(countyPage, "branch", "county");
    await expect(countyPage).toHaveURL(/\/branch\/?$/);
    expect(await tieStrength(countyPage, link!.id)).toBe(0);

    // ── the village plans the joint 义诊 now, through the meeting use case ──
    await page.goto(projectUrl.replace(/\?.*$/, ""));
    await expect(page.getByRole("heading", { name: `认领需求：${title}` })).toBeVisible();
    // a slot that has begun (check-in open) and is free: other specs plan the village's meetings "now" too
    const { start, end } = await slotAroundNow(DEMO_BRANCH_NAME);
    const topic = `联合义诊 ${Date.now().toString(36)}`;
    await page.getByLabel("活动主题").fill(topic);
    await page.getByLabel("地点", { exact: true }).fill("河口村卫生室");
    await page.getByLabel("日期").fill(chinaParts(start).date);
    await page.getByLabel("开始时间").fill(chinaParts(start).time);
    await page.getByLabel("结束时间").fill(chinaParts(end).time);
    await page.getByRole("button", { name: "安排联建活动" }).click();
    await expect(page.getByRole("status")).toHaveText("联建活动已安排，双方党员可以扫码签到。");
    // closing before the activity is held is refused
    await page.getByLabel("项目成效").fill("完成义诊");
    await page.getByRole("button", { name: "结项" }).click();
    await expect(page.getByRole("alert")).toContainText("还没有已开展的联建活动，不能结项");

    // ── members of both branches check in with their own phones ──
    await page.getByRole("link", { name: topic }).click();
    await expect(page.getByRole("heading", { name: topic })).toBeVisible();
    const qrUrl = (await page.locator(".ol-qr").getAttribute("data-url"))!;
    const villager = await memberOf(DEMO_BRANCH_NAME);
    const nurse = await memberOf(hospital);
    await checkInWithPhone(browser, villager.memberNo, qrUrl);
    await checkInWithPhone(browser, nurse.memberNo, qrUrl);
    await page.reload();
    for (const name of [villager.name, nurse.name])
      await expect(page.locator(`.ol-attendee[data-member="${name}"]`)).toContainText("本人扫码");

    // held: the secretary records it
    await page
      .getByRole("textbox", { name: "会议记录" })
      .fill("卫生院医生为 32 名老人量血压、测血糖，发现高血压 5 人并建档随访。");
    await page.getByRole("button", { name: "保存会议记录" }).click();
    await expect(page.getByRole("status").filter({ hasText: "会议记录已保存。" })).toBeVisible();

    // ── closed with the village's evaluation ──
    await page.goto(projectUrl.replace(/\?.*$/, ""));
    await page.getByLabel("项目成效").fill("义诊 32 人，高血压建档 5 人，卫生院每季度回访。");
    await page.getByRole("button", { name: "结项" }).click();
    await expect(page.getByRole("status")).toHaveText("项目已结项。");
    await page.getByLabel("基本满意").check();
    await page.getByLabel("评价意见").fill("医生耐心，希望下次多带些药品。");
    await page.getByRole("button", { name: "需求方评价" }).click();
    await expect(page.getByRole("status")).toHaveText("评价已提交。");
    await expect(page.getByText("医生耐心，希望下次多带些药品。")).toBeVisible();
    await expect(page.locator(".rg-facts")).toContainText("基本满意");

    // ── the tie between them is strong on the county's drawing ──
    await expect.poll(() => tieStrength(countyPage, link!.id), { timeout: 30_000 }).toBeGreaterThan(0.9);
    await hospitalContext.close();
    await countyContext.close();
  });

  test("党员向居住地社区双报到并出现在社区名单；外出务工党员登记流动、手机报到、在流入地参加活动，本支部看得到", async ({
    page,
    browser,
  }) => {
    test.setTimeout(240_000);
    const community = "新桥社区第一党支部";
    const receiving = DEMO_LOST_CONTACT_MEMBER.branchName;

    // ── 双报到: the member reports to her community from her phone ──
    await login(page, "branch", "member");
    await expect(page).toHaveURL(/\/branch\/?$/);
    await page.getByRole("link", { name: "区域化党建" }).first().click();
    await expect(page.getByRole("heading", { name: "双报到", level: 1 })).toBeVisible();
    await page.getByLabel("居住地社区").selectOption({ label: `${community}（中共新桥社区总支部委员会）` });
    await page.getByRole("button", { name: "向社区报到" }).click();
    await expect(page.getByRole("status")).toHaveText(`已向“${community}”报到。`);
    await expect(page.getByText(community).first()).toBeVisible();

    // the community's secretary sees her in its list and records an hour of service
    const communityContext = await browser.newContext();
    const communityPage = await communityContext.newPage();
    await loginByMemberNo(communityPage, await secretaryOf(community));
    await communityPage.goto("/branch/regional/community");
    const row = communityPage
      .getByRole("list", { name: "向本社区报到的党员" })
      .locator(`li[data-member="${DEMO_ACCOUNTS.member.displayName}"]`);
    await expect(row).toContainText(DEMO_BRANCH_NAME);
    await row.locator("summary", { hasText: "记录服务" }).click();
    await row.getByLabel("服务时长（小时）").fill("1.5");
    await row.getByLabel("服务内容").fill("参加社区垃圾分类宣传");
    await row.getByRole("button", { name: "记录服务" }).click();
    await expect(communityPage.getByRole("status")).toHaveText("服务记录已保存。");
    await expect(communityPage.locator(`li[data-member="${DEMO_ACCOUNTS.member.displayName}"]`)).toContainText(
      "1.5 小时",
    );
    await communityContext.close();

    // ── 流动党员: the home secretary registers a worker going out; a place outside the region is impossible to pick ──
    const worker = await memberOf(DEMO_BRANCH_NAME, 1);
    const home = await browser.newContext();
    const homePage = await home.newPage();
    await login(homePage, "branch", "secretary");
    await expect(homePage).toHaveURL(/\/branch\/?$/);
    await homePage.goto("/branch/regional/mobile");
    await homePage.getByLabel("党员", { exact: true }).selectOption({ label: worker.name });
    await homePage.getByLabel("外出地点和单位").fill("青岚镇工业园区物流公司");
    await homePage.getByLabel("流入地党组织").selectOption({ label: receiving });
    await homePage.getByRole("button", { name: "登记外出党员" }).click();
    await expect(homePage.getByRole("status")).toHaveText("已登记外出，等待流入地党组织接收。");
    // registering him again is refused, in Chinese
    await homePage.getByLabel("党员", { exact: true }).selectOption({ label: worker.name });
    await homePage.getByLabel("外出地点和单位").fill("青岚镇工业园区物流公司");
    await homePage.getByRole("button", { name: "登记外出党员" }).click();
    await expect(homePage.getByRole("alert")).toContainText("已经登记外出");

    // the receiving branch accepts him
    const there = await browser.newContext();
    const therePage = await there.newPage();
    await loginByMemberNo(therePage, await secretaryOf(receiving));
    await therePage.goto("/branch/regional/mobile");
    await therePage.getByRole("button", { name: `接收 ${worker.name}` }).click();
    await expect(therePage.getByRole("status")).toHaveText("已接收。");

    // he checks in from his phone
    const phone = await browser.newContext();
    const phonePage = await phone.newPage();
    await loginByMemberNo(phonePage, worker.memberNo);
    await phonePage.goto("/branch/regional/mine");
    await expect(phonePage.getByRole("heading", { name: "流动党员报到" })).toBeVisible();
    await phonePage.getByRole("button", { name: "本月报到（我在这里）" }).click();
    await expect(phonePage.getByRole("status")).toContainText("报到成功");
    await expect(phonePage.getByText("今天已经报到过了。")).toBeVisible();

    // the receiving branch holds an activity; he checks in there with the QR
    await therePage.goto("/branch/");
    const topic = `流动党员主题党日 ${Date.now().toString(36)}`;
    const meeting = await planThemeDayNow(therePage, topic, new Effort(), receiving);
    await phonePage.goto(meeting.url);
    await expect(phonePage.getByRole("heading", { name: "会议签到" })).toBeVisible();
    await phonePage.getByRole("button", { name: "确认签到" }).click();
    await expect(phonePage.getByRole("heading", { name: "签到成功" })).toBeVisible();

    // his home branch sees the contact and the attendance
    await homePage.goto("/branch/regional/mobile");
    const away = homePage
      .getByRole("list", { name: "本支部外出党员" })
      .locator(`li[data-member="${worker.name}"]`)
      .first();
    await expect(away).toContainText("已接收");
    await expect(away).toContainText("最近联系");
    await expect(away).toContainText(topic);
    await Promise.all([home.close(), there.close(), phone.close()]);
  });
});
