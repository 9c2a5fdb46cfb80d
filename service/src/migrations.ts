/**
 * Versioned schema migrations, run on start by every API and worker process.
 * All of them run in one transaction that first takes a transaction-scoped
 * advisory lock, so processes starting together apply each migration once and
 * the others wait, then find nothing left to do.
 */
import type { Database } from './db';

/** Ids of the lock; any fixed pair unlikely to clash with another application on the same database. */
const LOCK = [0x53594e4f, 0x52000001];

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE projects (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE,
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE contracts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid REFERENCES projects(id) ON DELETE CASCADE,
  name text NOT NULL,
  file text,
  chain_id bigint,
  address text,
  bytecode_hash text,
  first_seen timestamptz NOT NULL DEFAULT now(),
  UNIQUE (project_id, file, name)
);
CREATE INDEX contracts_address ON contracts (chain_id, address);
CREATE TABLE source_snapshots (
  hash text PRIMARY KEY,
  files jsonb NOT NULL,
  entry text,
  total_bytes integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE analyses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  snapshot_hash text NOT NULL REFERENCES source_snapshots(hash),
  content_hash text NOT NULL,
  status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  progress real NOT NULL DEFAULT 0,
  engine_version text NOT NULL,
  settings jsonb NOT NULL DEFAULT '{}',
  priority integer NOT NULL DEFAULT 0,
  commit_sha text,
  branch text,
  job_id text,
  reused_from uuid,
  attempts integer NOT NULL DEFAULT 0,
  error text,
  result jsonb,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX analyses_project ON analyses (project_id, created_at DESC);
CREATE INDEX analyses_content ON analyses (content_hash) WHERE status = 'succeeded';
CREATE INDEX analyses_commit ON analyses (project_id, commit_sha);
CREATE INDEX analyses_branch ON analyses (project_id, branch, created_at DESC);
CREATE TABLE findings (
  analysis_id uuid NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
  ordinal integer NOT NULL,
  fingerprint text NOT NULL,
  rule text NOT NULL,
  severity text NOT NULL,
  category text NOT NULL,
  file text NOT NULL,
  start_line integer NOT NULL,
  start_column integer NOT NULL,
  end_line integer NOT NULL,
  end_column integer NOT NULL,
  contract text,
  function_name text,
  message text NOT NULL,
  PRIMARY KEY (analysis_id, ordinal)
);
CREATE INDEX findings_fingerprint ON findings (fingerprint);
CREATE TABLE triage (
  project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  fingerprint text NOT NULL,
  state text NOT NULL CHECK (state IN ('false-positive', 'accepted-risk', 'wont-fix', 'confirmed')),
  reason text NOT NULL,
  author text NOT NULL,
  rule text,
  file text,
  message text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, fingerprint)
);
CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  hash text NOT NULL UNIQUE,
  prefix text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'maintainer', 'viewer')),
  project_id uuid REFERENCES projects(id) ON DELETE CASCADE,
  rate_limit integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_key uuid,
  actor text NOT NULL,
  action text NOT NULL,
  project_id uuid,
  target text,
  details jsonb NOT NULL DEFAULT '{}',
  request_id text
);
CREATE INDEX audit_project ON audit_log (project_id, at DESC);
CREATE TABLE service_settings (
  key text PRIMARY KEY,
  value text NOT NULL
);
INSERT INTO service_settings (key, value) VALUES ('jwt_secret', encode(sha256(gen_random_uuid()::text::bytea || gen_random_uuid()::text::bytea || clock_timestamp()::text::bytea), 'hex'));
`,
  },
  {
    version: 2,
    name: 'bytecode analyses',
    sql: `
ALTER TABLE analyses ADD COLUMN kind text NOT NULL DEFAULT 'source' CHECK (kind IN ('source', 'bytecode'));
ALTER TABLE analyses ADD COLUMN chain_id bigint;
ALTER TABLE analyses ADD COLUMN address text;
CREATE INDEX contracts_bytecode ON contracts (project_id, bytecode_hash);
`,
  },
  {
    version: 3,
    name: 'webhooks',
    sql: `
CREATE TABLE webhooks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  url text NOT NULL,
  secret text NOT NULL,
  events text[] NOT NULL,
  description text NOT NULL DEFAULT '',
  active boolean NOT NULL DEFAULT true,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhooks_project ON webhooks (project_id) WHERE active;
CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY,
  webhook_id uuid NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  analysis_id uuid NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
  event text NOT NULL,
  body text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'retrying', 'delivered', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  last_status integer,
  last_error text,
  log jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  UNIQUE (webhook_id, analysis_id)
);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, created_at DESC);
`,
  },
  {
    version: 4,
    name: 'one contract row per address, and per code without one',
    // Rows duplicated by concurrent analyses before this version are merged into the oldest first.
    sql: `
DELETE FROM contracts c USING contracts d WHERE c.address IS NOT NULL AND d.address IS NOT NULL AND c.project_id = d.project_id AND coalesce(c.chain_id, -1) = coalesce(d.chain_id, -1) AND lower(c.address) = lower(d.address) AND (c.first_seen, c.id) > (d.first_seen, d.id);
DELETE FROM contracts c USING contracts d WHERE c.address IS NULL AND c.file IS NULL AND d.address IS NULL AND d.file IS NULL AND c.project_id = d.project_id AND c.bytecode_hash = d.bytecode_hash AND (c.first_seen, c.id) > (d.first_seen, d.id);
CREATE UNIQUE INDEX contracts_unique_address ON contracts (project_id, coalesce(chain_id, -1), lower(address)) WHERE address IS NOT NULL;
CREATE UNIQUE INDEX contracts_unique_code ON contracts (project_id, bytecode_hash) WHERE address IS NULL AND file IS NULL;
`,
  },
  {
    version: 5,
    name: 'rate-limit counters shared by API processes',
    // Unlogged: counters of a minute's window are not worth a write-ahead log, and a crash only resets them.
    sql: `
CREATE UNLOGGED TABLE rate_limits (
  key text NOT NULL,
  window_start timestamptz NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (key, window_start)
);
`,
  },
];

/** Applies the migrations not yet applied; returns the versions this call applied. */
export async function migrate(db: Database): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, $2)', LOCK);
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}

/** The latest migration applied, or 0; `/readyz` compares it with the newest known. */
export async function schemaVersion(db: Database): Promise<number> {
  const rows = await db.query<{ v: number | null }>("SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN NULL ELSE 0 END AS v");
  if (rows[0]?.v === null) return 0;
  const r = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return r[0]?.v ?? 0;
}

export const LATEST_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/**
 * Our migrations are plain DDL without functions or quoted semicolons, so a
 * split on `;` at line ends is exact; it lets them run as parameterless single
 * statements inside the transaction on both backends.
 */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*\n/)
    .map((s) => s.trim().replace(/;$/, ''))
    .filter((s) => s !== '');
}
