// @ts-check
/**
 * The dashboard's only door to the service: the public API with a short-lived token.
 * The API key is sent once, to exchange it for a token, and is never kept; the token
 * lives in sessionStorage (gone when the tab closes) so a reload keeps the session.
 */

const SESSION = 'synor.session';

/** An error the API answered with its typed body, or a network failure in the same shape. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} type
   * @param {string} message
   * @param {string | undefined} requestId
   */
  constructor(status, type, message, requestId) {
    super(message);
    this.status = status;
    this.type = type;
    this.requestId = requestId;
  }
  /** How the error is shown: its type, its message and the request id that finds it in the logs. */
  describe() {
    return `${this.type}: ${this.message}${this.requestId ? ` (request ${this.requestId})` : ''}`;
  }
}

/**
 * @typedef {{ token: string, expiresAt: number, keyId: string, role: 'admin' | 'maintainer' | 'viewer', project: string | null }} Session
 */

/** @type {Session | undefined} */
let current;

/** @returns {Session | undefined} */
export function session() {
  if (!current) {
    try {
      const saved = JSON.parse(sessionStorage.getItem(SESSION) ?? 'null');
      if (saved && typeof saved.token === 'string') current = saved;
    } catch {
      sessionStorage.removeItem(SESSION);
    }
  }
  if (current && current.expiresAt <= Date.now()) signOut();
  return current;
}

export function signOut() {
  current = undefined;
  sessionStorage.removeItem(SESSION);
}

/** The claims of a token (role, key and project); the server checks them on every request, the page only uses them to decide what to offer. */
function claims(token) {
  const part = token.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
  return JSON.parse(json);
}

/**
 * Exchanges an API key for a token. The key stays in this call's arguments only.
 * @param {string} key
 * @returns {Promise<Session>}
 */
export async function signIn(key) {
  const body = await request('POST', '/api/v1/auth/token', undefined, key.trim());
  const c = claims(body.token);
  current = { token: body.token, expiresAt: Date.now() + body.expiresIn * 1000, keyId: c.sub, role: c.role, project: c.project ?? null };
  sessionStorage.setItem(SESSION, JSON.stringify(current));
  return current;
}

/**
 * @param {Response} res
 * @returns {Promise<ApiError>}
 */
async function errorOf(res) {
  let body;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const e = body?.error;
  return new ApiError(res.status, e?.type ?? `http_${res.status}`, e?.message ?? res.statusText ?? 'request failed', e?.requestId ?? res.headers.get('x-request-id') ?? undefined);
}

/**
 * @param {string} method
 * @param {string} url
 * @param {unknown} [body]
 * @param {string} [credential] an API key, for the token exchange only
 * @param {AbortSignal} [signal]
 */
async function send(method, url, body, credential, signal) {
  const auth = credential ?? session()?.token;
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  if (auth) headers.authorization = `Bearer ${auth}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, cache: 'no-store' });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, 'network_error', `the service did not answer (${err instanceof Error ? err.message : String(err)})`, undefined);
  }
  if (!res.ok) throw await errorOf(res);
  return res;
}

/**
 * A JSON request to the API; a refusal throws the typed error.
 * @param {string} method
 * @param {string} url
 * @param {unknown} [body]
 * @param {string} [credential]
 * @param {AbortSignal} [signal]
 */
export async function request(method, url, body, credential, signal) {
  const res = await send(method, url, body, credential, signal);
  return res.status === 204 ? undefined : res.json();
}

/** @param {string} url @param {AbortSignal} [signal] */
export const get = (url, signal) => request('GET', url, undefined, undefined, signal);

/**
 * Saves what a route answers as a file: the report routes need the token, which a plain link cannot send.
 * @param {string} url
 * @param {string} filename
 */
export async function download(url, filename) {
  const res = await send('GET', url);
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

/**
 * Follows an analysis's server-sent events (read through fetch, which can send the token,
 * unlike EventSource) until it completes or `signal` aborts.
 * @param {string} id
 * @param {AbortSignal} signal
 * @param {(event: string, data: any) => void} onEvent
 */
export async function follow(id, signal, onEvent) {
  const res = await send('GET', `/api/v1/analyses/${id}/events`, undefined, undefined, signal);
  if (!res.body) throw new ApiError(0, 'network_error', 'the event stream has no body', undefined);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const chunk = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      let data = '';
      for (const line of chunk.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data += line.slice(5).trim();
      }
      try {
        onEvent(event, data ? JSON.parse(data) : undefined);
      } catch {
        // A malformed event is skipped; the next one or the final reload tells the state.
      }
    }
  }
}
