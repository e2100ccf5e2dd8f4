/**
 * What the fetchers of each API product (VPC, ECS) share: the calls the account gives them, when paging ends, and how a
 * plain value is read from a response. No `vscode` import.
 */
import type * as $dara from '@darabonba/typescript';

/** Most pages any listing reads (a service that never ends its paging). */
export const MAX_PAGES = 1000;

/** What a fetcher needs from the account: one gated, retried, cancellable call on a `Client`, and the call's context. */
export interface ProductCalls<Client> {
  regionId: string;
  host: string;
  call<T>(action: string, signal: AbortSignal | undefined, fn: (c: Client) => Promise<T>): Promise<T>;
  runtime(): $dara.RuntimeOptions;
  log(line: string): void;
}

/** Page-number paging ends when the pages hold `total` items, a page is empty, or after MAX_PAGES pages. */
export function lastPage(seen: number, onPage: number, total: number, page: number): boolean {
  return seen >= total || onPage === 0 || page >= MAX_PAGES;
}

/** A response's string, number or boolean as text; an empty string or anything else is absent. */
export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}
