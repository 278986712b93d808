// Showing figures: a table that turns into stacked rows on a phone, a description list,
// and a horizontal bar chart in plain CSS (no chart library: pages must stay light).
import type { ReactNode } from "react";
import { t } from "@dangjian/core/messages";

export interface Column<Row> {
  key: string;
  header: string;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
}

export interface DataTableProps<Row> {
  caption: string;
  /** Hide the caption visually (it stays for screen readers) when a card title says the same. */
  captionHidden?: boolean;
  columns: ReadonlyArray<Column<Row>>;
  rows: ReadonlyArray<Row>;
  rowKey: (row: Row) => string;
}

/** On narrow screens each row becomes a block with "header: value" lines (data-label). */
export function DataTable<Row>({ caption, captionHidden, columns, rows, rowKey }: DataTableProps<Row>) {
  return (
    <table className="dj-table">
      <caption className={captionHidden ? "dj-visually-hidden" : undefined}>{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.key} scope="col" className={column.numeric ? "dj-num" : undefined}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)}>
            {columns.map((column) => (
              <td key={column.key} data-label={column.header} className={column.numeric ? "dj-num" : undefined}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface DetailItem {
  label: string;
  value: ReactNode;
}

/** Label / value pairs, two columns when there is room. */
export function DetailList({ items, className }: { items: ReadonlyArray<DetailItem>; className?: string }) {
  return (
    <dl className={className ? `dj-details ${className}` : "dj-details"}>
      {items.map((item) => (
        <div key={item.label} className="dj-details__row">
          <dt>{item.label}</dt>
          <dd>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export interface BarDatum {
  key: string;
  label: string;
  value: number;
}

export interface BarChartProps {
  items: ReadonlyArray<BarDatum>;
  /** Formats the figure after each label, e.g. (n) => t("common.people", { count: n }). */
  format?: (value: number) => string;
  /** Shown as the accessible name of the list. */
  label: string;
}

/**
 * Horizontal bars. The numbers are real text (read aloud, copyable); the bars are decoration
 * scaled to the largest value, with the share of the total after the figure.
 */
export function BarChart({ items, format = String, label }: BarChartProps) {
  const max = Math.max(0, ...items.map((item) => item.value));
  const total = items.reduce((sum, item) => sum + item.value, 0);
  return (
    <ul className="dj-bars" aria-label={label}>
      {items.map((item) => {
        const width = max > 0 ? (item.value / max) * 100 : 0;
        const percent = total > 0 ? Math.round((item.value / total) * 100) : 0;
        return (
          <li key={item.key} className="dj-bars__item">
            <div className="dj-bars__text">
              <span className="dj-bars__label">{item.label}</span>
              <span className="dj-bars__value">{t("common.share", { part: format(item.value), percent })}</span>
            </div>
            <div className="dj-bars__track" aria-hidden="true">
              <div className="dj-bars__fill" style={{ width: `${width.toFixed(1)}%` }} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}

export interface PagerProps {
  page: number;
  pages: number;
  /** the address of a page (keeps the page's other query parameters) */
  href: (page: number) => string;
  label?: string;
}

/** Previous / next links with "page n of m"; nothing when everything fits on one page. */
export function Pager({ page, pages, href, label }: PagerProps) {
  if (pages <= 1) return null;
  return (
    <nav className="dj-pager" aria-label={label ?? t("common.pager")}>
      {page > 1 ? (
        <a className="dj-btn dj-btn--secondary dj-btn--small" href={href(page - 1)} rel="prev">
          {t("common.pagePrev")}
        </a>
      ) : null}
      <span className="dj-muted">{t("common.pageOf", { page, pages })}</span>
      {page < pages ? (
        <a className="dj-btn dj-btn--secondary dj-btn--small" href={href(page + 1)} rel="next">
          {t("common.pageNext")}
        </a>
      ) : null}
    </nav>
  );
}

/** The page number a list page was asked for (?page=), within 1…max. */
export function pageParam(url: URL, max = 1000): number {
  const n = Number(url.searchParams.get("page") ?? "1");
  return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : 1;
}

/** The same address with another page number. */
export function withPage(url: URL, page: number): string {
  const next = new URL(url);
  next.searchParams.set("page", String(page));
  return `${next.pathname}${next.search}`;
}
