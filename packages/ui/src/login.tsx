// The login form shared by the three apps. The app passes its router's Form component so that
// submissions go through its action (and still work as a plain POST before hydration).
import type { ElementType } from "react";
import { t } from "@dangjian/core/messages";
import type { AppId } from "./shell.tsx";
import { Button, ErrorPanel, Field } from "./primitives.tsx";

export interface LoginFormProps {
  app: AppId;
  /** The router's Form; defaults to a plain form element. */
  Form?: ElementType;
  /** Where the form posts; relative to the app (router Form) or absolute (plain form). */
  action?: string;
  identifier?: string;
  error?: string | null;
  next?: string | null;
  pending?: boolean;
}

export function LoginForm({ app, Form = "form", action, identifier, error, next, pending }: LoginFormProps) {
  return (
    <div className="dj-login">
      <h1>{t("login.heading", { app: t(`app.${app}`) })}</h1>
      <p className="dj-login__intro">{t("login.intro")}</p>
      {error ? <ErrorPanel title={t("login.failedTitle")} message={error} /> : null}
      <Form method="post" action={action} className="dj-form" noValidate>
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <Field
          label={t("login.identifier")}
          name="identifier"
          defaultValue={identifier ?? ""}
          autoComplete="username"
          inputMode="text"
          hint={t("login.identifierHint")}
          required
          autoFocus={!identifier}
        />
        <Field
          label={t("login.password")}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          autoFocus={Boolean(identifier)}
        />
        <Button type="submit" block disabled={pending}>
          {pending ? t("login.submitting") : t("login.submit")}
        </Button>
      </Form>
    </div>
  );
}
