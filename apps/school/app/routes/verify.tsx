// Public: anyone may check a certificate's code, without logging in.
import { t } from "@dangjian/core/messages";
import { AppShell, Card, Field, PageTitle, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/verify";
import { APP } from "../lib/app.ts";

export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("exams.verify.title"), APP) }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const code = (new URL(request.url).searchParams.get("code") ?? "").slice(0, 40);
  const result = code ? await context.api.school.verifyCertificate({ code }) : null;
  return { code, result };
}

export default function VerifyPage({ loaderData }: Route.ComponentProps) {
  const { code, result } = loaderData;
  return (
    <AppShell app={APP} user={null}>
      <PageTitle title={t("exams.verify.title")} subtitle={t("exams.verify.intro")} />
      <Card>
        <form method="get" className="sc-form">
          <Field
            label={t("exams.verify.code")}
            name="code"
            defaultValue={code}
            autoComplete="off"
            placeholder="DJ-XXXX-XXXX-XXXX"
          />
          <button type="submit" className="dj-btn dj-btn--primary">
            {t("exams.verify.submit")}
          </button>
        </form>
      </Card>
      {result ? (
        result.found ? (
          <Card>
            <p className={result.revoked ? "sc-notice" : "sc-ok"} data-testid="verify-result">
              {result.revoked ? t("exams.verify.revoked") : t("exams.verify.valid")}
            </p>
            <p>{t("exams.verify.holder", { name: result.holder })}</p>
            <p>{t("exams.verify.course", { title: result.title })}</p>
            <p>{t("exams.verify.issued", { date: result.issuedOn })}</p>
            {result.scorePercent !== null ? <p>{t("exams.verify.score", { score: result.scorePercent })}</p> : null}
            <p className="sc-code">{result.code}</p>
          </Card>
        ) : (
          <p className="sc-notice" role="alert" data-testid="verify-result">
            {t("exams.verify.notFound", { code: result.code })}
          </p>
        )
      ) : null}
    </AppShell>
  );
}
