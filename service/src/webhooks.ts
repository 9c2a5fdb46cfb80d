/**
 * Webhooks: a project's admin registers URLs; when one of the project's
 * analyses ends (succeeded, failed or cancelled) an event is recorded for each
 * webhook in the same transaction as the status change, and a job in the
 * `webhook` queue delivers it. Deliveries are signed with the webhook's secret
 * (HMAC-SHA256 over the timestamp and the body), retried with backoff by the
 * queue, and end in the `webhook-dead` queue and a `dead` delivery when out of
 * retries. Targets on loopback, private, link-local and other non-public
 * addresses are refused unless the server allows them, both when a webhook is
 * registered and when each delivery connects (the address checked is the one
 * connected to, so a name that later resolves elsewhere gains nothing).
 */
import crypto from 'node:crypto';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type PgBoss from 'pg-boss';
import type { Queryable } from './db';
import type { Service } from './service';
import { ApiError } from './errors';

export const WEBHOOK_QUEUE = 'webhook';
export const WEBHOOK_DEAD_QUEUE = 'webhook-dead';
export const WEBHOOK_EVENTS = ['analysis.succeeded', 'analysis.failed', 'analysis.cancelled'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Header names of a delivery. */
export const SIGNATURE_HEADER = 'synor-signature';
export const TIMESTAMP_HEADER = 'synor-timestamp';

export interface WebhookJob {
  deliveryId: string;
}

/** Addresses no webhook may reach unless the server allows private targets. */
const BLOCKED = (() => {
  const b = new net.BlockList();
  for (const [a, p] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const)
    b.addSubnet(a, p, 'ipv4');
  for (const [a, p] of [
    ['::', 128],
    ['::1', 128],
    ['64:ff9b::', 96],
    ['100::', 64],
    ['2001:db8::', 32],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
  ] as const)
    b.addSubnet(a, p, 'ipv6');
  return b;
})();

/** Whether an IP address is loopback, private, link-local, shared, reserved or multicast (IPv4-mapped IPv6 judged as its IPv4). */
export function isNonPublicAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 4) return BLOCKED.check(ip, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    if (mapped) return BLOCKED.check(mapped[1], 'ipv4');
    return BLOCKED.check(ip, 'ipv6');
  }
  return true;
}

/**
 * Checks a webhook URL before it is stored: http or https, no credentials in
 * it, and (unless private targets are allowed) a host that is not a
 * non-public address literal, not a `localhost` name, and that does not
 * resolve to one. A name that does not resolve now is accepted: delivery
 * checks the address it connects to.
 */
export async function checkWebhookUrl(raw: string, allowPrivate: boolean): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ApiError('invalid_url', `not a URL: ${JSON.stringify(raw)}`, { field: 'url', reason: 'malformed' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ApiError('invalid_url', `a webhook URL must be http or https, not ${url.protocol.replace(/:$/, '')}`, { field: 'url', reason: 'scheme' });
  if (url.username || url.password) throw new ApiError('invalid_url', 'a webhook URL must not carry credentials; the signature authenticates the service', { field: 'url', reason: 'credentials' });
  if (allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const refuse = (address: string) => new ApiError('invalid_url', `${url.hostname} is a loopback, private or reserved address (${address}); this server does not send webhooks there (SYNOR_WEBHOOK_ALLOW_PRIVATE)`, { field: 'url', reason: 'private_address', address });
  if (net.isIP(host)) {
    if (isNonPublicAddress(host)) throw refuse(host);
    return url;
  }
  if (/^localhost\.?$/i.test(host) || /\.localhost\.?$/i.test(host)) throw refuse('localhost');
  const addresses = await Promise.race([dns.promises.lookup(host, { all: true }).catch(() => []), new Promise<dns.LookupAddress[]>((r) => setTimeout(() => r([]), 3000).unref())]);
  const bad = addresses.find((a) => isNonPublicAddress(a.address));
  if (bad) throw refuse(bad.address);
  return url;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: what a receiver recomputes with the secret. */
export function signBody(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function newWebhookSecret(): string {
  return `whsec_${crypto.randomBytes(32).toString('base64url')}`;
}

interface Adapter {
  executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * Records the end of an analysis for every active webhook of its project that
 * asked for this event, and queues one delivery job each, on `tx`: call it in
 * the transaction that set the analysis's final status, so an event exists
 * exactly when the status changed. A second call for the same analysis adds
 * nothing (one delivery per webhook and analysis).
 */
export async function queueCompletionEvents(tx: Queryable, boss: PgBoss, analysisId: string, publicUrl?: string): Promise<number> {
  const rows = await tx.query<{ id: string; project_id: string; project_name: string; status: string; kind: string; commit_sha: string | null; branch: string | null; error: string | null; reused_from: string | null; created_at: Date; finished_at: Date | null }>(
    'SELECT a.id, a.project_id, p.name AS project_name, a.status, a.kind, a.commit_sha, a.branch, a.error, a.reused_from, a.created_at, a.finished_at FROM analyses a JOIN projects p ON p.id = a.project_id WHERE a.id = $1',
    [analysisId],
  );
  const a = rows[0];
  if (!a || !['succeeded', 'failed', 'cancelled'].includes(a.status)) return 0;
  const event = `analysis.${a.status}` as WebhookEvent;
  const hooks = await tx.query<{ id: string }>('SELECT id FROM webhooks WHERE project_id = $1 AND active AND $2 = ANY(events) ORDER BY created_at', [a.project_id, event]);
  if (hooks.length === 0) return 0;
  const counts = await tx.query<{ severity: string; n: number }>('SELECT severity, count(*)::int AS n FROM findings WHERE analysis_id = $1 GROUP BY severity', [a.id]);
  const bySeverity: Record<string, number> = { high: 0, medium: 0, low: 0, info: 0 };
  for (const c of counts) bySeverity[c.severity] = (bySeverity[c.severity] ?? 0) + c.n;
  const base = (publicUrl ?? '').replace(/\/+$/, '');
  const self = `${base}/api/v1/analyses/${a.id}`;
  const adapter: Adapter = { executeSql: async (text, values) => ({ rows: await tx.query(text, values) }) };
  let queued = 0;
  for (const h of hooks) {
    const deliveryId = crypto.randomUUID();
    const payload = {
      id: deliveryId,
      type: event,
      createdAt: new Date().toISOString(),
      project: { id: a.project_id, name: a.project_name },
      analysis: {
        id: a.id,
        status: a.status,
        kind: a.kind,
        commit: a.commit_sha,
        branch: a.branch,
        error: a.error,
        reusedFrom: a.reused_from,
        createdAt: a.created_at.toISOString(),
        finishedAt: a.finished_at?.toISOString() ?? null,
        counts: { total: Object.values(bySeverity).reduce((n, c) => n + c, 0), bySeverity },
        links: { self, sarif: `${self}/sarif`, markdown: `${self}/markdown`, project: `${base}/api/v1/projects/${a.project_id}` },
      },
    };
    const inserted = await tx.query<{ id: string }>(
      'INSERT INTO webhook_deliveries (id, webhook_id, analysis_id, event, body) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (webhook_id, analysis_id) DO NOTHING RETURNING id',
      [deliveryId, h.id, a.id, event, JSON.stringify(payload)],
    );
    if (!inserted[0]) continue;
    await boss.send(WEBHOOK_QUEUE, { deliveryId } satisfies WebhookJob, { singletonKey: deliveryId, db: adapter } as PgBoss.SendOptions);
    queued++;
  }
  return queued;
}

export class DeliveryError extends Error {}

/** One HTTP attempt: POST `body` to `url`, connecting only to a public address unless allowed; resolves with the status. */
export function post(url: URL, body: string, headers: Record<string, string>, o: { allowPrivate: boolean; timeoutMs: number }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!o.allowPrivate && net.isIP(host) && isNonPublicAddress(host)) return reject(new DeliveryError(`refused: ${host} is not a public address`));
    const lookup: net.LookupFunction = (hostname, options, cb) => {
      dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
        if (err) return cb(err, '', 4);
        const list = addresses as unknown as dns.LookupAddress[];
        const ok = o.allowPrivate ? list : list.filter((x) => !isNonPublicAddress(x.address));
        if (ok.length === 0) return cb(new DeliveryError(`refused: ${hostname} resolves only to non-public addresses (${list.map((x) => x.address).join(', ')})`), '', 4);
        if ((options as { all?: boolean }).all) return (cb as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, ok);
        cb(null, ok[0].address, ok[0].family);
      });
    };
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup, timeout: o.timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        if (text.length < 2000) text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: text.slice(0, 500) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new DeliveryError(`no answer in ${o.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Runs one delivery job: sends the stored body, signed now, and records the
 * attempt. A 2xx answer delivers it; anything else (a redirect included, which
 * is not followed) throws, so the queue retries it later.
 */
export async function deliver(db: Queryable, job: { id: string; retryCount: number; retryLimit: number; data: WebhookJob }, o: { allowPrivate: boolean; timeoutMs: number }): Promise<'delivered' | 'skipped'> {
  const rows = await db.query<{ id: string; status: string; body: string; event: string; url: string; secret: string; active: boolean }>(
    'SELECT d.id, d.status, d.body, d.event, w.url, w.secret, w.active FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = $1',
    [job.data.deliveryId],
  );
  const d = rows[0];
  // Delivered by an earlier run of the same job, or its webhook removed: nothing to send, so the event arrives once.
  if (!d || d.status === 'delivered' || !d.active) return 'skipped';
  const timestamp = Math.floor(Date.now() / 1000);
  const started = Date.now();
  let status: number | null = null;
  let error: string | null = null;
  try {
    const r = await post(new URL(d.url), d.body, {
      'content-type': 'application/json',
      'user-agent': 'synor-webhooks/1',
      'synor-event': d.event,
      'synor-delivery': d.id,
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: signBody(d.secret, timestamp, d.body),
    }, o);
    status = r.status;
    if (r.status < 200 || r.status >= 300) error = `answered ${r.status}${r.text ? `: ${r.text.slice(0, 200)}` : ''}`;
  } catch (err) {
    error = (err as Error).message || String(err);
  }
  const attempt = { at: new Date(started).toISOString(), attempt: job.retryCount + 1, status, error, ms: Date.now() - started };
  const final = job.retryCount >= job.retryLimit;
  await db.query(
    `UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $2, last_error = $3, log = log || $4::jsonb, updated_at = now(),
       status = CASE WHEN $3::text IS NULL THEN 'delivered' WHEN $5 THEN 'dead' ELSE 'retrying' END,
       delivered_at = CASE WHEN $3::text IS NULL THEN now() ELSE delivered_at END
     WHERE id = $1 AND status <> 'delivered'`,
    [d.id, status, error, JSON.stringify([attempt]), final],
  );
  if (error) throw new DeliveryError(`webhook delivery ${d.id}: ${error}`);
  return 'delivered';
}

/** Marks a delivery dead: its job is out of retries (called from the dead-letter queue's handler). */
export async function markDead(db: Queryable, deliveryId: string): Promise<void> {
  await db.query("UPDATE webhook_deliveries SET status = 'dead', updated_at = now() WHERE id = $1 AND status <> 'delivered'", [deliveryId]);
}

export interface WebhookRow {
  id: string;
  project_id: string;
  url: string;
  events: string[];
  description: string;
  active: boolean;
  created_at: Date;
}

export const webhookJson = (w: WebhookRow) => ({ id: w.id, projectId: w.project_id, url: w.url, events: w.events, description: w.description, active: w.active, createdAt: w.created_at.toISOString() });

export interface DeliveryRow {
  id: string;
  webhook_id: string;
  analysis_id: string;
  event: string;
  status: string;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  log: unknown[];
  created_at: Date;
  updated_at: Date;
  delivered_at: Date | null;
}

export const deliveryJson = (d: DeliveryRow) => ({
  id: d.id,
  webhookId: d.webhook_id,
  analysisId: d.analysis_id,
  event: d.event,
  status: d.status,
  attempts: d.attempts,
  lastStatus: d.last_status,
  lastError: d.last_error,
  log: d.log,
  createdAt: d.created_at.toISOString(),
  updatedAt: d.updated_at.toISOString(),
  deliveredAt: d.delivered_at?.toISOString() ?? null,
});

/**
 * Runs `sql` (an UPDATE ending an analysis, with RETURNING) and, when it changed
 * the row, queues the analysis's webhook events in the same transaction.
 */
export async function finish(s: Pick<Service, 'db' | 'boss' | 'config'>, analysisId: string, sql: string, params: unknown[]): Promise<boolean> {
  return s.db.transaction(async (tx) => {
    const changed = await tx.query(sql, params);
    if (changed.length === 0) return false;
    await queueCompletionEvents(tx, s.boss, analysisId, s.config.publicUrl);
    return true;
  });
}
