// Procedures without a declared permission: public ones, the caller's own data, and those whose
// service decides on the object touched. Each says exactly who gets what (the matrix asserts it).
import { can, canAnywhere, type Permission } from "@dangjian/core";
import { byPhone, createMember, PASSWORD } from "@dangjian/services/testing";
import type { Outcome, Persona, Sample, SampleContext, Samples } from "./types.ts";

/** Branch A: below city → county → town1; branch B: below city → county → town2. */
export function orgRef(target: "A" | "B", { region }: SampleContext) {
  return target === "A"
    ? { id: region.branchA, ancestorIds: [region.city, region.county, region.town1] }
    : { id: region.branchB, ancestorIds: [region.city, region.county, region.town2] };
}

const anyone = (): Outcome => "ok";
const loggedIn = (p: Persona): Outcome => (p.phone ? "ok" : "UNAUTHORIZED");
const canOn =
  (...permissions: Permission[]) =>
  (p: Persona, target: "A" | "B", ctx: SampleContext): Outcome => {
    if (!p.phone) return "UNAUTHORIZED";
    return permissions.some((permission) => can(p.grants, permission, orgRef(target, ctx))) ? "ok" : "FORBIDDEN";
  };
/** logged in and holding one of the permissions on some organisation */
const canSomewhere =
  (...permissions: Permission[]) =>
  (p: Persona): Outcome => {
    if (!p.phone) return "UNAUTHORIZED";
    return permissions.some((permission) => canAnywhere(p.grants, permission)) ? "ok" : "FORBIDDEN";
  };
const targetOf = (orgId: string, { region }: SampleContext): "A" | "B" => (orgId === region.branchA ? "A" : "B");
/** the caller's own branch */
async function branchOf(p: Persona | undefined, ctx: SampleContext): Promise<string | null> {
  if (!p?.memberId) return null;
  return (await ctx.t.services.deps.db.member.findUniqueOrThrow({ where: { id: p.memberId } })).branchId;
}

/** A person to log in as in the public procedures (never one of the personas). */
const LOGIN_PHONE = "13500000099";
let loginAccount: Promise<string> | undefined;

let fixture: Promise<{ examId: string }> | undefined;
function examFixture({ t }: SampleContext) {
  fixture ??= (async () => {
    const db = t.services.deps.db;
    const course = await db.course.create({ data: { title: "自助样例课程", category: "理论学习", published: true } });
    await db.question.create({
      data: { courseId: course.id, kind: "TRUE_FALSE", stem: "自助判断题", options: ["正确", "错误"], answer: [0] },
    });
    const exam = await db.exam.create({
      data: {
        courseId: course.id,
        title: "自助考试",
        questionCount: 1,
        timeLimitSec: 600,
        passPercent: 60,
        maxAttempts: 1000,
        published: true,
      },
    });
    return { examId: exam.id };
  })();
  return fixture;
}

/** An open attempt: the caller's own on A (when a member), someone else's on B. */
async function attemptFor(orgId: string, ctx: SampleContext): Promise<string> {
  const db = ctx.t.services.deps.db;
  const { examId } = await examFixture(ctx);
  const exam = await db.exam.findUniqueOrThrow({
    where: { id: examId },
    include: { course: { include: { questions: true } } },
  });
  const memberId =
    targetOf(orgId, ctx) === "A" && ctx.persona?.memberId ? ctx.persona.memberId : ctx.region.members.dave;
  const attempt = await db.examAttempt.create({
    data: {
      examId,
      memberId,
      questionIds: exam.course.questions.map((q) => q.id),
      deadlineAt: new Date(ctx.t.services.deps.now().getTime() + 600_000),
    },
  });
  return attempt.id;
}

/** The caller's own attempts (A); someone else's (B): refused. */
const ownAttempt = (p: Persona, target: "A" | "B"): Outcome =>
  !p.phone ? "UNAUTHORIZED" : target === "A" ? "ok" : "FORBIDDEN";

const own: Sample = { input: () => undefined, unscoped: true, expect: loggedIn };

export const selfSamples: Samples = {
  "auth.login": {
    input: async (_o, ctx) => {
      loginAccount ??= createMember(ctx.t.services.deps.db, {
        name: "登录样例",
        branchId: ctx.region.branchA,
        phone: LOGIN_PHONE,
      });
      await loginAccount;
      return { identifier: LOGIN_PHONE, password: PASSWORD };
    },
    unscoped: true,
    expect: anyone,
  },
  "auth.me": { input: () => undefined, unscoped: true, expect: anyone },
  "auth.logout": { ...own, endsSession: true },
  "auth.logoutEverywhere": { ...own, endsSession: true },
  "auth.changePassword": {
    input: () => ({ currentPassword: PASSWORD, newPassword: "Changed@2026x", logoutOthers: true }),
    unscoped: true,
    expect: loggedIn,
    endsSession: true,
  },

  "card.mine": own,
  "card.sync": own,
  "card.reportLostDevice": own,
  "card.bindDevice": {
    input: async () => {
      const pair = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
        "sign",
        "verify",
      ])) as CryptoKeyPair;
      return { publicKey: Buffer.from(await crypto.subtle.exportKey("raw", pair.publicKey)).toString("base64url") };
    },
    unscoped: true,
    expect: loggedIn,
  },

  "dues.mine": own,
  "dues.receipt": {
    // a payment of another member of the organisation: the branch's dues officers (dues.view) only
    input: async (orgId, { t }) => {
      const db = t.services.deps.db;
      const memberId = await createMember(db, { name: "缴费样例", branchId: orgId });
      const payment = await db.duesPayment.create({
        data: {
          memberId,
          orgId,
          amountFen: 20,
          paidAt: new Date(),
          method: "ON_SITE",
          receiptNo: `R-${crypto.randomUUID()}`,
        },
      });
      return { paymentId: payment.id };
    },
    expect: canOn("dues.view"),
  },

  "orglife.mine": own,
  "orglife.checkIn": {
    // a meeting happening now in the organisation; the caller is on its list when it is their own branch
    input: async (orgId, ctx) => {
      const now = ctx.t.services.deps.now();
      const start = new Date(now.getTime() - 10 * 60_000);
      const mine = (await branchOf(ctx.persona, ctx)) === orgId;
      const expected = [ctx.region.members.carol, ...(mine ? [ctx.persona!.memberId!] : [])];
      const meeting = await ctx.t.services.deps.db.meeting.create({
        data: {
          orgId,
          type: "THEME_DAY",
          topic: "签到样例",
          plannedStart: start,
          plannedEnd: new Date(start.getTime() + 2 * 3_600_000),
          checkInSecret: "ABCD2345",
          orgs: { create: [{ orgId, isHost: true, confirmedAt: now }] },
          attendances: { create: expected.map((memberId) => ({ memberId, status: "ABSENT" as const })) },
        },
      });
      return { meetingId: meeting.id, proof: { kind: "meetingCode", code: "ABCD2345" } };
    },
    // only people on the meeting's list check in: the caller is on the list of its own branch's meeting
    expect: (p, target) => (!p.phone ? "UNAUTHORIZED" : personaBranch.get(p.name) === target ? "ok" : "FORBIDDEN"),
  },

  "school.myHours": own,
  "school.myCertificates": own,
  "school.verifyCertificate": { input: () => ({ code: "ZZ-NOPE-0000" }), unscoped: true, expect: anyone },
  "school.startExam": {
    input: async (_o, ctx) => ({ examId: (await examFixture(ctx)).examId }),
    unscoped: true,
    expect: loggedIn,
  },
  "school.attempt": { input: async (orgId, ctx) => ({ attemptId: await attemptFor(orgId, ctx) }), expect: ownAttempt },
  "school.submitAttempt": {
    input: async (orgId, ctx) => ({ attemptId: await attemptFor(orgId, ctx), answers: {} }),
    expect: ownAttempt,
  },
  "school.recordOfflineTraining": {
    input: async (orgId, { t }) => ({
      orgId,
      title: `样例集中培训 ${crypto.randomUUID().slice(0, 8)}`,
      kind: "HALF_DAY",
      heldOn: new Date(t.services.deps.now().getTime() - 86_400_000).toISOString().slice(0, 10),
      evidence: "签到表已存档",
      memberIds: [await createMember(t.services.deps.db, { name: "培训样例", branchId: orgId })],
    }),
    expect: canOn("meeting.manage", "school.manage"),
  },
  "school.decideOfflineTraining": {
    // recorded by the region's secretary, crediting someone else
    input: async (orgId, { t, region }) => {
      const db = t.services.deps.db;
      const recorder = await db.account.findUniqueOrThrow({ where: byPhone(region.phones.secretary) });
      const memberId = await createMember(db, { name: "待批样例", branchId: orgId });
      const training = await db.offlineTraining.create({
        data: {
          orgId,
          title: "待批培训",
          kind: "HALF_DAY",
          heldOn: new Date(t.services.deps.now().getTime() - 86_400_000),
          hours: 4,
          evidence: "签到表",
          recordedById: recorder.id,
          memberIds: [memberId],
        },
      });
      return { trainingId: training.id, approve: true };
    },
    expect: canOn("meeting.manage", "school.manage"),
  },
  // the offline-training pages: branch officers and the school; the required-course pages: senders of tasks and the school
  "school.organise.offlineScope": { ...own, expect: canSomewhere("meeting.manage", "school.manage") },
  "school.organise.trainings": { ...own, expect: canSomewhere("meeting.manage", "school.manage") },
  "school.organise.searchMembers": {
    input: () => ({ q: "样例" }),
    unscoped: true,
    expect: canSomewhere("meeting.manage", "school.manage"),
  },
  "school.organise.signEvidence": {
    input: () => ({ fileName: "签到表.jpg", contentType: "image/jpeg", sizeBytes: 1000 }),
    unscoped: true,
    expect: canSomewhere("meeting.manage", "school.manage"),
  },
  "school.organise.assignScope": { ...own, expect: canSomewhere("task.send", "school.manage") },
  "school.organise.assignments": { ...own, expect: canSomewhere("task.send", "school.manage") },
  "school.organise.assignableOrgs": { ...own, expect: canSomewhere("task.send", "school.manage") },

  "search.query": { input: () => ({ q: "支部" }), unscoped: true, expect: loggedIn },

  "tasks.detail": {
    // a task from the county to the organisation: its receivers (and the sender's staff) only
    input: async (orgId, { t, region }) => {
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
    },
    expect: canOn("branch.overview"),
  },
};

/** persona name → the branch it is a member of (filled by the matrix) */
export const personaBranch = new Map<string, "A" | "B">();
