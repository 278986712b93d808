import { Link } from "react-router";
import { t } from "@dangjian/core/messages";
import { AppShell, EmptyState, PageTitle, buttonClass, minutesFromSeconds, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/home";
import { APP } from "../lib/app.ts";
import { callApi, requireMe, shellUser } from "../lib/session.server.ts";
import { SchoolNav, navFor } from "../components/school-nav.tsx";

export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("school.homeTitle"), APP) }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const catalogue = await callApi(request, () => context.api.school.catalogue());
  const selected = new URL(request.url).searchParams.get("category") || null;
  const counts = catalogue.categories.map((category) => ({
    category,
    count: catalogue.courses.filter((course) => course.category === category).length,
  }));
  const courses = selected ? catalogue.courses.filter((course) => course.category === selected) : catalogue.courses;
  return {
    user: shellUser(me),
    nav: navFor(me),
    categories: counts,
    selected,
    courses,
    total: catalogue.courses.length,
  };
}

type LoaderData = Route.ComponentProps["loaderData"];
type Course = LoaderData["courses"][number];

function categoryHref(category: string | null) {
  return category ? { pathname: "/", search: `?category=${encodeURIComponent(category)}` } : "/";
}

function CourseCard({ course }: { course: Course }) {
  return (
    <li>
      <article className="dj-card dj-course">
        <h3>
          <Link to={`/courses/${course.id}`}>{course.title}</Link>
        </h3>
        <p className="dj-course__summary">{course.summary ?? t("school.courseNoSummary")}</p>
        <p className="dj-course__meta">
          <span>{t("school.courseLessons", { count: course.lessonCount })}</span>
          <span>{t("school.courseDuration", { minutes: minutesFromSeconds(course.totalDurationSec) })}</span>
        </p>
      </article>
    </li>
  );
}

function CourseList({ courses }: { courses: ReadonlyArray<Course> }) {
  return (
    <ul className="dj-courses">
      {courses.map((course) => (
        <CourseCard key={course.id} course={course} />
      ))}
    </ul>
  );
}

export default function SchoolHome({ loaderData }: Route.ComponentProps) {
  const { categories, selected, courses, total } = loaderData;
  return (
    <AppShell app={APP} user={loaderData.user}>
      <SchoolNav current="catalogue" nav={loaderData.nav} />
      <PageTitle title={t("school.homeTitle")} subtitle={t("school.homeIntro")} />
      {total === 0 ? (
        <EmptyState title={t("school.emptyTitle")} message={t("school.emptyCatalogue")} />
      ) : (
        <>
          <nav aria-label={t("school.filterLabel")}>
            <ul className="dj-chips">
              <li>
                <Link to={categoryHref(null)} aria-current={selected === null ? "true" : undefined}>
                  {t("school.filterCount", { category: t("school.filterAll"), count: total })}
                </Link>
              </li>
              {categories.map(({ category, count }) => (
                <li key={category}>
                  <Link to={categoryHref(category)} aria-current={selected === category ? "true" : undefined}>
                    {t("school.filterCount", { category, count })}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          {selected !== null ? (
            courses.length > 0 ? (
              <section className="dj-section" aria-labelledby="selected-category">
                <h2 id="selected-category" className="dj-section-title">
                  {selected}
                </h2>
                <CourseList courses={courses} />
              </section>
            ) : (
              <EmptyState title={t("school.emptyTitle")} message={t("school.emptyMessage")}>
                <Link className={buttonClass("secondary")} to="/">
                  {t("school.filterAll")}
                </Link>
              </EmptyState>
            )
          ) : (
            categories
              .filter(({ count }) => count > 0)
              .map(({ category }, index) => (
                <section key={category} className="dj-section" aria-labelledby={`category-${index}`}>
                  <h2 id={`category-${index}`} className="dj-section-title">
                    {category}
                  </h2>
                  <CourseList courses={courses.filter((course) => course.category === category)} />
                </section>
              ))
          )}
        </>
      )}
    </AppShell>
  );
}
