import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { collectGarbage, HeapCompactor } from '../../server/src/projects';
import type { StatusResult } from '../../server/src/handlers/status';
import { TestClient, waitUntil } from './client';

/** A contract deriving from the project's base, with a tx.origin check (a fast-tier finding) and an unused local (a compiler warning). */
function contract(name: string, n: number): string {
  const fns = Array.from({ length: 12 }, (_, i) => `    function f${i}(uint256 a) external returns (uint256) {\n        uint256 unused${i} = a;\n        require(tx.origin == owner, "owner");\n        total += a * ${i + n};\n        return total;\n    }\n`).join('');
  return `// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\n\nimport {Base} from "./Base.sol";\n\ncontract ${name} is Base {\n${fns}}\n`;
}

const BASE = '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\n\nabstract contract Base {\n    address internal owner = msg.sender;\n    uint256 internal total;\n}\n';

const keys = (diags: Array<{ code?: unknown; range: { start: { line: number; character: number } } }>) => diags.map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}`).sort();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('server: what it holds as documents open and close (synor/status)', function () {
  this.timeout(300000);
  const N = 16;
  let dir: string;
  let client: TestClient;
  const file = (i: number) => path.join(dir, 'src', `C${i}.sol`);
  const status = async () => (await client.rawRequest('synor/status', undefined, 60000)).result as StatusResult;

  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'synor-release-')));
    fs.writeFileSync(path.join(dir, 'foundry.toml'), '[profile.default]\nsrc = "src"\n');
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'Base.sol'), BASE);
    for (let i = 0; i < N; i++) fs.writeFileSync(file(i), contract(`C${i}`, i));
    // Only saves start the deep tier, so that the test decides when it runs.
    client = await TestClient.start({ root: dir, settings: { debounceMs: 0, logLevel: 'debug', deepAnalysis: { onSave: true, onIdle: false } } });
    await waitUntil(() => client.logs.some((l) => l.includes('workspace index ready')) || undefined, 'the workspace index', 120000);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers synor/status with each thread’s memory before anything is open', async () => {
    const s = await status();
    assert.ok(s.main.heapUsed > 0 && s.main.rss >= s.main.heapUsed);
    assert.ok(s.fast && s.fast.memory.heapUsed > 0, JSON.stringify(s.fast));
    assert.deepEqual([s.documents.open, s.documents.held, s.fast.overlays, s.fast.files], [0, 0, 0, 0]);
    assert.equal(s.deep?.loaded, false, 'no compiler is loaded before a deep run');
  });

  it('runs the deep tier in a process of its own, ends that process after idle, and compiles again in a new one with the same diagnostics', async () => {
    const uri = TestClient.uri(file(0));
    client.open(uri, fs.readFileSync(file(0), 'utf8'), 1);
    await client.diagnosticsFor(uri, 1, 120000);
    const compiled = (version: number) => () => {
      const p = client.latest(uri);
      // The compiler's own findings for this text, not those carried from the last compile.
      return p && p.version === version && p.diagnostics.some((d) => d.code === 'compiler-warning' && !d.message.includes('from the last compile')) ? p.diagnostics : undefined;
    };
    client.save(uri);
    const first = await waitUntil(compiled(1), 'compiler warnings merged', 180000);
    assert.ok(first.some((d) => d.code === 'tx-origin-auth'), 'the fast tier’s findings stand beside the compiler’s');
    const loaded = await status();
    assert.equal(loaded.deep?.loaded, true);
    const worker = loaded.deep!.worker!;
    assert.ok(worker, 'the loaded worker answers');
    assert.notEqual(worker.pid, client.proc.pid, 'the compiler runs in a child process, not in the server’s');
    assert.ok(worker.compilers.some((c) => c.startsWith('0.8.')), worker.compilers.join(', '));
    assert.ok(alive(worker.pid));

    // Let go after DEEP_IDLE_UNLOAD_MS (20 s) without a request: the process exits, and what it held with it.
    let after: StatusResult | undefined;
    for (const t0 = Date.now(); Date.now() - t0 < 120000; ) {
      after = await status();
      if (!after.deep?.loaded) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    assert.equal(after?.deep?.loaded, false, 'the deep worker was let go after idle');
    assert.ok(after!.deep!.unloads >= 1);
    await waitUntil(() => !alive(worker.pid) || undefined, 'the deep worker’s process to exit', 10000);

    // A new run starts a new worker, and the same text gets the same diagnostics.
    const v = client.replaceAll(uri, fs.readFileSync(file(0), 'utf8') + '\n');
    await client.diagnosticsFor(uri, v, 120000);
    client.save(uri);
    const again = await waitUntil(compiled(v), 'compiler warnings after the reload', 180000);
    assert.deepEqual(keys(again), keys(first));
    const reloaded = await status();
    assert.equal(reloaded.deep?.loaded, true);
    assert.notEqual(reloaded.deep?.worker?.pid, worker.pid, 'a new process');
    client.close(uri);
  });

  it('holds what open documents need while they are open, none of it once they are closed, and a reopened file gets the same diagnostics', async () => {
    const uris = Array.from({ length: N }, (_, i) => TestClient.uri(file(i)));
    const first = new Map<string, string[]>();
    for (const [i, uri] of uris.entries()) client.open(uri, fs.readFileSync(file(i), 'utf8'), 1);
    for (const uri of uris) first.set(uri, keys(await client.diagnosticsFor(uri, 1, 120000)));
    assert.ok([...first.values()].every((k) => k.some((x) => x.startsWith('tx-origin-auth'))));
    const open = await status();
    assert.equal(open.documents.open, N);
    assert.equal(open.fast?.overlays, N);
    // Every open document and the base they import, parsed in their project.
    assert.ok((open.fast?.files ?? 0) >= N + 1, JSON.stringify(open.fast));
    const generation = open.fast!.generation;

    for (const uri of uris) client.close(uri);
    // The worker lets go of the files at the last close and is replaced by a fresh one 5 s later.
    let closed: StatusResult | undefined;
    for (const t0 = Date.now(); Date.now() - t0 < 60000; ) {
      closed = await status();
      if (closed.fast && closed.fast.generation > generation) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok(closed?.fast && closed.fast.generation > generation, `the fast worker replaced: ${JSON.stringify(closed?.fast)}`);
    assert.deepEqual([closed.documents.open, closed.documents.held, closed.documents.cachedResults], [0, 0, 0]);
    assert.deepEqual([closed.fast.overlays, closed.fast.files, closed.fast.recentParses], [0, 0, 0]);

    // Reopened after everything was dropped: the same findings as the first time.
    for (const i of [0, 7, N - 1]) {
      client.open(uris[i], fs.readFileSync(file(i), 'utf8'), 1);
      assert.deepEqual(keys(await client.diagnosticsFor(uris[i], 1, 120000)), first.get(uris[i]));
    }
    for (const i of [0, 7, N - 1]) client.close(uris[i]);
    assert.ok(!client.logs.some((l) => l.startsWith('[error]')), client.logs.filter((l) => l.startsWith('[error]')).join('\n'));
  });
});

describe('heap compaction after a burst of work (HeapCompactor)', () => {
  it('compacts an idle thread whose heap grew, giving the pages back, and leaves alone one whose heap did not grow', async () => {
    const heap = () => v8.getHeapStatistics().total_heap_size;
    // This process may have run other tests: compact first, so that what follows grows the
    // committed heap rather than filling free space the earlier tests left.
    await collectGarbage();
    const quiet = new HeapCompactor(20, 512 * 1024 * 1024);
    const compactor = new HeapCompactor(20, 16 * 1024 * 1024);
    // Grow the heap with objects that live long enough to reach the old generation, then drop nine in ten.
    let held: Array<{ i: number; s: string; a: number[] }> = [];
    for (let i = 0; i < 600_000; i++) held.push({ i, s: `item ${i}`, a: [i, i + 1] });
    held = held.filter((_, i) => i % 10 === 0);
    const grown = heap();
    quiet.idle();
    compactor.idle();
    await waitUntil(() => compactor.stats.compactions > 0 || undefined, 'a compaction', 20000);
    assert.equal(quiet.stats.compactions, 0, 'a heap that did not grow by its threshold is left alone');
    assert.ok(compactor.stats.heapAfter < grown - 16 * 1024 * 1024, `heap ${(grown / 1048576).toFixed(0)} MB → ${(compactor.stats.heapAfter / 1048576).toFixed(0)} MB`);
    assert.equal(held.length, 60_000);
  });
});
