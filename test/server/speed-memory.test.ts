import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RECYCLE_AFTER_MS } from '../../server/src/fastTier';
import { TestClient, waitUntil } from './client';
import { syntheticContract } from './synth';

describe('server: memory once every document is closed', function () {
  this.timeout(180000);
  let client: TestClient;
  let dir: string;
  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'synor-recycle-')));
    fs.writeFileSync(path.join(dir, 'foundry.toml'), '[profile.default]\nsrc = "src"\n');
    fs.mkdirSync(path.join(dir, 'src'));
    for (let i = 0; i < 6; i++) fs.writeFileSync(path.join(dir, `src/C${i}.sol`), syntheticContract(60, `C${i}`));
    client = await TestClient.start({ root: dir, settings: { debounceMs: 0, logLevel: 'debug', deepAnalysis: { onSave: false, onIdle: false } } });
    await waitUntil(() => client.logs.some((l) => l.includes('workspace index ready')) || undefined, 'the workspace index', 60000);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('replaces the idle analysis worker by a fresh one after the last close, links the workspace again, and analyses as before', async () => {
    const uris = [0, 1, 2].map((i) => TestClient.uri(path.join(dir, `src/C${i}.sol`)));
    const before: string[][] = [];
    for (const [i, uri] of uris.entries()) {
      client.open(uri, fs.readFileSync(path.join(dir, `src/C${i}.sol`), 'utf8'), 1);
      before.push((await client.diagnosticsFor(uri, 1, 60000)).map((d) => `${d.code}@${d.range.start.line}`));
    }
    assert.ok(before[0].some((k) => k.startsWith('tx-origin-auth')));
    const replaced = () => client.logs.some((l) => l.includes('analysis worker was replaced by a fresh one'));
    // Closing some documents keeps the worker: the others are still open.
    client.close(uris[0]);
    client.close(uris[1]);
    await new Promise((r) => setTimeout(r, RECYCLE_AFTER_MS + 1500));
    assert.ok(!replaced(), 'a document is still open');
    client.close(uris[2]);
    await waitUntil(() => replaced() || undefined, 'the worker replaced', RECYCLE_AFTER_MS + 30000);
    await waitUntil(() => client.logs.some((l) => l.includes('linking the sources again')) || undefined, 'the workspace linked again', 60000);
    // Reopened: the same findings, from the fresh worker.
    client.open(uris[0], fs.readFileSync(path.join(dir, 'src/C0.sol'), 'utf8'), 1);
    const again = (await client.diagnosticsFor(uris[0], 1, 60000)).map((d) => `${d.code}@${d.range.start.line}`);
    assert.deepEqual(again, before[0]);
    assert.ok(!client.logs.some((l) => l.startsWith('[error]')), client.logs.filter((l) => l.startsWith('[error]')).join('\n'));
  });
});
