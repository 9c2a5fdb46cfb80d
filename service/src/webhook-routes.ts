/**
 * The webhook routes of a project: register (admin; the secret is shown once),
 * list, remove, and read a webhook's delivery log.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal, Role } from './auth';
import { ApiError } from './errors';
import { audit } from './store';
import type { Service } from './service';
import * as S from './schemas';
import { checkWebhookUrl, deliveryJson, newWebhookSecret, WEBHOOK_EVENTS, webhookJson, type DeliveryRow, type WebhookRow } from './webhooks';

export interface RouteHelpers {
  authenticate(req: FastifyRequest): Promise<Principal>;
  authorisedProject(p: Principal, role: Role, id: string): Promise<unknown>;
  actor(p: Principal): string;
}

/** Webhooks a project may hold; a guard against a runaway script, not a quota. */
const MAX_WEBHOOKS = 20;

export function registerWebhookRoutes(app: FastifyInstance, s: Service, h: RouteHelpers): void {
  const webhookOf = async (projectId: string, webhookId: string): Promise<WebhookRow> => {
    const rows = await s.db.query<WebhookRow>('SELECT id, project_id, url, events, description, active, created_at FROM webhooks WHERE id = $1 AND project_id = $2 AND active', [webhookId, projectId]);
    if (!rows[0]) throw new ApiError('not_found', `no webhook ${webhookId} in this project`);
    return rows[0];
  };

  app.post<{ Params: { id: string }; Body: { url: string; events?: string[]; description?: string } }>('/api/v1/projects/:id/webhooks', { schema: S.createWebhook }, async (req, reply) => {
    const p = await h.authenticate(req);
    await h.authorisedProject(p, 'admin', req.params.id);
    const url = await checkWebhookUrl(req.body.url, s.config.webhookAllowPrivate);
    const count = await s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhooks WHERE project_id = $1 AND active', [req.params.id]);
    if (count[0].n >= MAX_WEBHOOKS) throw new ApiError('conflict', `a project holds at most ${MAX_WEBHOOKS} webhooks; remove one first`);
    const secret = newWebhookSecret();
    const events = req.body.events ?? [...WEBHOOK_EVENTS];
    const rows = await s.db.query<WebhookRow>(
      'INSERT INTO webhooks (project_id, url, secret, events, description, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, project_id, url, events, description, active, created_at',
      [req.params.id, url.href, secret, events, req.body.description ?? '', p.keyId],
    );
    await audit(s.db, { keyId: p.keyId, actor: h.actor(p), action: 'webhook.create', projectId: req.params.id, target: rows[0].id, details: { url: url.href, events }, requestId: req.id });
    return reply.status(201).header('location', `/api/v1/projects/${req.params.id}/webhooks/${rows[0].id}`).send({ ...webhookJson(rows[0]), secret });
  });

  app.get<{ Params: { id: string } }>('/api/v1/projects/:id/webhooks', { schema: S.listWebhooks }, async (req) => {
    await h.authorisedProject(await h.authenticate(req), 'admin', req.params.id);
    const rows = await s.db.query<WebhookRow>('SELECT id, project_id, url, events, description, active, created_at FROM webhooks WHERE project_id = $1 AND active ORDER BY created_at', [req.params.id]);
    return { webhooks: rows.map(webhookJson) };
  });

  app.delete<{ Params: { id: string; webhookId: string } }>('/api/v1/projects/:id/webhooks/:webhookId', { schema: S.deleteWebhook }, async (req, reply) => {
    const p = await h.authenticate(req);
    await h.authorisedProject(p, 'admin', req.params.id);
    await webhookOf(req.params.id, req.params.webhookId);
    // Kept, inactive, so that its delivery log stays readable in the database; its queued deliveries are skipped.
    await s.db.query('UPDATE webhooks SET active = false WHERE id = $1', [req.params.webhookId]);
    await audit(s.db, { keyId: p.keyId, actor: h.actor(p), action: 'webhook.delete', projectId: req.params.id, target: req.params.webhookId, requestId: req.id });
    return reply.status(204).send();
  });

  app.get<{ Params: { id: string; webhookId: string }; Querystring: { status?: string; limit?: number } }>('/api/v1/projects/:id/webhooks/:webhookId/deliveries', { schema: S.listDeliveries }, async (req) => {
    await h.authorisedProject(await h.authenticate(req), 'admin', req.params.id);
    await webhookOf(req.params.id, req.params.webhookId);
    const params: unknown[] = [req.params.webhookId];
    const status = req.query.status ? `AND status = $${params.push(req.query.status)}` : '';
    const rows = await s.db.query<DeliveryRow>(`SELECT id, webhook_id, analysis_id, event, status, attempts, last_status, last_error, log, created_at, updated_at, delivered_at FROM webhook_deliveries WHERE webhook_id = $1 ${status} ORDER BY created_at DESC LIMIT ${req.query.limit ?? 100}`, params);
    return { deliveries: rows.map(deliveryJson) };
  });
}
