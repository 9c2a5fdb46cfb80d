import assert from 'node:assert/strict';
import path from 'node:path';
import { DeepGate, type DeepEngine, type DeepRequest, type DeepResult } from '../../server/src/deepTier';
import { SynorError } from '../../engine/src/errors';

const result = (file: string): DeepResult => ({ findings: [], contracts: [], unavailable: file, timings: { compileMs: 0, measureMs: 0, cached: false } });

/** A stand-in for the engine's analyser: each request waits until the test finishes it; dispose rejects what is in flight, as the real one does. */
class FakeEngine implements DeepEngine {
  static made: FakeEngine[] = [];
  readonly started: string[] = [];
  disposed = false;
  private readonly inFlight = new Map<string, { resolve: (r: DeepResult) => void; reject: (e: unknown) => void }>();

  constructor() {
    FakeEngine.made.push(this);
  }

  analyze(req: DeepRequest): Promise<DeepResult> {
    this.started.push(path.basename(req.path));
    return new Promise((resolve, reject) => this.inFlight.set(path.basename(req.path), { resolve, reject }));
  }

  measureFix(): Promise<never> {
    return Promise.reject(new Error('not used'));
  }

  finish(name: string): void {
    const f = this.inFlight.get(name);
    assert.ok(f, `${name} is running on this engine`);
    this.inFlight.delete(name);
    f.resolve(result(name));
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const f of this.inFlight.values()) f.reject(new SynorError('cancelled', 'the deep analyser was disposed'));
    this.inFlight.clear();
  }
}

const req = (name: string, signal?: AbortSignal): DeepRequest => ({ path: path.resolve('/ws', name), text: '', signal });
const tick = () => new Promise((r) => setImmediate(r));

describe('deep tier queue (DeepGate)', () => {
  beforeEach(() => {
    FakeEngine.made = [];
  });

  it('runs one request at a time and the file in front first', async () => {
    let front: string | undefined;
    const gate = new DeepGate(() => new FakeEngine(), { frontFile: () => front, idleUnloadMs: 60_000 });
    const a = gate.analyze(req('A.sol'));
    const b = gate.analyze(req('B.sol'));
    const c = gate.analyze(req('C.sol'));
    await tick();
    const engine = FakeEngine.made[0];
    assert.deepEqual(engine.started, ['A.sol'], 'one at a time');
    front = path.resolve('/ws', 'C.sol');
    engine.finish('A.sol');
    assert.equal((await a).unavailable, 'A.sol');
    await tick();
    assert.deepEqual(engine.started, ['A.sol', 'C.sol'], 'the file in front jumps the queue');
    engine.finish('C.sol');
    await c;
    await tick();
    engine.finish('B.sol');
    assert.equal((await b).unavailable, 'B.sol');
    await gate.dispose();
  });

  it("pre-empts a background file's run for the file in front, and runs the background one again after", async () => {
    let front: string | undefined;
    const gate = new DeepGate(() => new FakeEngine(), { frontFile: () => front, idleUnloadMs: 60_000 });
    const background = gate.analyze(req('Big.sol'));
    await tick();
    assert.deepEqual(FakeEngine.made[0].started, ['Big.sol']);
    front = path.resolve('/ws', 'Front.sol');
    const inFront = gate.analyze(req('Front.sol'));
    await tick();
    await tick();
    assert.equal(FakeEngine.made[0].disposed, true, "the busy worker was stopped (solc can't be interrupted)");
    assert.equal(FakeEngine.made.length, 2);
    assert.deepEqual(FakeEngine.made[1].started, ['Front.sol'], 'the file in front runs at once on a fresh worker');
    FakeEngine.made[1].finish('Front.sol');
    assert.equal((await inFront).unavailable, 'Front.sol');
    await tick();
    assert.deepEqual(FakeEngine.made[1].started, ['Front.sol', 'Big.sol'], 'the background file runs again after');
    FakeEngine.made[1].finish('Big.sol');
    assert.equal((await background).unavailable, 'Big.sol', 'its caller gets its result, not a cancellation');
    assert.equal(gate.stats.preemptions, 1);
    await gate.dispose();
  });

  it('does not pre-empt a run of the file in front', async () => {
    const front = path.resolve('/ws', 'Front.sol');
    const gate = new DeepGate(() => new FakeEngine(), { frontFile: () => front, idleUnloadMs: 60_000 });
    const first = gate.analyze(req('Front.sol'));
    await tick();
    const other = gate.analyze(req('Other.sol'));
    await tick();
    assert.equal(FakeEngine.made.length, 1);
    assert.equal(FakeEngine.made[0].disposed, false);
    FakeEngine.made[0].finish('Front.sol');
    await first;
    await tick();
    FakeEngine.made[0].finish('Other.sol');
    await other;
    assert.equal(gate.stats.preemptions, 0);
    await gate.dispose();
  });

  it('drops a waiting request when its signal aborts', async () => {
    const gate = new DeepGate(() => new FakeEngine(), { idleUnloadMs: 60_000 });
    const a = gate.analyze(req('A.sol'));
    const controller = new AbortController();
    const b = gate.analyze(req('B.sol', controller.signal));
    controller.abort();
    await assert.rejects(b, (e: unknown) => e instanceof SynorError && e.code === 'cancelled');
    await tick();
    FakeEngine.made[0].finish('A.sol');
    await a;
    await tick();
    assert.deepEqual(FakeEngine.made[0].started, ['A.sol']);
    await gate.dispose();
  });

  it('lets the worker go after idle and starts a fresh one on the next request', async () => {
    const gate = new DeepGate(() => new FakeEngine(), { idleUnloadMs: 30 });
    const a = gate.analyze(req('A.sol'));
    await tick();
    FakeEngine.made[0].finish('A.sol');
    await a;
    assert.equal(gate.loaded, true);
    const deadline = Date.now() + 5000;
    while (gate.loaded && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(gate.loaded, false, 'unloaded after idle');
    assert.equal(FakeEngine.made[0].disposed, true);
    assert.equal(gate.stats.unloads, 1);
    const b = gate.analyze(req('B.sol'));
    await tick();
    assert.equal(FakeEngine.made.length, 2, 'a fresh worker for the next request');
    FakeEngine.made[1].finish('B.sol');
    await b;
    await gate.dispose();
  });
});
