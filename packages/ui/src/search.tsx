// The search box in every app's header: results as you type (debounced), marked words, facets by
// type, organisation and year, keyboard (↑ ↓ Enter Esc) and 360 px friendly. It calls the
// search.query procedure from the browser (GET /api/trpc, the session cookie); the scope is
// decided on the server. docs/decisions/0601-search-engines.md
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { t, type MessageKey } from "@dangjian/core/messages";
import type { AppId } from "./app-id.ts";

interface Piece {
  text: string;
  hit: boolean;
}
interface Hit {
  type: string;
  id: string;
  title: Piece[];
  snippet: Piece[];
  orgName: string | null;
  year: number | null;
  url: string;
}
interface Facet {
  value: string;
  label: string;
  count: number;
}
interface Result {
  hits: Hit[];
  total: number;
  /** more matches than `total` (the engines' bound): "1,000+", facet counts cover only those */
  totalCapped?: boolean;
  /** the facets' counts cover only the first 1,000 matches (values shown without counts) */
  facetsCapped?: boolean;
  page: number;
  facets: { type: Facet[]; org: Facet[]; year: Facet[] };
}
interface Filters {
  types?: string[];
  orgId?: string;
  year?: number;
}

function omit(filters: Filters, key: keyof Filters): Filters {
  const copy = { ...filters };
  delete copy[key];
  return copy;
}

const DEBOUNCE_MS = 250;
const PAGE_SIZE = 8;
const MAX_CHARS = 64;

async function fetchResults(q: string, filters: Filters, page: number, signal: AbortSignal): Promise<Result> {
  const input = { json: { q, page, pageSize: PAGE_SIZE, ...filters } };
  const response = await fetch(`/api/trpc/search.query?input=${encodeURIComponent(JSON.stringify(input))}`, {
    signal,
    credentials: "same-origin",
    headers: { accept: "application/json" },
  });
  const body = (await response.json().catch(() => null)) as {
    result?: { data?: { json?: Result } };
    error?: { json?: { message?: string } };
  } | null;
  if (!response.ok || !body?.result?.data?.json) throw new Error(body?.error?.json?.message ?? t("search.failed"));
  return body.result.data.json;
}

function Marked({ pieces }: { pieces: Piece[] }) {
  return <>{pieces.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</>;
}

function typeLabel(type: string): string {
  return t(`search.type.${type}` as MessageKey);
}

export function SearchBox({ app }: { app: AppId }) {
  const id = useId();
  const [q, setQ] = useState("");
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<Result | null>(null);
  const [hits, setHits] = useState<Hit[]>([]);
  const [state, setState] = useState<"idle" | "loading" | "done" | "error">("idle");
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const rootRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const query = q.trim();
    if (!query) {
      setResult(null);
      setHits([]);
      setState("idle");
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setState("loading");
      fetchResults(query, filters, page, controller.signal).then(
        (r) => {
          setResult(r);
          setHits((previous) => (page > 1 ? [...previous, ...r.hits] : r.hits));
          setState("done");
          setError(null);
          if (page === 1) setActive(-1);
        },
        (e: Error) => {
          if (controller.signal.aborted) return;
          setError(e.message || t("search.failed"));
          setState("error");
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q, filters, page]);

  useEffect(() => {
    const onDown = (event: MouseEvent) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, []);

  const changeFilters = (next: Filters) => {
    setFilters(next);
    setPage(1);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Escape") {
      if (open) setOpen(false);
      else setQ("");
      return;
    }
    if (event.key === "ArrowDown" && hits.length > 0) {
      event.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(hits.length - 1, i + 1));
    } else if (event.key === "ArrowUp" && hits.length > 0) {
      event.preventDefault();
      setActive((i) => Math.max(0, i - 1));
    } else if (event.key === "Enter") {
      event.preventDefault();
      const target = hits[active >= 0 ? active : 0];
      if (target) window.location.assign(target.url);
    }
  };

  const listId = `${id}-results`;
  const showPanel = open && q.trim().length > 0;
  const filtered = Boolean(filters.types?.length || filters.orgId || filters.year);
  return (
    <div className="dj-search" ref={rootRef} role="search">
      <label htmlFor={`${id}-q`} className="dj-visually-hidden">
        {t("search.label")}
      </label>
      <div className="dj-search__field">
        <input
          id={`${id}-q`}
          className="dj-search__input"
          type="search"
          inputMode="search"
          autoComplete="off"
          enterKeyHint="search"
          maxLength={MAX_CHARS}
          placeholder={t(app === "school" ? "search.placeholderSchool" : "search.placeholder")}
          value={q}
          role="combobox"
          aria-expanded={showPanel}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={active >= 0 ? `${id}-hit-${active}` : undefined}
          onChange={(e) => {
            setQ(e.target.value);
            setPage(1);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onKeyDown={onKeyDown}
        />
        {q ? (
          <button
            type="button"
            className="dj-search__clear"
            aria-label={t("search.clear")}
            onClick={() => {
              setQ("");
              changeFilters({});
            }}
          >
            ×
          </button>
        ) : null}
      </div>
      {showPanel ? (
        <div className="dj-search__panel" aria-live="polite">
          {state === "loading" && hits.length === 0 ? (
            <p className="dj-search__status">{t("search.searching")}</p>
          ) : null}
          {state === "error" ? (
            <p className="dj-search__status dj-search__status--error" role="alert">
              {error}
            </p>
          ) : null}
          {result && (result.facets.type.length > 1 || filtered) ? (
            <div className="dj-search__facets">
              <FacetRow
                label={t("search.facetType")}
                facets={result.facets.type.map((f) => ({ ...f, label: typeLabel(f.value) }))}
                selected={filters.types?.[0]}
                counts={!result.totalCapped && !result.facetsCapped}
                onSelect={(v) => changeFilters({ ...filters, types: v ? [v] : [] })}
              />
              {result.facets.org.length > 1 || filters.orgId ? (
                <FacetRow
                  label={t("search.facetOrg")}
                  facets={result.facets.org}
                  counts={!result.totalCapped && !result.facetsCapped}
                  selected={filters.orgId}
                  onSelect={(v) => changeFilters(v ? { ...filters, orgId: v } : omit(filters, "orgId"))}
                />
              ) : null}
              {result.facets.year.length > 1 || filters.year ? (
                <FacetRow
                  label={t("search.facetYear")}
                  facets={result.facets.year.map((f) => ({ ...f, label: t("search.yearLabel", { year: f.value }) }))}
                  selected={filters.year ? String(filters.year) : undefined}
                  counts={!result.totalCapped && !result.facetsCapped}
                  onSelect={(v) => changeFilters(v ? { ...filters, year: Number(v) } : omit(filters, "year"))}
                />
              ) : null}
            </div>
          ) : null}
          {state !== "error" && result && result.total === 0 ? (
            <p className="dj-search__status">
              {filtered ? t("search.noResultsFiltered") : t("search.noResults", { q: q.trim() })}
            </p>
          ) : null}
          {result && result.total > 0 ? (
            <p className="dj-search__total" data-testid="search-total">
              {result.totalCapped
                ? t("search.totalCapped", { total: result.total.toLocaleString("zh-CN") })
                : t("search.total", { total: result.total.toLocaleString("zh-CN") })}
            </p>
          ) : null}
          {result?.totalCapped ? <p className="dj-search__status">{t("search.cappedHint")}</p> : null}
          <ul className="dj-search__results" id={listId} role="listbox" aria-label={t("search.label")}>
            {hits.map((hit, i) => (
              <li
                key={`${hit.type}-${hit.id}`}
                id={`${id}-hit-${i}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? "is-active" : undefined}
              >
                <a href={hit.url} className="dj-search__hit">
                  <span className="dj-search__type">{typeLabel(hit.type)}</span>
                  <span className="dj-search__title">
                    <Marked pieces={hit.title} />
                  </span>
                  {hit.snippet.length > 0 ? (
                    <span className="dj-search__snippet">
                      <Marked pieces={hit.snippet} />
                    </span>
                  ) : null}
                  {hit.orgName || hit.year ? (
                    <span className="dj-search__meta">
                      {[hit.orgName, hit.year ? t("search.yearLabel", { year: hit.year }) : null]
                        .filter(Boolean)
                        .join(" · ")}
                    </span>
                  ) : null}
                </a>
              </li>
            ))}
          </ul>
          {result && hits.length < result.total ? (
            <button
              type="button"
              className="dj-btn dj-btn--secondary dj-search__more"
              onClick={() => setPage((p) => p + 1)}
              disabled={state === "loading"}
            >
              {t("search.more")}
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function FacetRow({
  label,
  facets,
  selected,
  onSelect,
  counts = true,
}: {
  label: string;
  facets: Facet[];
  selected: string | undefined;
  onSelect: (value: string | null) => void;
  counts?: boolean;
}) {
  return (
    <div className="dj-search__facet" role="group" aria-label={label}>
      <span className="dj-search__facet-label">{label}</span>
      <button type="button" className="dj-chip" aria-pressed={!selected} onClick={() => onSelect(null)}>
        {t("search.facetAll")}
      </button>
      {facets.map((f) => (
        <button
          key={f.value}
          type="button"
          className="dj-chip"
          aria-pressed={selected === f.value}
          onClick={() => onSelect(selected === f.value ? null : f.value)}
        >
          {counts ? `${f.label}（${f.count}）` : f.label}
        </button>
      ))}
    </div>
  );
}
