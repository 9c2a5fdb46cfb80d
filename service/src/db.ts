/**
 * The database behind the service: an embedded PGlite (one process, a folder
 * on disk) or a PostgreSQL server through `pg`'s pool. Both are seen through
 * the same small interface, so the store, the migrations and the queue never
 * know which one they talk to.
 */
import fs from 'node:fs';
import { Pool, type PoolClient } from 'pg';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Several statements in one string, no parameters (migrations, pg-boss's schema). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction on one connection; rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** The adapter pg-boss runs its SQL through. */
  bossDb(): { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };
  close(): Promise<void>;
}

/** Opens PGlite in `dir` (created when missing). */
export async function openPglite(dir: string): Promise<Database> {
  fs.mkdirSync(dir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(dir);
  await db.waitReady;
  // PGlite is a single connection: a transaction must not interleave with other
  // queries, so every use of it goes through one promise chain.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => undefined);
    return next;
  };
  const query = async <T>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows;
  return {
    kind: 'pglite',
    query: (sql, params) => serial(() => query(sql, params)),
    exec: (sql) => serial(async () => void (await db.exec(sql))),
    transaction: (fn) =>
      serial(() =>
        db.transaction(async (tx) =>
          fn({ query: async <T>(sql: string, params: unknown[] = []) => (await tx.query<T>(sql, params)).rows }),
        ),
      ),
    bossDb: () => ({
      // pg-boss sends multi-statement scripts without parameters (its schema)
      // and single parameterised statements; PGlite needs exec() for the former.
      executeSql: (text, values) =>
        serial(async () => {
          if (values && values.length > 0) return { rows: (await db.query(text, values)).rows };
          const results = await db.exec(text);
          return { rows: results.length > 0 ? results[results.length - 1].rows : [] };
        }),
    }),
    close: () => serial(() => db.close()),
  };
}

/** Connects to a PostgreSQL server. */
export async function openPostgres(url: string, max = 10): Promise<Database> {
  const pool = new Pool({ connectionString: url, max });
  // An idle client that loses its server (a restart) must not crash the process.
  pool.on('error', () => undefined);
  const run = async <T>(c: Pool | PoolClient, sql: string, params: unknown[] = []) => (await c.query(sql, params)).rows as T[];
  return {
    kind: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    exec: async (sql) => void (await pool.query(sql)),
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn({ query: (sql, params) => run(client, sql, params) });
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    bossDb: () => ({ executeSql: async (text, values) => ({ rows: (await pool.query(text, values)).rows }) }),
    close: () => pool.end(),
  };
}
