// Lists are paged (issue 13 defect 4): no use case returns a whole subtree. A page holds at most
// PAGE_SIZE_MAX rows; pages past PAGE_MAX are refused (nobody reads that far: drill down to a
// smaller organisation, or search). Committees get counts per organisation below them, not rows.
export const PAGE_SIZE_MAX = 100;
export const PAGE_SIZE_DEFAULT = 50;
export const PAGE_MAX = 1000;

export interface PageRequest {
  page?: number | undefined;
  pageSize?: number | undefined;
}

export interface PageWindow {
  page: number;
  pageSize: number;
  skip: number;
  take: number;
}

/** The window a request asks for, clamped to the limits (callers below the API edge get the same bounds). */
export function pageWindow(request: PageRequest = {}): PageWindow {
  const pageSize = Math.min(
    PAGE_SIZE_MAX,
    Math.max(1, Math.floor(request.pageSize ?? PAGE_SIZE_DEFAULT) || PAGE_SIZE_DEFAULT),
  );
  const page = Math.min(PAGE_MAX, Math.max(1, Math.floor(request.page ?? 1) || 1));
  return { page, pageSize, skip: (page - 1) * pageSize, take: pageSize };
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** What a paged answer says about itself. */
export interface PageInfo {
  page: number;
  pageSize: number;
  total: number;
  pages: number;
}

export function pageInfo(window: PageWindow, total: number): PageInfo {
  return { page: window.page, pageSize: window.pageSize, total, pages: pageCount(total, window.pageSize) };
}
