/**
 * The deployment files stay consistent: every manifest parses, Deployments have
 * probes on routes the service answers and resource limits, selectors match
 * their pods, the autoscaler and the Service point at what exists, and the
 * compose file has the database, two API processes, two workers and nginx.
 * (A structural check of our own; not a validation against the Kubernetes
 * OpenAPI schemas, which would have to be fetched.)
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ROOT } from './harness';

const K8S = path.join(ROOT, 'deploy/k8s');

function manifests(): any[] {
  return fs
    .readdirSync(K8S)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) =>
      parseAllDocuments(fs.readFileSync(path.join(K8S, f), 'utf8')).map((d) => {
        assert.deepEqual(d.errors, [], `${f} parses`);
        return d.toJSON();
      }),
    )
    .filter(Boolean);
}

describe('service deployment files', () => {
  const all = manifests();
  const of = (kind: string) => all.filter((m) => m.kind === kind);

  it('every manifest has apiVersion, kind and a name', () => {
    assert.ok(all.length >= 5);
    for (const m of all) {
      assert.equal(typeof m.apiVersion, 'string');
      assert.equal(typeof m.kind, 'string');
      assert.match(m.metadata?.name ?? '', /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    }
  });

  it('Deployments for the API and the worker, with probes, limits and matching selectors', () => {
    const deployments = of('Deployment');
    assert.deepEqual(deployments.map((d) => d.metadata.name).sort(), ['synor-api', 'synor-worker']);
    for (const d of deployments) {
      const labels = d.spec.template.metadata.labels;
      for (const [k, v] of Object.entries(d.spec.selector.matchLabels)) assert.equal(labels[k], v, `${d.metadata.name} selector ${k}`);
      for (const c of d.spec.template.spec.containers) {
        assert.equal(c.readinessProbe.httpGet.path, '/readyz');
        assert.equal(c.livenessProbe.httpGet.path, '/healthz');
        const ports = (c.ports ?? []).map((p: any) => p.name);
        assert.ok(ports.includes(c.readinessProbe.httpGet.port), `${d.metadata.name} probe port is declared`);
        assert.ok(c.resources.limits.cpu && c.resources.limits.memory && c.resources.requests.cpu && c.resources.requests.memory);
        assert.equal(c.args[0], d.metadata.name === 'synor-api' ? 'serve' : 'worker');
        assert.ok(c.envFrom.some((e: any) => e.configMapRef?.name === 'synor'));
        assert.ok(c.env.some((e: any) => e.name === 'DATABASE_URL' && e.valueFrom.secretKeyRef.name === 'synor-secrets'));
      }
    }
    assert.ok(of('ConfigMap').some((c) => c.metadata.name === 'synor'));
  });

  it('the Service selects the API pods and the autoscaler scales the workers on queue depth', () => {
    const api = of('Deployment').find((d) => d.metadata.name === 'synor-api');
    const svc = of('Service')[0];
    for (const [k, v] of Object.entries(svc.spec.selector)) assert.equal(api.spec.template.metadata.labels[k], v);
    const hpa = of('HorizontalPodAutoscaler')[0];
    assert.equal(hpa.apiVersion, 'autoscaling/v2');
    assert.equal(hpa.spec.scaleTargetRef.name, 'synor-worker');
    assert.equal(hpa.spec.metrics[0].external.metric.name, 'synor_queue_depth');
    assert.ok(hpa.spec.minReplicas >= 1 && hpa.spec.maxReplicas > hpa.spec.minReplicas);
  });

  it('docker-compose has PostgreSQL, two API processes, two workers and nginx in front', () => {
    const doc = parseAllDocuments(fs.readFileSync(path.join(ROOT, 'deploy/docker-compose.yml'), 'utf8'), { merge: true })[0];
    assert.deepEqual(doc.errors, []);
    const compose = doc.toJSON();
    assert.deepEqual(Object.keys(compose.services).sort(), ['api', 'nginx', 'postgres', 'worker']);
    assert.equal(compose.services.api.deploy.replicas, 2);
    assert.equal(compose.services.worker.deploy.replicas, 2);
    assert.deepEqual(compose.services.api.command.slice(0, 2), ['serve', '--no-worker']);
    assert.equal(compose.services.worker.command[0], 'worker');
    assert.match(compose.services.worker.environment.DATABASE_URL, /^postgres:\/\/.*@postgres:5432\//);
    const nginx = fs.readFileSync(path.join(ROOT, 'deploy/nginx.conf'), 'utf8');
    assert.match(nginx, /server api:8080/);
    assert.match(nginx, /proxy_buffering off/);
  });
});
