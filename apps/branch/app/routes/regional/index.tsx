// 区域化党建: the region's needs and resources (searched through the platform's search, or by
// category), the organisation's projects, and the way to post a need or a resource.
import "@dangjian/core/messages/regional";
import { Form, Link } from "react-router";
import { t, type MessageKey } from "@dangjian/core/messages";
import { canAnywhere, SERVICE_CATEGORIES, type ServiceCategoryName } from "@dangjian/core";
import { AppShell, Badge, Button, Card, EmptyState, PageTitle, buttonClass, formatDay, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/index";
import { APP } from "../../lib/app.ts";
import { callApi, requireMe, shellUser } from "../../lib/session.server.ts";
import regionalCss from "../../styles/regional.css?url";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: regionalCss }];

export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("regional.title"), APP) }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const officer = canAnywhere(me.grants, "member.list");
  const url = new URL(request.url);
  const q = url.searchParams.get("q")?.trim().slice(0, 50) ?? "";
  const raw = url.searchParams.get("category") ?? "";
  const category = (SERVICE_CATEGORIES as readonly string[]).includes(raw) ? (raw as ServiceCategoryName) : undefined;
  const [lists, projects, found] = await Promise.all([
    callApi(request, () => context.api.regional.browse(category ? { category } : {})),
    callApi(request, () => context.api.regional.projects()),
    q
      ? callApi(request, () => context.api.search.query({ q, types: ["need", "resource"], pageSize: 20 }))
      : Promise.resolve(null),
  ]);
  return {
    user: shellUser(me),
    lists,
    projects,
    q,
    category: category ?? "",
    hits: found?.hits ?? null,
    officer: officer && me.branchId !== null,
    member: me.memberId !== null,
  };
}

export default function RegionalHome({ loaderData }: Route.ComponentProps) {
  const { lists, projects, q, category, hits } = loaderData;
  const canPost = lists.postAs.length > 0;
  return (
    <AppShell app={APP} user={loaderData.user}>
      <PageTitle
        title={t("regional.title")}
        subtitle={t("regional.intro")}
        actions={
          <>
            {canPost ? (
              <Link className={buttonClass("primary")} to="/regional/post?kind=need">
                {t("regional.postNeed")}
              </Link>
            ) : null}
            {canPost ? (
              <Link className={buttonClass("secondary")} to="/regional/post?kind=resource">
                {t("regional.postResource")}
              </Link>
            ) : null}
            {loaderData.officer ? (
              <Link className={buttonClass("secondary")} to="/regional/community">
                {t("regional.dual.link")}
              </Link>
            ) : null}
            {loaderData.officer ? (
              <Link className={buttonClass("secondary")} to="/regional/mobile">
                {t("regional.mobile.link")}
              </Link>
            ) : null}
            {loaderData.member ? (
              <Link className={buttonClass("secondary")} to="/regional/mine">
                {t("regional.dual.title")}
              </Link>
            ) : null}
            <Link className={buttonClass("secondary")} to="/">
              {t("common.back")}
            </Link>
          </>
        }
      />
      <div className="dj-stack">
        <Card>
          <Form method="get" className="rg-search" role="search">
            <label htmlFor="rg-q">{t("regional.searchLabel")}</label>
            <p className="dj-field__hint">{t("regional.searchHint")}</p>
            <div className="rg-row">
              <input id="rg-q" name="q" className="dj-input" defaultValue={q} maxLength={50} />
              <Button type="submit">{t("regional.searchSubmit")}</Button>
            </div>
          </Form>
          {hits ? (
            hits.length ? (
              <ul className="rg-list" aria-label={t("regional.searchLabel")}>
                {hits.map((h) => (
                  <li key={`${h.type}-${h.id}`} className="rg-item">
                    <Badge tone={h.type === "need" ? "party" : "ok"}>{t(`search.type.${h.type}` as MessageKey)}</Badge>{" "}
                    <Link to={h.url.replace(/^\/branch/, "")}>{h.title.map((piece) => piece.text).join("")}</Link>
                    {h.orgName ? <div className="dj-muted">{h.orgName}</div> : null}
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t("regional.searchNone", { q })}</p>
            )
          ) : null}
          <Form method="get" className="rg-row">
            <label htmlFor="rg-category" className="dj-visually-hidden">
              {t("regional.filterCategory")}
            </label>
            <select id="rg-category" name="category" className="dj-input" defaultValue={category}>
              <option value="">{t("regional.filterAll")}</option>
              {SERVICE_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`regional.category.${c}`)}
                </option>
              ))}
            </select>
            <Button type="submit" variant="secondary">
              {t("regional.filterSubmit")}
            </Button>
          </Form>
        </Card>

        <Card title={t("regional.needs")}>
          {lists.needs.length ? (
            <ul className="rg-list">
              {lists.needs.map((n) => (
                <li key={n.id} className="rg-item">
                  <Link to={`/regional/needs/${n.id}`}>
                    <strong>{n.title}</strong>
                  </Link>{" "}
                  <Badge tone="party">{t(`regional.category.${n.category}`)}</Badge>
                  <div className="dj-muted">
                    {n.org.name} · {n.place} · {t("regional.wanted", { from: formatDay(n.wantedFrom) })} ·{" "}
                    {t("regional.peopleNeeded", { people: n.people })}
                  </div>
                  <div className={n.waitedDays >= 30 ? "rg-waiting" : "dj-muted"}>
                    {t("regional.waitedDays", { days: n.waitedDays })}
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState message={t("regional.noNeeds")} />
          )}
        </Card>

        <Card title={t("regional.resources")}>
          {lists.resources.length ? (
            <ul className="rg-list">
              {lists.resources.map((r) => (
                <li key={r.id} className="rg-item">
                  <Link to={`/regional/resources/${r.id}`}>
                    <strong>{r.title}</strong>
                  </Link>{" "}
                  <Badge tone="ok">{t(`regional.category.${r.category}`)}</Badge>
                  <div className="dj-muted">
                    {r.org.name} · {t(`regional.kind.${r.kind}`)}
                    {r.capacity ? ` · ${t("regional.capacity", { capacity: r.capacity })}` : ""}
                  </div>
                  {r.limits ? <div className="dj-muted">{r.limits}</div> : null}
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState message={t("regional.noResources")} />
          )}
        </Card>

        <Card title={t("regional.projects")}>
          {projects.length ? (
            <ul className="rg-list">
              {projects.map((p) => (
                <li key={p.id} className="rg-item">
                  <Link to={`/regional/projects/${p.id}`}>
                    <strong>{p.title}</strong>
                  </Link>{" "}
                  <Badge tone={p.status === "ACTIVE" ? "ok" : "muted"}>{t(`regional.projectStatus.${p.status}`)}</Badge>
                  <div className="dj-muted">
                    {t("regional.projectParties", { holder: p.holderOrg.name, provider: p.providerOrg.name })}
                  </div>
                  {p.rating ? (
                    <div>
                      {t("regional.ratingLabel")}：{t(`regional.rating.${p.rating}`)}
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState message={t("regional.noProjects")} />
          )}
        </Card>
      </div>
    </AppShell>
  );
}
