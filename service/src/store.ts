/** Reads and writes of the service's tables; SQL lives here and in migrations.ts only. */
import type { Queryable } from './db';
import type { AnalysisOutput } from './engine-run';

export interface AnalysisRow {
  id: string;
  project_id: string;
  snapshot_hash: string;
  content_hash: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  progress: number;
  engine_version: string;
  settings: Record<string, unknown>;
  priority: number;
  commit_sha: string | null;
  branch: string | null;
  job_id: string | null;
  reused_from: string | null;
  attempts: number;
  error: string | null;
  result: AnalysisOutput | null;
  /** 'bytecode' for an analysis of code (its snapshot holds the hex under `bytecode`), with the chain and address it was given. */
  kind: 'source' | 'bytecode';
  chain_id: string | null;
  address: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

export async function getAnalysis(db: Queryable, id: string, withResult = true): Promise<AnalysisRow | undefined> {
  const cols = withResult ? '*' : 'id, project_id, snapshot_hash, content_hash, status, progress, engine_version, settings, priority, commit_sha, branch, job_id, reused_from, attempts, error, kind, chain_id, address, created_at, started_at, finished_at';
  return (await db.query<AnalysisRow>(`SELECT ${cols} FROM analyses WHERE id = $1`, [id]))[0];
}

export async function getSnapshot(db: Queryable, hash: string): Promise<{ files: Record<string, string>; entry: string | null } | undefined> {
  return (await db.query<{ files: Record<string, string>; entry: string | null }>('SELECT files, entry FROM source_snapshots WHERE hash = $1', [hash]))[0];
}

/** A succeeded analysis with this content hash (same sources, settings and engine version), if any. */
export async function findReusable(db: Queryable, contentHash: string): Promise<{ id: string; result: AnalysisOutput } | undefined> {
  return (await db.query<{ id: string; result: AnalysisOutput }>("SELECT id, result FROM analyses WHERE content_hash = $1 AND status = 'succeeded' AND reused_from IS NULL ORDER BY finished_at LIMIT 1", [contentHash]))[0];
}

/** Stores a finished result: the analysis row, its findings, and the contracts it saw. */
export async function storeResult(tx: Queryable, a: { id: string; project_id: string; chain_id?: string | number | null; address?: string | null }, result: AnalysisOutput, reusedFrom?: string): Promise<boolean> {
  const updated = await tx.query(
    "UPDATE analyses SET status = 'succeeded', progress = 1, result = $2, reused_from = $3, error = NULL, finished_at = now(), started_at = coalesce(started_at, now()) WHERE id = $1 AND status IN ('queued', 'running') RETURNING id",
    [a.id, JSON.stringify(result), reusedFrom ?? null],
  );
  // A cancelled analysis keeps its state: a result that arrives late is dropped.
  if (updated.length === 0) return false;
  await tx.query('DELETE FROM findings WHERE analysis_id = $1', [a.id]);
  const rows = result.findings;
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    const params: unknown[] = [];
    const values = chunk.map((f, j) => {
      params.push(a.id, i + j, f.fingerprint, f.ruleId, f.severity, f.category, f.file, f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character, f.contract ?? null, f.function ?? null, f.message);
      const b = j * 14;
      return `(${Array.from({ length: 14 }, (_, k) => `$${b + k + 1}`).join(', ')})`;
    });
    await tx.query(`INSERT INTO findings (analysis_id, ordinal, fingerprint, rule, severity, category, file, start_line, start_column, end_line, end_column, contract, function_name, message) VALUES ${values.join(', ')}`, params);
  }
  for (const c of result.risk) {
    await tx.query('INSERT INTO contracts (project_id, name, file) VALUES ($1, $2, $3) ON CONFLICT (project_id, file, name) DO NOTHING', [a.project_id, c.contract, c.file]);
  }
  if (result.bytecode) await storeBytecodeContract(tx, a.project_id, result.bytecode.codeHash, a.chain_id ?? null, a.address ?? null);
  return true;
}

/**
 * The contract a bytecode analysis saw: one row per project, chain and address
 * (its bytecode hash brought up to date: the code at an address may change, e.g.
 * after a self-destruct and redeploy), or, for code given without an address, one
 * row per project and bytecode hash. One upsert against a unique index, so two
 * analyses of the same address finishing together still make one row.
 */
export async function storeBytecodeContract(tx: Queryable, projectId: string, codeHash: string, chainId: string | number | null, address: string | null): Promise<string> {
  const name = address ?? `bytecode ${codeHash.slice(0, 10)}`;
  const rows = address
    ? await tx.query<{ id: string }>(
        'INSERT INTO contracts (project_id, name, file, chain_id, address, bytecode_hash) VALUES ($1, $2, NULL, $3, $4, $5) ON CONFLICT (project_id, coalesce(chain_id, -1), lower(address)) WHERE address IS NOT NULL DO UPDATE SET bytecode_hash = excluded.bytecode_hash RETURNING id',
        [projectId, name, chainId, address, codeHash],
      )
    : await tx.query<{ id: string }>(
        'INSERT INTO contracts (project_id, name, file, chain_id, address, bytecode_hash) VALUES ($1, $2, NULL, $3, NULL, $4) ON CONFLICT (project_id, bytecode_hash) WHERE address IS NULL AND file IS NULL DO UPDATE SET bytecode_hash = excluded.bytecode_hash RETURNING id',
        [projectId, name, chainId, codeHash],
      );
  return rows[0].id;
}

export async function audit(db: Queryable, e: { keyId?: string; actor: string; action: string; projectId?: string | null; target?: string; details?: unknown; requestId?: string }): Promise<void> {
  await db.query('INSERT INTO audit_log (actor_key, actor, action, project_id, target, details, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7)', [e.keyId ?? null, e.actor, e.action, e.projectId ?? null, e.target ?? null, JSON.stringify(e.details ?? {}), e.requestId ?? null]);
}
