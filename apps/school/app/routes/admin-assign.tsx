// 必修课程指派: a committee (or the school) makes a published course required for an
// organisation's subtree, or only for its branch secretaries or committee members, with a due
// date; the list shows each assignment's completion counts (never a ranking of people).
import { data } from "react-router";
import { t } from "@dangjian/core/messages";
import { AppShell, Card, EmptyState, Field, PageTitle, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/admin-assign";
import { APP } from "../lib/app.ts";
import { actionError, callApi, requireMe, shellUser } from "../lib/session.server.ts";
import { Meter, SchoolNav, navFor } from "../components/school-nav.tsx";

export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("school.assign.title"), APP) }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const [list, orgs, catalogue] = await callApi(request, () =>
    Promise.all([
      context.api.school.organise.assignments(),
      context.api.school.organise.assignableOrgs(),
      context.api.school.catalogue({}),
    ]),
  );
  return {
    user: shellUser(me),
    nav: navFor(me),
    list,
    orgs,
    courses: catalogue.courses.map((c) => ({ id: c.id, title: c.title })),
  };
}

const text = (form: FormData, key: string) => String(form.get(key) ?? "").trim();
const ROLES = ["ALL", "BRANCH_SECRETARY", "BRANCH_COMMITTEE"] as const;

export async function action({ context, request }: Route.ActionArgs) {
  const form = await request.formData();
  const fail = (error: string, status = 400) => data({ ok: false as const, error }, { status });
  const courseId = text(form, "courseId");
  const orgId = text(form, "orgId");
  const role = text(form, "role");
  const dueOn = text(form, "dueOn");
  if (!courseId) return fail(t("school.assign.error.course"));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dueOn)) return fail(t("school.assign.error.due"));
  if (!(ROLES as readonly string[]).includes(role)) return fail(t("error.badInput", { detail: "role" }));
  try {
    await context.api.school.assignCourse({
      courseId,
      orgId,
      dueOn,
      onlyRole: role === "ALL" ? undefined : (role as "BRANCH_SECRETARY" | "BRANCH_COMMITTEE"),
    });
    return { ok: true as const, error: null };
  } catch (error) {
    return actionError(error, request, { ok: false as const });
  }
}

export default function AssignPage({ loaderData, actionData }: Route.ComponentProps) {
  const { list, orgs, courses } = loaderData;
  return (
    <AppShell app={APP} user={loaderData.user}>
      <SchoolNav current="assign" nav={loaderData.nav} />
      <PageTitle title={t("school.assign.title")} />
      <p className="sc-lead">{t("school.assign.intro")}</p>
      <p className="dj-muted">{t("school.assign.scopeOrg", { org: list.scope.orgName })}</p>
      {actionData?.error ? (
        <p className="sc-notice" role="alert">
          {actionData.error}
        </p>
      ) : actionData?.ok ? (
        <p className="sc-ok" role="status">
          {t("school.assign.saved")}
        </p>
      ) : null}
      <Card title={t("school.assign.title")}>
        {courses.length === 0 ? (
          <EmptyState message={t("school.assign.noCourses")} />
        ) : (
          <form method="post" className="sc-form sc-assign-form">
            <label className="dj-field">
              <span>{t("school.assign.course")}</span>
              <select name="courseId" required defaultValue="">
                <option value="" disabled>
                  {t("school.assign.choose")}
                </option>
                {courses.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.title}
                  </option>
                ))}
              </select>
            </label>
            <label className="dj-field">
              <span>{t("school.assign.org")}</span>
              <select name="orgId" defaultValue={orgs[0]?.id}>
                {orgs.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="dj-field">
              <span>{t("school.assign.role")}</span>
              <select name="role" defaultValue="ALL">
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`school.assign.role.${r}`)}
                  </option>
                ))}
              </select>
            </label>
            <Field label={t("school.assign.due")} name="dueOn" type="date" required />
            <button type="submit" className="dj-btn dj-btn--primary">
              {t("school.assign.submit")}
            </button>
          </form>
        )}
      </Card>
      <Card title={t("school.assign.list")}>
        {list.assignments.length === 0 ? (
          <EmptyState message={t("school.assign.empty")} />
        ) : (
          <ul className="sc-list sc-assign-list">
            {list.assignments.map((a) => (
              <li key={a.id} data-course-title={a.courseTitle}>
                <strong>{a.courseTitle}</strong>
                <small>
                  {t("school.assign.item", {
                    org: a.orgName,
                    role: t(`school.assign.role.${(a.onlyRole ?? "ALL") as (typeof ROLES)[number]}`),
                    due: a.dueOn,
                  })}
                  {a.overdue ? ` · ${t("school.assign.overdue")}` : ""}
                </small>
                <Meter
                  percent={a.percent}
                  ok={a.percent >= 100}
                  label={t("school.assign.counts", { completed: a.completed, members: a.members, percent: a.percent })}
                />
                <small>
                  {t("school.assign.counts", { completed: a.completed, members: a.members, percent: a.percent })}
                </small>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </AppShell>
  );
}
