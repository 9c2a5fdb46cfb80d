/**
 * The deployment files stay consistent: every manifest parses, Deployments have
 * probes on routes the service answers and resource limits, selectors match
 * their pods, the autoscaler and the Service point at what exists, and the
 * compose file has the database, two API processes, two workers and nginx.
 * Every manifest is also validated, offline, against the official Kubernetes
 * OpenAPI schemas through the models of the npm package `kubernetes-models`
 * (4.x, the last line for Node 20; its validators are compiled from those
 * schemas), and manifests broken in the usual ways are shown to fail.
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

/** The `kubernetes-models` class for a manifest's apiVersion and kind (`v1` is the core group), or undefined. */
function modelFor(apiVersion: string, kind: string): (new (data: unknown) => { validate(): void }) | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(`kubernetes-models/${group ? `${group}/` : ''}${version}`)[kind];
  } catch {
    return undefined;
  }
}

function hasKubernetesModels(): boolean {
  try {
    require.resolve('kubernetes-models/package.json');
    return true;
  } catch {
    return false;
  }
}

/** The schema errors of a manifest, or [] when it is valid. */
function schemaErrors(m: any): string[] {
  const Model = modelFor(m.apiVersion, m.kind);
  if (!Model) return [`no Kubernetes schema for ${m.apiVersion} ${m.kind}`];
  try {
    new Model(m).validate();
    return [];
  } catch (err) {
    return [(err as Error).message];
  }
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

  describe('against the Kubernetes OpenAPI schemas (kubernetes-models)', function () {
    before(function () {
      if (!hasKubernetesModels()) {
        // It is not a dependency of the package yet: `npm install kubernetes-models@4.5.1 --no-save` to run these.
        console.log('    (skipped: the npm package kubernetes-models is not installed; npm install kubernetes-models@4.5.1 --no-save)');
        this.skip();
      }
    });

    it('every manifest in deploy/k8s is valid', () => {
      const kinds = new Set<string>();
      for (const m of all) {
        assert.deepEqual(schemaErrors(m), [], `${m.kind} ${m.metadata?.name}`);
        kinds.add(`${m.apiVersion} ${m.kind}`);
      }
      assert.deepEqual([...kinds].sort(), ['apps/v1 Deployment', 'autoscaling/v2 HorizontalPodAutoscaler', 'v1 ConfigMap', 'v1 Service']);
    });

    it('refuses manifests broken in the usual ways', () => {
      const copy = (kind: string, name?: string) => structuredClone(of(kind).find((m) => !name || m.metadata.name === name));
      const broken: Array<[string, any, RegExp]> = [];
      const replicas = copy('Deployment', 'synor-api');
      replicas.spec.replicas = '2';
      broken.push(['replicas as a string', replicas, /\/spec\/replicas must be integer/]);
      const noName = copy('Deployment', 'synor-worker');
      delete noName.spec.template.spec.containers[0].name;
      broken.push(['a container without a name', noName, /containers\/0 must have required property name$/]);
      const probe = copy('Deployment', 'synor-api');
      probe.spec.template.spec.containers[0].readinessProbe.periodSeconds = 'often';
      broken.push(['a probe period as a word', probe, /readinessProbe\/periodSeconds must be integer/]);
      const config = copy('ConfigMap');
      config.data.SYNOR_ANALYSIS_TIME_LIMIT_MS = 120000;
      broken.push(['a ConfigMap value that YAML reads as a number', config, /\/data\/SYNOR_ANALYSIS_TIME_LIMIT_MS must be string/]);
      const service = copy('Service');
      service.spec.ports[0].port = '80';
      broken.push(['a Service port as a string', service, /\/spec\/ports\/0\/port must be integer/]);
      const hpa = copy('HorizontalPodAutoscaler');
      delete hpa.spec.maxReplicas;
      broken.push(['an autoscaler without maxReplicas', hpa, /must have required property maxReplicas/]);
      const selector = copy('Deployment', 'synor-api');
      delete selector.spec.selector;
      broken.push(['a Deployment without a selector', selector, /spec must have required property selector/]);
      for (const [what, m, expected] of broken) {
        const errors = schemaErrors(m);
        assert.equal(errors.length, 1, `${what} is refused`);
        assert.match(errors[0], expected, what);
      }
      assert.deepEqual(schemaErrors({ apiVersion: 'apps/v9', kind: 'Deployment', metadata: { name: 'x' } }), ['no Kubernetes schema for apps/v9 Deployment']);
    });
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
