import type { RestRequest } from './rest-router.js';

export interface PageOptions {
  defaultPerPage?: number;
  maxPerPage?: number;
}

export interface Page<T> {
  items: T[];
  /** absent when everything fits on one page, like GitHub */
  link?: string;
  page: number;
  perPage: number;
}

function positiveInt(text: string | null, fallback: number): number {
  const n = text === null ? NaN : Number.parseInt(text, 10);
  return Number.isFinite(n) && n >= 1 ? n : fallback;
}

/**
 * `per_page` (default 30, at most 100) and `page`, with a `Link` header of absolute URLs in
 * GitHub's order (prev, next, last, first), so `octokit.paginate` can follow `rel="next"`.
 * https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api
 */
export function paginate<T>(all: T[], req: RestRequest, o: PageOptions = {}): Page<T> {
  const perPage = Math.min(positiveInt(req.query.get('per_page'), o.defaultPerPage ?? 30), o.maxPerPage ?? 100);
  const page = positiveInt(req.query.get('page'), 1);
  const items = all.slice((page - 1) * perPage, page * perPage);
  const last = Math.max(1, Math.ceil(all.length / perPage));
  const link = linkHeader(req.url, page, last);
  return link ? { items, link, page, perPage } : { items, page, perPage };
}

export function linkHeader(url: URL, page: number, last: number): string | undefined {
  const to = (n: number, rel: string): string => {
    const target = new URL(url);
    target.searchParams.set('page', String(n));
    return `<${target.toString()}>; rel="${rel}"`;
  };
  const parts: string[] = [];
  if (page > 1) parts.push(to(Math.min(page - 1, last), 'prev'));
  if (page < last) parts.push(to(page + 1, 'next'), to(last, 'last'));
  if (page > 1) parts.push(to(1, 'first'));
  return parts.length > 0 ? parts.join(', ') : undefined;
}

export function pageHeaders(page: Page<unknown>): Record<string, string> {
  return page.link ? { link: page.link } : {};
}
