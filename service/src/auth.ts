/**
 * API keys and the short-lived tokens issued for them. A key is
 * `synor_<prefix>_<secret>`; only its SHA-256 is stored, so a database dump
 * gives no usable key. Tokens are HS256 JWTs signed with a secret kept in the
 * database, so that every API process verifies the tokens any other issued.
 */
import crypto from 'node:crypto';
import type { Queryable } from './db';
import { ApiError } from './errors';

export const ROLES = ['viewer', 'maintainer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: a key (directly, or through a token issued for it). */
export interface Principal {
  keyId: string;
  name: string;
  role: Role;
  /** The project the key is scoped to; null for a global administrator. */
  projectId: string | null;
  rateLimit: number | null;
}

export function hashKey(key: string): string {
  return crypto.createHash('sha256').update(key).digest('hex');
}

export function newKeySecret(): { key: string; prefix: string } {
  const prefix = crypto.randomBytes(4).toString('hex');
  return { key: `synor_${prefix}_${crypto.randomBytes(24).toString('base64url')}`, prefix };
}

export interface CreatedKey {
  id: string;
  key: string;
  name: string;
  role: Role;
  projectId: string | null;
}

export async function createKey(db: Queryable, o: { name: string; role: Role; projectId: string | null; rateLimit?: number | null; key?: string }): Promise<CreatedKey> {
  const made = o.key ? { key: o.key, prefix: o.key.split('_')[1] ?? o.key.slice(0, 8) } : newKeySecret();
  const rows = await db.query<{ id: string }>('INSERT INTO api_keys (name, hash, prefix, role, project_id, rate_limit) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id', [o.name, hashKey(made.key), made.prefix, o.role, o.projectId, o.rateLimit ?? null]);
  return { id: rows[0].id, key: made.key, name: o.name, role: o.role, projectId: o.projectId };
}

interface KeyRow {
  id: string;
  name: string;
  role: Role;
  project_id: string | null;
  rate_limit: number | null;
  revoked_at: Date | null;
}

export async function findKey(db: Queryable, key: string): Promise<Principal | undefined> {
  const rows = await db.query<KeyRow>('SELECT id, name, role, project_id, rate_limit, revoked_at FROM api_keys WHERE hash = $1', [hashKey(key)]);
  const r = rows[0];
  if (!r || r.revoked_at) return undefined;
  return { keyId: r.id, name: r.name, role: r.role, projectId: r.project_id, rateLimit: r.rate_limit };
}

export async function findKeyById(db: Queryable, id: string): Promise<Principal | undefined> {
  const rows = await db.query<KeyRow>('SELECT id, name, role, project_id, rate_limit, revoked_at FROM api_keys WHERE id = $1', [id]);
  const r = rows[0];
  if (!r || r.revoked_at) return undefined;
  return { keyId: r.id, name: r.name, role: r.role, projectId: r.project_id, rateLimit: r.rate_limit };
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export function signJwt(payload: Record<string, unknown>, secret: string, ttlSeconds: number, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...payload, iat, exp: iat + ttlSeconds, iss: 'synor' })}`;
  return `${body}.${crypto.createHmac('sha256', secret).update(body).digest('base64url')}`;
}

/** The claims of a valid, unexpired token we signed; throws `unauthenticated` otherwise. */
export function verifyJwt(token: string, secret: string, now = Date.now()): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) throw new ApiError('unauthenticated', 'malformed token');
  const expected = crypto.createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) throw new ApiError('unauthenticated', 'invalid token signature');
  let header: { alg?: string };
  let claims: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    throw new ApiError('unauthenticated', 'malformed token');
  }
  if (header.alg !== 'HS256') throw new ApiError('unauthenticated', 'unsupported token algorithm');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) throw new ApiError('unauthenticated', 'token expired');
  return claims;
}

/** Whether `p` holds at least `role` on `projectId` (a global admin holds every role everywhere). */
export function allows(p: Principal, role: Role, projectId: string | null): boolean {
  if (ROLES.indexOf(p.role) < ROLES.indexOf(role)) return false;
  if (p.projectId === null) return p.role === 'admin' || projectId !== null;
  return projectId !== null && p.projectId === projectId;
}

/** Throws `forbidden` unless `p` holds `role` on the project. */
export function requireRole(p: Principal, role: Role, projectId: string | null): void {
  if (!allows(p, role, projectId)) {
    if (ROLES.indexOf(p.role) < ROLES.indexOf(role)) throw new ApiError('forbidden', `this needs the ${role} role; the key has ${p.role}`);
    throw new ApiError('forbidden', projectId === null ? 'this needs a key not scoped to a project' : 'the key is not valid for this project');
  }
}
