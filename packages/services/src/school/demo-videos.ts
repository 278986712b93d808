// The demo lessons' videos (ADR 0804): which demo lessons still need one, and on whose behalf
// they are uploaded — the demo region's school administrator, through the same upload use cases
// as a person at /school/admin (startUpload → presigned parts → completeUpload → uploadCaptions).
// System work for the worker; it only ever touches the lessons named in the seed's list.
import { DEMO_VIDEO_LESSONS, demoCaptionsVtt, type DemoVideoLesson } from "@dangjian/seed/demo-videos";
import { DEMO_ROOT } from "@dangjian/seed/demo-accounts";
import { actorWithoutSession, type Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";

export interface DemoVideoWork {
  actor: Actor;
  lessons: Array<
    Pick<DemoVideoLesson, "seconds" | "pattern" | "toneHz"> & { lessonId: string; title: string; vtt: string }
  >;
}

/**
 * The demo lessons without a playable or pending video (none, or a failed one), with the school
 * administrator's actor; null when the demo region or its administrator is absent.
 */
export async function demoVideoWork(deps: ServiceDeps): Promise<DemoVideoWork | null> {
  const grant = await deps.db.roleGrant.findFirst({
    where: {
      role: "SCHOOL_ADMIN",
      account: { active: true },
      org: { name: DEMO_ROOT.name, regionCode: DEMO_ROOT.regionCode, parentId: null },
    },
    orderBy: { accountId: "asc" },
    include: { account: { select: { id: true, displayName: true } } },
  });
  if (!grant) return null;
  const grants = await deps.db.roleGrant.findMany({
    where: { accountId: grant.accountId },
    include: { org: { select: { name: true, ancestorIds: true, depth: true } } },
  });
  const actor = actorWithoutSession({
    accountId: grant.account.id,
    sessionId: "demo-videos",
    displayName: grant.account.displayName,
    grants: grants
      .sort((a, b) => a.org.depth - b.org.depth)
      .map((g) => ({ role: g.role, orgId: g.orgId, orgName: g.org.name, orgAncestorIds: g.org.ancestorIds })),
  });
  const lessons = await deps.db.lesson.findMany({
    where: { kind: "VIDEO", title: { in: DEMO_VIDEO_LESSONS.map((l) => l.lessonTitle) } },
    select: { id: true, title: true, videoAsset: { select: { status: true } } },
  });
  const todo = lessons.filter((l) => !l.videoAsset || l.videoAsset.status === "FAILED");
  return {
    actor,
    lessons: DEMO_VIDEO_LESSONS.flatMap((demo) =>
      todo
        .filter((l) => l.title === demo.lessonTitle)
        .map((l) => ({
          lessonId: l.id,
          title: l.title,
          seconds: demo.seconds,
          pattern: demo.pattern,
          toneHz: demo.toneHz,
          vtt: demoCaptionsVtt(demo),
        })),
    ),
  };
}
