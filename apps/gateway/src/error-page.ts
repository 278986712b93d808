// The page shown when a request fails outside React Router (or React Router itself fails):
// zh-CN text from the catalogue, no stack trace, no external assets.
import { t } from "@dangjian/core/messages";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `homeHref` is the home of the app the request was for, so "back" stays in that app. */
/** `message`: catalogue text to show instead of the status's own (e.g. which dependency is down). */
export function renderErrorPage(status: number, homeHref = "/branch/", message?: string): string {
  const notFound = status === 404;
  const tooLarge = status === 411 || status === 413;
  const title = notFound
    ? t("errorPage.notFoundTitle")
    : tooLarge
      ? t("errorPage.badRequestTitle")
      : t("errorPage.internalTitle");
  const text =
    message ??
    (notFound ? t("errorPage.notFoundMessage") : tooLarge ? t("error.payloadTooLarge") : t("error.internal"));
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="theme-color" content="#c8102e">
<title>${escapeHtml(title)} - ${escapeHtml(t("app.name"))}</title>
<style>
html{font-size:112.5%}body{margin:0;font-family:system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;line-height:1.6;color:#161616;background:#f5f4f1;border-top:5px solid #c8102e}
main{max-width:30rem;margin:2rem auto;padding:1.25rem 1rem;background:#fff;border:1px solid #cfcfcf;border-radius:10px}
h1{font-size:1.4rem;line-height:1.3;margin:0 0 .5rem;color:#9b0c24}p{margin:0 0 1rem}.code{color:#474747;font-size:.9rem}
a{display:inline-flex;align-items:center;min-height:48px;padding:.5rem 1.25rem;border:2px solid #5c5c5c;border-radius:8px;color:#161616;text-decoration:none;font-weight:700}
</style>
</head>
<body>
<main role="alert">
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(text)}</p>
<p class="code">${escapeHtml(t("errorPage.status", { status }))}</p>
<a href="${escapeHtml(homeHref)}">${escapeHtml(t("errorPage.backHome"))}</a>
</main>
</body>
</html>
`;
}
