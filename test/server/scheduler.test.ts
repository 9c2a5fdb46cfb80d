import assert from 'node:assert/strict';
import { Priority, Scheduler } from '../../server/src/scheduler';
import { waitUntil } from './client';

/** A runner whose tasks finish when the test releases them, recording what ran. */
function harness(preemptAfterMs?: number) {
  const ran: string[] = [];
  const aborted: string[] = [];
  const release = new Map<string, () => void>();
  const scheduler = new Scheduler(
    (key, gen, signal) =>
      new Promise<void>((resolve) => {
        ran.push(`${key}@${gen}`);
        signal.addEventListener('abort', () => {
          aborted.push(`${key}@${gen}`);
          resolve();
        });
        release.set(`${key}@${gen}`, resolve);
      }),
    (key, err) => {
      throw new Error(`${key}: ${String(err)}`);
    },
    preemptAfterMs,
  );
  return { scheduler, ran, aborted, release };
}

describe('server: scheduler', () => {
  it('runs the active document first, then open documents, then background work', async () => {
    const h = harness();
    const blocker = h.scheduler.schedule('blocker', 1, Priority.Open, 0);
    await waitUntil(() => h.ran.length === 1 || undefined, 'blocker running');
    const outcomes = [h.scheduler.schedule('scan', 0, Priority.Background, 0), h.scheduler.schedule('open', 1, Priority.Open, 0), h.scheduler.schedule('front', 1, Priority.Open, 0)];
    h.scheduler.setActive('front');
    h.release.get('blocker@1')!();
    for (const key of ['front@1', 'open@1', 'scan@0']) {
      await waitUntil(() => h.release.has(key) || undefined, key);
      h.release.get(key)!();
    }
    assert.deepEqual(h.ran, ['blocker@1', 'front@1', 'open@1', 'scan@0']);
    assert.deepEqual(await Promise.all([blocker, ...outcomes]), ['done', 'done', 'done', 'done']);
  });

  it('debounces per document: only the last version of a burst runs', async () => {
    const h = harness();
    const outcomes = [1, 2, 3, 4].map((v) => h.scheduler.schedule('doc', v, Priority.Open, 30));
    await waitUntil(() => h.release.has('doc@4') || undefined, 'doc@4');
    h.release.get('doc@4')!();
    assert.deepEqual(await Promise.all(outcomes), ['superseded', 'superseded', 'superseded', 'done']);
    assert.deepEqual(h.ran, ['doc@4']);
  });

  it('aborts the running task of a document when a newer version is scheduled, not other documents', async () => {
    const h = harness();
    const first = h.scheduler.schedule('doc', 1, Priority.Open, 0);
    await waitUntil(() => h.ran.includes('doc@1') || undefined, 'doc@1 running');
    void h.scheduler.schedule('other', 1, Priority.Open, 0);
    void h.scheduler.schedule('doc', 2, Priority.Open, 0);
    assert.equal(await first, 'superseded');
    assert.deepEqual(h.aborted, ['doc@1']);
    await waitUntil(() => h.ran.length === 2 || undefined, 'next task');
    assert.ok(!h.aborted.includes('other@1'));
    h.scheduler.cancel('doc');
    h.scheduler.cancel('other');
  });

  it('restarts the running task of the same version when what it read changed, and only then', async () => {
    const h = harness();
    const first = h.scheduler.schedule('doc', 1, Priority.Open, 0);
    await waitUntil(() => h.ran.includes('doc@1') || undefined, 'doc@1 running');
    // The same version again, plainly: the running task goes on.
    const again = h.scheduler.schedule('doc', 1, Priority.Open, 0);
    assert.deepEqual(h.aborted, []);
    // An import of the document changed: the running task is cancelled and the version runs again.
    const restarted = h.scheduler.schedule('doc', 1, Priority.Open, 0, true);
    assert.equal(await first, 'superseded');
    assert.equal(await again, 'superseded');
    assert.deepEqual(h.aborted, ['doc@1']);
    await waitUntil(() => h.ran.length === 2 || undefined, 'doc@1 again');
    assert.deepEqual(h.ran, ['doc@1', 'doc@1']);
    h.release.get('doc@1')!();
    assert.equal(await restarted, 'done');
  });

  it('preempts a long task for another document, runs that first, then the long one again', async () => {
    const h = harness(30);
    const long = h.scheduler.schedule('costly', 1, Priority.Open, 0);
    await waitUntil(() => h.ran.includes('costly@1') || undefined, 'costly@1 running');
    const small = h.scheduler.schedule('small', 1, Priority.Open, 0);
    // The costly task has run for less than its slice: it goes on for now, then gives way.
    assert.deepEqual(h.aborted, []);
    await waitUntil(() => h.aborted.includes('costly@1') || undefined, 'costly@1 preempted');
    await waitUntil(() => h.release.has('small@1') || undefined, 'small@1 running');
    h.release.get('small@1')!();
    assert.equal(await small, 'done');
    // It runs again, from the start, and its promise settles only then.
    await waitUntil(() => h.ran.filter((r) => r === 'costly@1').length === 2 || undefined, 'costly@1 again');
    assert.deepEqual(h.ran, ['costly@1', 'small@1', 'costly@1']);
    h.release.get('costly@1')!();
    assert.equal(await long, 'done');
  });

  it('never preempts for background work, nor the document in front for another open one', async () => {
    const h = harness(10);
    const front = h.scheduler.schedule('front', 1, Priority.Open, 0);
    h.scheduler.setActive('front');
    await waitUntil(() => h.ran.includes('front@1') || undefined, 'front@1 running');
    const scan = h.scheduler.schedule('scan', 0, Priority.Background, 0);
    const other = h.scheduler.schedule('other', 1, Priority.Open, 0);
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(h.aborted, [], 'the document in front runs to its end');
    h.release.get('front@1')!();
    for (const key of ['other@1', 'scan@0']) {
      await waitUntil(() => h.release.has(key) || undefined, key);
      h.release.get(key)!();
    }
    assert.deepEqual(await Promise.all([front, other, scan]), ['done', 'done', 'done']);
    assert.deepEqual(h.ran, ['front@1', 'other@1', 'scan@0']);
    // Background work does give way to an open document.
    const scan2 = h.scheduler.schedule('scan2', 0, Priority.Background, 0);
    await waitUntil(() => h.ran.includes('scan2@0') || undefined, 'scan2@0 running');
    const opened = h.scheduler.schedule('opened', 1, Priority.Open, 0);
    await waitUntil(() => h.aborted.includes('scan2@0') || undefined, 'scan2@0 preempted');
    await waitUntil(() => h.release.has('opened@1') || undefined, 'opened@1 running');
    h.release.get('opened@1')!();
    assert.equal(await opened, 'done');
    await waitUntil(() => h.ran.filter((r) => r === 'scan2@0').length === 2 || undefined, 'scan2@0 again');
    h.release.get('scan2@0')!();
    assert.equal(await scan2, 'done');
  });

  it('running background work gives way to an open document at once, not after the preemption delay', async () => {
    // A delay no test waits for: only background work may be preempted before it.
    const h = harness(60_000);
    const slice = h.scheduler.schedule('index', 0, Priority.Background, 0);
    await waitUntil(() => h.ran.includes('index@0') || undefined, 'index@0 running');
    const opened = h.scheduler.schedule('opened', 1, Priority.Open, 0);
    await waitUntil(() => h.aborted.includes('index@0') || undefined, 'index@0 preempted', 1000);
    await waitUntil(() => h.release.has('opened@1') || undefined, 'opened@1 running', 1000);
    h.release.get('opened@1')!();
    assert.equal(await opened, 'done');
    // The background task runs again afterwards, and settles only then.
    await waitUntil(() => h.ran.filter((r) => r === 'index@0').length === 2 || undefined, 'index@0 again');
    h.release.get('index@0')!();
    assert.equal(await slice, 'done');
    assert.deepEqual(h.ran, ['index@0', 'opened@1', 'index@0']);
  });

  it('a preempted task whose document changed meanwhile is superseded, not run again', async () => {
    const h = harness(10);
    const first = h.scheduler.schedule('doc', 1, Priority.Open, 0);
    await waitUntil(() => h.ran.includes('doc@1') || undefined, 'doc@1 running');
    const other = h.scheduler.schedule('other', 1, Priority.Open, 0);
    await waitUntil(() => h.aborted.includes('doc@1') || undefined, 'doc@1 preempted');
    const second = h.scheduler.schedule('doc', 2, Priority.Open, 0);
    assert.equal(await first, 'superseded');
    await waitUntil(() => h.release.has('other@1') || undefined, 'other@1 running');
    h.release.get('other@1')!();
    await waitUntil(() => h.release.has('doc@2') || undefined, 'doc@2 running');
    h.release.get('doc@2')!();
    assert.deepEqual(await Promise.all([other, second]), ['done', 'done']);
    assert.deepEqual(h.ran, ['doc@1', 'other@1', 'doc@2']);
  });
});
