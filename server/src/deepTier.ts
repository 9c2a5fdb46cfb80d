/**
 * The deep tier (compile, compiler diagnostics, gas per function, measured
 * fix savings) as the server uses it: on save and after idle, never on the
 * typing path, with a time limit, and its results tied to the document
 * version they were computed for.
 */
import path from 'node:path';
import type { Finding, FindingGas } from '../../engine/src';
import { SynorError } from '../../engine/src/errors';
import { DeepAnalyzer, type DeepRequest, type DeepResult } from '../../engine/src/deep';

export type { DeepRequest, DeepResult, ContractReport, FunctionGas } from '../../engine/src/deep';

/** What the server needs of the deep tier. */
export interface DeepEngine {
  analyze(req: DeepRequest): Promise<DeepResult>;
  measureFix(req: DeepRequest, finding: Finding, fixIndex: number): Promise<FindingGas>;
  dispose(): Promise<void>;
}

/** The deep tier's result for one version of a document. */
export interface DeepSnapshot {
  version: number | null;
  hash: string;
  /** Set while a run is in progress and nothing has been measured yet. */
  pending?: boolean;
  result?: DeepResult;
  /** Why there is no result: the deep tier is absent, failed or timed out. */
  unavailable?: string;
  ms?: number;
}

type Log = (level: 'error' | 'warn' | 'info' | 'debug', message: string) => void;

/**
 * How long the deep tier's worker (and the compiler loaded in it, 100 MB and
 * more) stays loaded after its last request. A run after that starts a fresh
 * worker and loads the compiler again, a second or two.
 */
export const DEEP_IDLE_UNLOAD_MS = 20_000;

export interface DeepEngineOptions {
  /** The file in front (focused), if any: its requests go first and may pre-empt a background one. */
  frontFile?: () => string | undefined;
  idleUnloadMs?: number;
}

/** Starts the engine's deep tier (its worker starts lazily, on the first request), or explains why there is none. */
export function loadDeepEngine(log: Log, workerPath: string | undefined, options: DeepEngineOptions = {}): { engine?: DeepEngine; unavailable?: string } {
  if (!workerPath) return { unavailable: 'the deep-tier worker (engine/out/worker.js) is missing from this build' };
  try {
    const make = (): DeepEngine => new DeepAnalyzer({ workerPath, log: (level, message) => log(level, `deep: ${message}`) });
    return { engine: new DeepGate(make, { log, ...options }) };
  } catch (err) {
    return { unavailable: `the deep tier could not start: ${(err as Error).message}` };
  }
}

interface Waiting {
  file: string;
  /** A measured fix is asked for by the user, who waits for it: always in front. */
  urgent: boolean;
  seq: number;
  start: (engine: DeepEngine) => Promise<DeepResult | FindingGas>;
  resolve: (v: DeepResult | FindingGas) => void;
  reject: (e: unknown) => void;
  signal?: AbortSignal;
}

/**
 * The one deep-tier queue of the server, in front of the engine's analyser.
 *
 * - One request at a time reaches the worker; of those waiting, the file in
 *   front (focused) goes first, then the others in the order they came.
 * - A request for the file in front that finds the worker busy with a
 *   background file's compilation pre-empts it: solc cannot be interrupted, so
 *   that worker is stopped and a fresh one serves the front file; the
 *   background request is sent again after it, and its caller only sees it
 *   take longer. Without this, one long compilation of a file in the
 *   background kept the file in front "pending" for as long.
 * - The worker, and the compiler and caches it holds, is let go after
 *   `idleUnloadMs` without a request, and started again on the next one.
 */
export class DeepGate implements DeepEngine {
  private inner: DeepEngine | undefined;
  private readonly waiting: Waiting[] = [];
  private running: Waiting | undefined;
  /** Set on the running request when it is pre-empted: its rejection means "send again", not failure. */
  private preempted: Waiting | undefined;
  private seq = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly frontFile: () => string | undefined;
  private readonly idleUnloadMs: number;
  private readonly log: Log;
  /** How many workers were let go for idleness, and how many requests were pre-empted (for tests and logs). */
  readonly stats = { unloads: 0, preemptions: 0 };

  constructor(
    private readonly make: () => DeepEngine,
    options: DeepEngineOptions & { log?: Log } = {},
  ) {
    this.frontFile = options.frontFile ?? (() => undefined);
    this.idleUnloadMs = options.idleUnloadMs ?? DEEP_IDLE_UNLOAD_MS;
    this.log = options.log ?? (() => undefined);
  }

  /** Whether a worker is loaded now. */
  get loaded(): boolean {
    return this.inner !== undefined;
  }

  analyze(req: DeepRequest): Promise<DeepResult> {
    return this.enqueue(req.path, false, req.signal, (e) => e.analyze(req)) as Promise<DeepResult>;
  }

  measureFix(req: DeepRequest, finding: Finding, fixIndex: number): Promise<FindingGas> {
    return this.enqueue(req.path, true, req.signal, (e) => e.measureFix(req, finding, fixIndex)) as Promise<FindingGas>;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    for (const w of this.waiting.splice(0)) w.reject(new SynorError('cancelled', 'the deep analyser was disposed'));
    const inner = this.inner;
    this.inner = undefined;
    await inner?.dispose();
  }

  private enqueue(file: string, urgent: boolean, signal: AbortSignal | undefined, start: Waiting['start']): Promise<DeepResult | FindingGas> {
    if (this.disposed) return Promise.reject(new SynorError('cancelled', 'the deep analyser was disposed'));
    return new Promise((resolve, reject) => {
      const w: Waiting = { file: path.resolve(file), urgent, seq: this.seq++, start, resolve, reject, signal };
      if (signal) {
        signal.addEventListener(
          'abort',
          () => {
            const i = this.waiting.indexOf(w);
            if (i < 0) return;
            this.waiting.splice(i, 1);
            reject(new SynorError('cancelled', 'cancelled'));
          },
          { once: true },
        );
      }
      this.waiting.push(w);
      if (this.idleTimer) clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
      this.maybePreempt(w);
      this.pump();
    });
  }

  private inFront(w: Waiting): boolean {
    if (w.urgent) return true;
    const front = this.frontFile();
    return front !== undefined && path.resolve(front) === w.file;
  }

  /** Stops a background request's run when a request for the file in front arrives behind it. */
  private maybePreempt(w: Waiting): void {
    const r = this.running;
    if (!r || r.file === w.file || !this.inFront(w) || this.inFront(r)) return;
    this.stats.preemptions++;
    this.log('info', `deep: ${path.basename(r.file)} gives way to ${path.basename(w.file)} in front; it runs again after`);
    this.preempted = r;
    const inner = this.inner;
    this.inner = undefined;
    // Its pending request is rejected as cancelled (see `settle`); the worker is terminated.
    void inner?.dispose();
  }

  private pick(): Waiting | undefined {
    let best = -1;
    for (let i = 0; i < this.waiting.length; i++) {
      const w = this.waiting[i];
      if (w.signal?.aborted) continue;
      if (best < 0 || (this.inFront(w) && !this.inFront(this.waiting[best]))) best = i;
    }
    return best < 0 ? undefined : this.waiting.splice(best, 1)[0];
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const w = this.pick();
    if (!w) {
      this.armIdle();
      return;
    }
    this.running = w;
    const engine = (this.inner ??= this.make());
    let p: Promise<DeepResult | FindingGas>;
    try {
      p = w.start(engine);
    } catch (err) {
      p = Promise.reject(err);
    }
    p.then(
      (v) => this.settle(w, () => w.resolve(v)),
      (e) => this.settle(w, () => w.reject(e)),
    );
  }

  private settle(w: Waiting, answer: () => void): void {
    if (this.running === w) this.running = undefined;
    if (this.preempted === w) {
      this.preempted = undefined;
      if (!w.signal?.aborted && !this.disposed) {
        // Sent again, behind what is in front (`pick` prefers it).
        this.waiting.push(w);
        return this.pump();
      }
    }
    answer();
    this.pump();
  }

  private armIdle(): void {
    if (this.idleTimer || !this.inner || this.disposed) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.running || this.waiting.length > 0 || !this.inner) return;
      const inner = this.inner;
      this.inner = undefined;
      this.stats.unloads++;
      this.log('debug', 'deep: worker unloaded after idle');
      void inner.dispose();
    }, this.idleUnloadMs);
    this.idleTimer.unref();
  }
}
