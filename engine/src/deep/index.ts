import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Finding, FindingGas } from '../types';
import { SynorError } from '../errors';
import { awaitReply } from '../reply';
import { packageRoot } from '../compile/compilers';
import type { DeepRequest, DeepResult, DeepWorkerStatus, FromWorker, ToWorker, WireRequest } from './protocol';

export type { DeepRequest, DeepResult, ContractReport, FunctionGas, DeepWorkerStatus, ThreadMemory } from './protocol';
export { mergeFindings, typedRuleIds } from './typed';

type Level = 'debug' | 'info' | 'warn' | 'error';

interface Job {
  id: number;
  message: ToWorker;
  timeoutMs: number;
  signal?: AbortSignal;
  resolve: (v: DeepResult | FindingGas) => void;
  reject: (e: unknown) => void;
  /** What to answer when the time limit passes or the worker dies; the caller never sees a rejection for those. */
  fallback: (why: string) => DeepResult | FindingGas;
  onAbort?: () => void;
  timer?: NodeJS.Timeout;
  started?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * The deep tier's worker as the analyser talks to it: a worker thread by
 * default; the language server starts it as a child process instead (see
 * `DeepAnalyzerOptions.start`). Both carry the same messages.
 */
export interface DeepChannel {
  postMessage(m: ToWorker): void;
  on(event: 'message', fn: (m: FromWorker) => void): unknown;
  on(event: 'error', fn: (err: Error) => void): unknown;
  on(event: 'exit', fn: (code: number) => void): unknown;
  terminate(): Promise<unknown>;
  /** Whether the channel keeps the process alive (only while a request is in flight). */
  ref(): void;
  unref(): void;
}

/** Starts the worker at `workerPath`; `execArgv` are Node's flags for it (tsx for a TypeScript source). */
export type DeepStarter = (workerPath: string, execArgv: string[] | undefined) => DeepChannel;

const startThread: DeepStarter = (workerPath, execArgv) => new Worker(workerPath, { execArgv }) as unknown as DeepChannel;

export interface DeepAnalyzerOptions {
  workerPath?: string;
  log?: (level: Level, message: string) => void;
  /** How the worker is started; a worker thread when left out. */
  start?: DeepStarter;
}

const transients = new WeakSet<object>();

function transient<T extends object>(v: T): T {
  transients.add(v);
  return v;
}

/**
 * Whether an answer says nothing about the code: the time limit passed, the
 * worker died or failed. Such an answer is not cached; asking again may measure.
 */
export function isTransient(v: object): boolean {
  return transients.has(v);
}

/**
 * The deep tier: compiles Solidity with solc and measures gas in the EVM, in
 * a worker thread with typed messages. Requests run one at a time; each has a
 * time limit past which the worker is terminated and a fresh one started.
 * Results are cached in the worker by a hash of every input and setting.
 */
export class DeepAnalyzer {
  private worker: DeepChannel | undefined;
  private readonly startWorker: DeepStarter;
  private readonly queue: Job[] = [];
  private running: Job | undefined;
  /** A cancelled job whose worker is still busy with it: the next job waits for its answer. */
  private draining: number | undefined;
  private nextId = 1;
  private disposed = false;
  private readonly workerPath: string;
  private readonly log: (level: Level, message: string) => void;
  private readonly statusWaits = new Map<number, (s: DeepWorkerStatus | undefined) => void>();

  constructor(options: DeepAnalyzerOptions = {}) {
    this.workerPath = options.workerPath ?? path.join(packageRoot(), 'engine', 'out', 'worker.js');
    this.log = options.log ?? (() => undefined);
    this.startWorker = options.start ?? startThread;
  }

  /** Compiles and measures a file. Never rejects for problems in the user's code; rejects with SynorError 'cancelled' when cancelled. */
  analyze(req: DeepRequest): Promise<DeepResult> {
    return this.submit(req, (id, wire) => ({ id, kind: 'analyze', req: wire }), (why) => transient({ findings: [], contracts: [], unavailable: why, timings: { compileMs: 0, measureMs: 0, cached: false } })) as Promise<DeepResult>;
  }

  /** Measures the gas of a finding's fix, before and after; `{ unmeasured: why }` when it cannot. */
  measureFix(req: DeepRequest, finding: Finding, fixIndex: number): Promise<FindingGas> {
    return this.submit(req, (id, wire) => ({ id, kind: 'measureFix', req: wire, finding, fixIndex }), (why) => transient({ unmeasured: why })) as Promise<FindingGas>;
  }

  /**
   * What the worker holds (its memory, cached runs, compilers loaded);
   * undefined when no worker is running, or it does not answer within
   * `timeoutMs` (it answers between the steps of a run, not inside a compilation).
   */
  status(timeoutMs = 10_000): Promise<DeepWorkerStatus | undefined> {
    const w = this.worker;
    if (!w) return Promise.resolve(undefined);
    const id = this.nextId++;
    return awaitReply(this.statusWaits, id, timeoutMs, () => w.postMessage({ id, kind: 'status' } satisfies ToWorker));
  }

  /** Stops the worker; pending requests are rejected as cancelled. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const pending = [...this.queue, ...(this.running ? [this.running] : [])];
    this.queue.length = 0;
    this.running = undefined;
    for (const j of pending) this.finish(j, () => j.reject(new SynorError('cancelled', 'the deep analyser was disposed')));
    const w = this.worker;
    this.worker = undefined;
    for (const done of [...this.statusWaits.values()]) done(undefined);
    if (w) await w.terminate();
  }

  private submit(req: DeepRequest, make: (id: number, wire: WireRequest) => ToWorker, fallback: Job['fallback']): Promise<DeepResult | FindingGas> {
    if (this.disposed) return Promise.reject(new SynorError('cancelled', 'the deep analyser was disposed'));
    if (req.signal?.aborted) return Promise.reject(new SynorError('cancelled', 'cancelled'));
    const { signal, timeoutMs, ...wire } = req;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const job: Job = { id, message: make(id, wire), timeoutMs: timeoutMs ?? DEFAULT_TIMEOUT_MS, signal, resolve, reject, fallback };
      if (signal) {
        job.onAbort = () => this.cancel(job);
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.pump();
    });
  }

  private cancel(job: Job): void {
    const i = this.queue.indexOf(job);
    if (i >= 0) this.queue.splice(i, 1);
    else if (this.running === job) {
      // solc cannot be interrupted mid-compile; the worker stops at its next step
      // and stays warm. The time limit still applies to that remainder.
      this.worker?.postMessage({ id: job.id, kind: 'cancel' } satisfies ToWorker);
      this.draining = job.id;
      this.running = undefined;
      const t = setTimeout(() => {
        if (this.draining === job.id) this.restart(`a cancelled request ran past its time limit`);
      }, Math.max(0, job.timeoutMs - (Date.now() - (job.started ?? Date.now()))));
      t.unref();
    } else return;
    this.finish(job, () => job.reject(new SynorError('cancelled', 'cancelled')));
  }

  private finish(job: Job, settle: () => void): void {
    if (job.timer) clearTimeout(job.timer);
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    settle();
  }

  private ensureWorker(): DeepChannel {
    if (this.worker) return this.worker;
    if (!fs.existsSync(this.workerPath)) throw new SynorError('compiler-unavailable', `the deep-analysis worker ${this.workerPath} is missing; run the build (node scripts/build.mjs)`);
    // The TypeScript source can run as the worker through tsx, which tests use to avoid a stale bundle.
    const execArgv = this.workerPath.endsWith('.ts') ? ['--require', 'tsx/cjs'] : undefined;
    const w = this.startWorker(this.workerPath, execArgv);
    w.on('message', (m: FromWorker) => this.onMessage(w, m));
    w.on('error', (err) => {
      this.log('error', `worker failed: ${err.stack ?? err.message}`);
      if (this.worker === w) this.restart(`the analysis worker failed: ${err.message}`);
    });
    w.on('exit', (code) => {
      if (this.worker === w) this.restart(`the analysis worker exited (code ${code})`);
    });
    w.unref();
    this.worker = w;
    return w;
  }

  /** Drops the worker (terminating it) and answers the running job with its fallback. */
  private restart(why: string): void {
    const w = this.worker;
    this.worker = undefined;
    for (const done of [...this.statusWaits.values()]) done(undefined);
    this.draining = undefined;
    if (w) void w.terminate();
    const job = this.running;
    this.running = undefined;
    if (job) {
      this.log('warn', why);
      this.finish(job, () => job.resolve(job.fallback(why)));
    }
    this.pump();
  }

  private onMessage(w: DeepChannel, m: FromWorker): void {
    if (w !== this.worker) return;
    if (m.kind === 'log') return this.log(m.level, m.message);
    if (m.kind === 'status') return this.statusWaits.get(m.id)?.(m.status);
    if (this.draining === m.id) {
      this.draining = undefined;
      return this.pump();
    }
    const job = this.running;
    if (!job || job.id !== m.id) return;
    this.running = undefined;
    if (m.kind === 'result') this.finish(job, () => job.resolve(m.result));
    else if (m.code === 'cancelled') this.finish(job, () => job.reject(new SynorError('cancelled', 'cancelled')));
    else {
      // An internal failure is Synor's bug, not the user's: report it in the result and the log.
      this.log('error', m.message);
      const first = m.message.split('\n')[0];
      this.finish(job, () => job.resolve(job.fallback(`internal error in the deep tier: ${first}`)));
    }
    this.pump();
  }

  private pump(): void {
    if (this.running || this.draining !== undefined || this.disposed) return;
    const job = this.queue.shift();
    if (!job) {
      this.worker?.unref();
      return;
    }
    let w: DeepChannel;
    try {
      w = this.ensureWorker();
    } catch (err) {
      this.finish(job, () => job.resolve(job.fallback((err as Error).message)));
      return this.pump();
    }
    // Keep the process alive while work is in flight, not while idle.
    w.ref();
    this.running = job;
    job.started = Date.now();
    job.timer = setTimeout(() => {
      if (this.running === job) this.restart(`stopped after ${Math.round(job.timeoutMs / 1000)} s (the time limit for compiling and measuring); the worker was restarted`);
    }, job.timeoutMs);
    w.postMessage(job.message);
  }
}
