/**
 * On a real PostgreSQL server (started by the test; skipped, saying so, when
 * absent): rate limits shared by two API processes through the database, so a
 * key gets its limit once however requests are spread (and, with the per-process
 * store, twice: the difference the shared store makes); and two analyses of the
 * same address finishing together make one contract row, not two.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { openPostgres, type Database } from '../../service/src/db';
import { migrate } from '../../service/src/migrations';
import { storeBytecodeContract } from '../../service/src/store';
import { client, postgresBin, startPostgres, startService, type Postgres, type Reply, type Running } from './harness';

/** The rate-limit window of these tests. */
const WINDOW_MS = 120_000;

const bin = postgresBin();
const ADMIN = 'synor_limitadmin_0123456789abcdef';

describe('service on PostgreSQL: shared rate limits and unique contracts', function () {
  this.timeout(300_000);
  let pg: Postgres | undefined;
  before(async function () {
    if (!bin) {
      console.log('    (skipped: PostgreSQL binaries not found under /usr/lib/postgresql; run scripts/service-setup.sh)');
      return this.skip();
    }
    pg = await startPostgres(bin);
  });
  after(async () => {
    await pg?.stop();
  });

  /** Requests with one key, alternating between the processes, until both refuse; the number served. */
  async function flood(apis: Running[], key: string, projectId: string): Promise<{ served: number; last: Reply[] }> {
    const calls = apis.map((a) => client(a.url, key));
    let served = 0;
    const refused = new Map<number, Reply>();
    for (let i = 0; i < 500 && refused.size < calls.length; i++) {
      const which = i % calls.length;
      const r = await calls[which]('GET', `/api/v1/projects/${projectId}`);
      if (r.status === 200) {
        // A process that refused does not serve again within the window.
        assert.ok(!refused.has(which), `process ${which} served after refusing`);
        served++;
      } else {
        assert.equal(r.status, 429, r.text);
        refused.set(which, r);
      }
    }
    return { served, last: [...refused.values()] };
  }

  for (const store of ['database', 'memory'] as const) {
    it(`two API processes ${store === 'database' ? 'share one limit per key (the default on PostgreSQL)' : 'each count their own with SYNOR_RATE_LIMIT_STORE=memory'}`, async function () {
      if (!pg) return this.skip();
      const env = { DATABASE_URL: pg.url, SYNOR_ADMIN_KEY: ADMIN, SYNOR_RATE_LIMIT_KEY: '30', SYNOR_RATE_LIMIT_IP: '1000000', SYNOR_RATE_LIMIT_WINDOW_MS: String(WINDOW_MS), ...(store === 'memory' ? { SYNOR_RATE_LIMIT_STORE: 'memory' } : {}) };
      const apis = await Promise.all([startService({ env, args: ['--no-worker'] }), startService({ env, args: ['--no-worker'] })]);
      try {
        // The admin's own requests count against the admin key: a key with a large limit of its own sets up.
        const admin = client(apis[0].url, ADMIN);
        const projectId = (await admin('POST', '/api/v1/projects', { name: `limits-${store}-${Date.now()}` })).body.id;
        const mk = async (name: string, rateLimit?: number) => (await admin('POST', '/api/v1/keys', { name, role: 'viewer', projectId, ...(rateLimit ? { rateLimit } : {}) })).body.key as string;
        const flooder = await mk('flooder');
        const other = await mk('other');
        // Windows are aligned on the database's clock (this machine's): a flood that straddles a
        // boundary would be served again in the next window. It starts with most of one ahead.
        const left = WINDOW_MS - (Date.now() % WINDOW_MS);
        if (store === 'database' && left < WINDOW_MS / 2) await new Promise((r) => setTimeout(r, left + 250));
        const { served, last } = await flood(apis, flooder, projectId);
        assert.equal(served, store === 'database' ? 30 : 60);
        for (const r of last) {
          assert.equal(r.body.error.type, 'rate_limited');
          assert.equal(r.body.error.details.by, 'key');
          const retry = Number(r.headers.get('retry-after'));
          assert.ok(retry >= 1 && retry <= 120, `retry-after ${retry}`);
        }
        // Another key is served by both processes all the while.
        for (const a of apis) assert.equal((await client(a.url, other)('GET', `/api/v1/projects/${projectId}`)).status, 200);
        // A key's own limit is shared the same way.
        const small = await mk('small', 7);
        assert.equal((await flood(apis, small, projectId)).served, store === 'database' ? 7 : 14);
      } finally {
        await Promise.all(apis.map((a) => a.stop()));
      }
    });
  }

  it('two analyses of the same address finishing together make one contract row', async function () {
    if (!pg) return this.skip();
    const db: Database = await openPostgres(pg.url, 12);
    try {
      await migrate(db);
      const projectId = (await db.query<{ id: string }>('INSERT INTO projects (name) VALUES ($1) RETURNING id', [`race-${Date.now()}`]))[0].id;
      const address = '0x' + crypto.randomBytes(20).toString('hex');
      const hashes = Array.from({ length: 8 }, () => '0x' + crypto.randomBytes(32).toString('hex'));
      // Eight transactions store the contract at once and stay open a moment, so every one runs before any commits.
      const ids = await Promise.all(
        hashes.map((h, i) =>
          db.transaction(async (tx) => {
            const id = await storeBytecodeContract(tx, projectId, h, 1, i % 2 ? address.toUpperCase().replace('0X', '0x') : address);
            await tx.query('SELECT pg_sleep(0.3)');
            return id;
          }),
        ),
      );
      const rows = await db.query<{ id: string; bytecode_hash: string }>('SELECT id, bytecode_hash FROM contracts WHERE project_id = $1', [projectId]);
      assert.equal(rows.length, 1, JSON.stringify(rows));
      assert.ok(ids.every((id) => id === rows[0].id));
      assert.ok(hashes.includes(rows[0].bytecode_hash));
      // The same address on another chain is another contract; code without an address is one row per code.
      await db.transaction((tx) => storeBytecodeContract(tx, projectId, hashes[0], 5, address));
      await Promise.all([0, 1, 2, 3].map(() => db.transaction(async (tx) => { await storeBytecodeContract(tx, projectId, hashes[1], null, null); await tx.query('SELECT pg_sleep(0.2)'); })));
      const all = await db.query<{ chain_id: string | null; address: string | null }>('SELECT chain_id, address FROM contracts WHERE project_id = $1 ORDER BY chain_id NULLS LAST', [projectId]);
      assert.deepEqual(all.map((r) => [r.chain_id, r.address === null ? null : r.address.toLowerCase()]), [['1', address], ['5', address], [null, null]]);
      // The database itself refuses a second row for the address, whatever writes it.
      await assert.rejects(db.query('INSERT INTO contracts (project_id, name, chain_id, address, bytecode_hash) VALUES ($1, $2, 1, $3, $4)', [projectId, 'dup', address.toUpperCase(), hashes[2]]), /duplicate key value violates unique constraint "contracts_unique_address"/);

      // A database from before the unique indexes, with duplicates made by the old race: the migration keeps the oldest row of each.
      await db.exec('DROP INDEX contracts_unique_address; DROP INDEX contracts_unique_code');
      await db.query('DELETE FROM schema_migrations WHERE version = 4');
      await db.query("INSERT INTO contracts (project_id, name, chain_id, address, bytecode_hash, first_seen) VALUES ($1, 'late', 1, $2, $3, now() + interval '1 hour'), ($1, 'later', 1, $2, $3, now() + interval '2 hours')", [projectId, address, hashes[3]]);
      await db.query("INSERT INTO contracts (project_id, name, chain_id, address, bytecode_hash, first_seen) VALUES ($1, 'copy', NULL, NULL, $2, now() + interval '1 hour')", [projectId, hashes[1]]);
      assert.equal((await db.query('SELECT 1 FROM contracts WHERE project_id = $1', [projectId])).length, 6);
      assert.deepEqual(await migrate(db), [4]);
      const kept = await db.query<{ id: string }>('SELECT id FROM contracts WHERE project_id = $1 AND chain_id = 1', [projectId]);
      assert.deepEqual(kept.map((r) => r.id), [rows[0].id]);
      assert.equal((await db.query('SELECT 1 FROM contracts WHERE project_id = $1', [projectId])).length, 3);
    } finally {
      await db.close();
    }
  });
});
