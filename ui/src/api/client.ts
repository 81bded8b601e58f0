import type { ApiPath, Problem } from './types';
import { session } from '../auth/session';

/** An API failure with the problem+json detail (the sentence to show) and field errors when the input was bad. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;

  constructor(status: number, problem: Problem | null, fallback: string) {
    super(problem?.detail ?? problem?.title ?? fallback);
    this.status = status;
    this.problem = problem;
  }

  get fieldErrors(): Record<string, string[]> {
    return this.problem?.errors ?? {};
  }

  /** 404/405 on a route: the function is missing from this server (or the object is gone). */
  get notFound(): boolean {
    return this.status === 404 || this.status === 405;
  }
}

type Unauthorized = (reason: string) => void;
let onUnauthorized: Unauthorized = () => {};

/** The sign-in flow registers how a 401 sends the user back to it. */
export function setUnauthorizedHandler(handler: Unauthorized): void {
  onUnauthorized = handler;
}

/**
 * Fills a path template of the OpenAPI document (`/api/jobs/{id}`): only paths the API declares type-check.
 */
export function apiPath<P extends ApiPath>(template: P, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

/** A path of an endpoint that another branch is adding (not yet in the OpenAPI document). */
export function pendingPath(path: `/api/${string}`): string {
  return path;
}

export interface ApiResponse<T> {
  data: T;
  headers: Headers;
}

export async function request<T>(
  method: string,
  path: string,
  options: { body?: unknown; query?: Record<string, string | number | boolean | undefined | null>; signal?: AbortSignal; domain?: string | null } = {},
): Promise<ApiResponse<T>> {
  const { token, domain } = session.get();
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(options.query ?? {})) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers['x-api-key'] = token;
  const scope = options.domain !== undefined ? options.domain : domain;
  if (scope) headers['x-domain'] = scope;
  if (options.body !== undefined) headers['content-type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(url.pathname + url.search, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, null, 'The function app does not answer (network error).');
  }

  const text = await response.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    const problem = json && typeof json === 'object' ? (json as Problem) : null;
    const error = new ApiError(response.status, problem, `${method} ${url.pathname} answered ${response.status}`);
    if (response.status === 401) onUnauthorized(error.message);
    throw error;
  }
  return { data: json as T, headers: response.headers };
}

export const api = {
  get: <T>(path: string, query?: Record<string, string | number | boolean | undefined | null>, signal?: AbortSignal) =>
    request<T>('GET', path, { query, signal }).then((r) => r.data),
  getPage: <T>(path: string, query?: Record<string, string | number | boolean | undefined | null>, signal?: AbortSignal) =>
    request<T>('GET', path, { query, signal }).then((r) => ({ items: r.data, next: r.headers.get('x-next-cursor') })),
  post: <T>(path: string, body?: unknown, query?: Record<string, string | number | boolean | undefined>) =>
    request<T>('POST', path, { body, query }).then((r) => r.data),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }).then((r) => r.data),
  del: <T>(path: string, query?: Record<string, string | number | boolean | undefined>) =>
    request<T>('DELETE', path, { query }).then((r) => r.data),
};

/** URL for EventSource, which cannot send headers: the token and domain ride in the query (compat.md). */
export function streamUrl(path: string, query: Record<string, string | undefined> = {}): string {
  const { token, domain } = session.get();
  const params = new URLSearchParams();
  if (token) params.set('token', token);
  if (domain) params.set('domain', domain);
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  return `${path}?${params.toString()}`;
}
