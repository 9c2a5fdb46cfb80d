/** Prometheus metrics of one process, served at `/metrics`. */
import client from 'prom-client';

export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new client.Histogram({ name: 'synor_http_request_duration_seconds', help: 'HTTP request latency', labelNames: ['method', 'route', 'status'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [registry] }),
    httpErrors: new client.Counter({ name: 'synor_http_errors_total', help: 'HTTP responses with an error body, by type', labelNames: ['type', 'status'], registers: [registry] }),
    queueDepth: new client.Gauge({ name: 'synor_queue_depth', help: 'Jobs waiting in a queue', labelNames: ['queue'], registers: [registry] }),
    jobDuration: new client.Histogram({ name: 'synor_job_duration_seconds', help: 'Analysis job durations', labelNames: ['outcome'], buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120], registers: [registry] }),
    analyses: new client.Counter({ name: 'synor_analyses_total', help: 'Analyses finished, by outcome (succeeded, failed, cancelled, reused)', labelNames: ['outcome'], registers: [registry] }),
    findings: new client.Counter({ name: 'synor_findings_total', help: 'Findings reported by analyses, by severity', labelNames: ['severity'], registers: [registry] }),
    webhookDeliveries: new client.Counter({ name: 'synor_webhook_deliveries_total', help: 'Webhook delivery attempts, by outcome (delivered, failed: to be retried or dead)', labelNames: ['outcome'], registers: [registry] }),
    rateLimited: new client.Counter({ name: 'synor_rate_limited_total', help: 'Requests refused by a rate limit', labelNames: ['by'], registers: [registry] }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
