import { ERRORS, type ErrorCode, type Locale } from '@fupin/domain';

/** Cookie that carries the CSRF token the server expects back in `x-csrf-token`. */
const CSRF_COOKIE = 'fupin_csrf';
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** An error answered by the API (or a network failure, status 0), with its domain code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly serverMessage: string,
    readonly requestId: string | undefined,
    /** `error.details` of the body (e.g. the failed checks of a 422), unparsed. */
    readonly details: unknown = undefined,
  ) {
    super(`${code}: ${serverMessage}`);
    this.name = 'ApiError';
  }

  /** True when the request never reached the server. */
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

/** Whether a value names one of the codes in the shared error table. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERRORS, value);
}

/** The code to assume when a response carries no (known) code. */
function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 500 || status === 0) return 'INTERNAL';
  return 'BAD_REQUEST';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Reads `{ error: { code, message, requestId, details } }`, tolerating other bodies. */
export function parseApiError(status: number, body: unknown): ApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const code = error && isErrorCode(error.code) ? error.code : codeForStatus(status);
  const message = error && typeof error.message === 'string' ? error.message : ERRORS[code].en;
  const requestId = error && typeof error.requestId === 'string' ? error.requestId : undefined;
  return new ApiError(status, code, message, requestId, error?.details);
}

let currentLocale: Locale = 'zh-CN';
let csrfFallback: string | undefined;
const unauthenticatedListeners = new Set<() => void>();

/** The language the server should answer errors in. */
export function setApiLocale(locale: Locale): void {
  currentLocale = locale;
}

/** Remembers the token from login / me, used when the cookie cannot be read. */
export function setCsrfToken(token: string | undefined): void {
  csrfFallback = token;
}

/** Called whenever a request is refused because the session is gone. */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export type QueryValue = string | number | boolean | undefined | null;

/** Builds `?a=1&b=2`, leaving out empty values. */
export function toQuery(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface RequestOptions {
  body?: unknown;
  /** A multipart body (file uploads), sent as it is instead of `body`. */
  form?: FormData;
  signal?: AbortSignal;
  /** Do not broadcast a 401 (the login and session probes expect it). */
  quietUnauthenticated?: boolean;
}

/** Sends one API request and returns its JSON body; throws `ApiError` on failure. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-language': currentLocale,
  };
  if (options.body !== undefined && !options.form) headers['content-type'] = 'application/json';
  if (MUTATING.has(method)) {
    const token = readCookie(CSRF_COOKIE) ?? csrfFallback;
    if (token) headers['x-csrf-token'] = token;
  }

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'INTERNAL', cause instanceof Error ? cause.message : 'network error', undefined);
  }

  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }

  if (!response.ok) {
    const error = parseApiError(response.status, body);
    if (error.code === 'UNAUTHENTICATED' && !options.quietUnauthenticated) {
      for (const listener of unauthenticatedListeners) listener();
    }
    throw error;
  }
  // Trust boundary: the server's schemas (docs/API.md) define these bodies.
  return body as T;
}

/** True for the error `fetch` throws when its AbortSignal fires. */
export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
