/**
 * The API key exchanged for a short-lived token (`POST /api/v1/auth/token`), the answer to the
 * language server's `synor/team/token`. Plain `fetch`, no VS Code import, so that the server tests
 * answer the request with this very code. The key is sent to nothing but the server it was stored
 * for, and appears in no message this returns.
 */

export type TeamRole = 'admin' | 'maintainer' | 'viewer';
export type TokenAnswer = { token: string; expiresIn: number; role: TeamRole } | { error: 'unreachable' | 'refused' | 'no-key'; message: string };

/** The role a token was issued for, read from its payload (the service signs `{ sub, role, project }`). */
export function roleOfToken(token: string): TeamRole | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const role = (JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { role?: unknown }).role;
    return role === 'admin' || role === 'maintainer' || role === 'viewer' ? role : undefined;
  } catch {
    return undefined;
  }
}

/** Where a key is kept in SecretStorage: per server origin, so that a key is only ever sent to the server it was entered for. */
export function secretKeyName(server: string): string | undefined {
  try {
    const u = new URL(server);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return `synor.apiKey:${u.origin}`;
  } catch {
    return undefined;
  }
}

export async function exchangeKey(server: string, key: string | undefined, timeoutMs = 10_000): Promise<TokenAnswer> {
  if (!key) return { error: 'no-key', message: `no API key is stored for ${server}; run "Synor: Set Service API Key"` };
  let res: Response;
  try {
    res = await fetch(`${server.replace(/\/+$/, '')}/api/v1/auth/token`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return { error: 'unreachable', message: e.cause?.code ?? e.message };
  }
  const text = await res.text().catch(() => '');
  let body: { token?: unknown; expiresIn?: unknown; error?: { type?: string; message?: string } } | undefined;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = undefined;
  }
  if (res.status >= 500 || res.status === 429) return { error: 'unreachable', message: `the service answered ${res.status}` };
  if (res.status !== 200 || typeof body?.token !== 'string') return { error: 'refused', message: `the key was refused (${res.status}${body?.error ? ` ${body.error.type}: ${body.error.message}` : ''})` };
  const role = roleOfToken(body.token);
  if (!role) return { error: 'refused', message: 'the service issued a token without a role' };
  return { token: body.token, expiresIn: typeof body.expiresIn === 'number' ? body.expiresIn : 60, role };
}
