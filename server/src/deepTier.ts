/**
 * The deep tier (compile, compiler diagnostics, gas per function, measured
 * fix savings) as the server uses it: on save and after idle, never on the
 * typing path, with a time limit, and its results tied to the document
 * version they were computed for.
 */
import path from 'node:path';
import type { Finding, FindingGas } from '../../engine/src';
import { SynorError } from '../../engine/src/errors';
import { DeepAnalyzer, isTransient, type DeepRequest, type DeepResult, type DeepWorkerStatus } from '../../engine/src/deep';
import { FixMeasurements, fixId, settingsKey, textHash } from '../../engine/src/gas/fixCache';
import { forkDeepWorker } from './deepProcess';

export type { DeepRequest, DeepResult, ContractReport, FunctionGas } from '../../engine/src/deep';

/** What the server needs of the deep tier. */
export interface DeepEngine {
  analyze(req: DeepRequest): Promise<DeepResult>;
  /** `background`: measured ahead of being asked (the deep tier's pre-measurement), behind what the user waits for. */
  measureFix(req: DeepRequest, finding: Finding, fixIndex: number, options?: { background?: boolean }): Promise<FindingGas>;
  /**
   * A fix's figure already measured for this file's text (with the settings of
   * the file's latest request), without measuring; the server's deep tier keeps
   * them (`DeepGate`), a bare analyser does not.
   */
  measuredFix?(file: string, text: string, finding: Finding, fixIndex: number): FindingGas | undefined;
  /** Forgets every measured fix (the configuration or the import resolution changed). */
  forgetFixes?(): void;
  /** Forgets the measured fixes of one file (a file it imports changed). */
  forgetFixesOf?(file: string): void;
  /** What the worker holds, when one is running. */
  status?(): Promise<DeepWorkerStatus | undefined>;
  dispose(): Promise<void>;
}

/** The deep tier's part of the server's status (`synor/status`). */
export interface DeepGateStatus {
  /** Whether a worker (and the compiler in it) is loaded now. */
  loaded: boolean;
  /** Workers let go for idleness so far. */
  unloads: number;
  /** Measured fixes kept (they outlive the worker). */
  fixesKept: number;
  worker?: DeepWorkerStatus;
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
    const make = (): DeepEngine =>
      new DeepAnalyzer({
        workerPath,
        log: (level, message) => log(level, `deep: ${message}`),
        // A process, not a thread: what the compiler held goes back to the system when it is let go (deepProcess.ts).
        start: (file, execArgv) => forkDeepWorker(file, execArgv, (text) => log('warn', `deep worker: ${text.trimEnd()}`)),
      });
    return { engine: new DeepGate(make, { log, ...options }) };
  } catch (err) {
    return { unavailable: `the deep tier could not start: ${(err as Error).message}` };
  }
}

interface Waiting {
  file: string;
  /** A measured fix is asked for by the user, who waits for it: always in front, before any other request. */
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
 * - Measured fixes are kept by (text hash, settings, fix id)
 *   (engine/src/gas/fixCache.ts), here rather than in the worker, so that they
 *   outlive an unloaded or pre-empted worker: a fix measured ahead of time
 *   (`FixPremeasurer`) is not measured again when its quick fix is resolved
 *   or the report asks for it.
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
  readonly stats = { unloads: 0, preemptions: 0, fixesMeasured: 0, fixesFromCache: 0 };
  private readonly fixes = new FixMeasurements();
  /** The settings key of each file's latest request, for looking measured fixes up without a request. */
  private readonly settingsOf = new Map<string, string>();
  private lastHashed: { text: string; hash: string } | undefined;

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

  async measureFix(req: DeepRequest, finding: Finding, fixIndex: number, options: { background?: boolean } = {}): Promise<FindingGas> {
    const settings = settingsKey(req);
    this.settingsOf.set(path.resolve(req.path), settings);
    const key = FixMeasurements.key(req.text, req, finding, fixIndex);
    const known = this.fixes.get(key);
    if (known) {
      this.stats.fixesFromCache++;
      return known;
    }
    const gas = (await this.enqueue(req.path, !options.background, req.signal, (e) => e.measureFix(req, finding, fixIndex))) as FindingGas;
    // A time limit or a failed worker says nothing about the fix: asked again, it may be measured.
    if (!isTransient(gas)) {
      this.fixes.set(key, gas);
      this.stats.fixesMeasured++;
    }
    return gas;
  }

  measuredFix(file: string, text: string, finding: Finding, fixIndex: number): FindingGas | undefined {
    const settings = this.settingsOf.get(path.resolve(file));
    if (!settings || this.fixes.size === 0) return undefined;
    // Asked for every gas hint of a publish: the text is hashed once, not once per hint.
    if (this.lastHashed?.text !== text) this.lastHashed = { text, hash: textHash(text) };
    return this.fixes.get(FixMeasurements.keyOfHash(this.lastHashed.hash, settings, finding, fixIndex));
  }

  forgetFixes(): void {
    this.fixes.clear();
  }

  async holding(): Promise<DeepGateStatus> {
    const worker = await this.inner?.status?.();
    return { loaded: this.inner !== undefined, unloads: this.stats.unloads, fixesKept: this.fixes.size, ...(worker ? { worker } : {}) };
  }

  forgetFixesOf(file: string): void {
    const settings = this.settingsOf.get(path.resolve(file));
    if (settings) this.fixes.forgetSettings(settings);
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

  /** What the user waits for first, then the file in front, then the others, each in the order they came. */
  private pick(): Waiting | undefined {
    let best = -1;
    let bestRank = -1;
    for (let i = 0; i < this.waiting.length; i++) {
      const w = this.waiting[i];
      if (w.signal?.aborted) continue;
      const rank = w.urgent ? 2 : this.inFront(w) ? 1 : 0;
      if (rank > bestRank) {
        best = i;
        bestRank = rank;
      }
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

/** The finding among `findings` with the same fix (by its id), itself when it is there: a re-publish of the same text makes new objects. */
export function sameFinding(findings: readonly Finding[], finding: Finding, fixIndex: number): Finding | undefined {
  if (findings.includes(finding)) return finding;
  const id = fixId(finding, fixIndex);
  return findings.find((f) => f.ruleId === finding.ruleId && f.fixes.length > fixIndex && fixId(f, fixIndex) === id);
}

/** How many fixes one pre-measurement run measures at most (the rest are measured when asked for). */
export const PREMEASURE_CAP = 8;

/** What the pre-measurement needs of the server. */
export interface PremeasureHost {
  engine(): DeepEngine | undefined;
  /** The findings shown for the document's current text, if they are for `version`. */
  shown(uri: string, version: number | null): Finding[] | undefined;
  request(uri: string, signal: AbortSignal): Promise<DeepRequest | undefined>;
  /** A fix was measured (or found measured) for the text of `version`: show its figure. */
  measured(uri: string, version: number | null, finding: Finding, fixIndex: number, gas: FindingGas): void;
  log: Log;
}

/**
 * Measures the fixes of the gas hints of the file in front ahead of being
 * asked, after the deep tier analysed it (on save or idle), so that the quick
 * fix's title, the hover and the diagnostic carry the measured figure without
 * a `codeAction/resolve` round-trip. Bounded: one file at a time (a new run
 * replaces the old), at most `cap` fixes per run, in source order, one request
 * in the deep tier's queue at a time (a fix the user asks for goes before
 * it), and cancelled by an edit of the file.
 */
export class FixPremeasurer {
  private readonly runs = new Map<string, AbortController>();

  constructor(
    private readonly host: PremeasureHost,
    private readonly cap = PREMEASURE_CAP,
  ) {}

  /** Starts measuring the document's gas fixes for `version`; resolves with how many fixes have a figure. */
  async start(uri: string, version: number | null): Promise<number> {
    this.cancel(uri);
    for (const other of [...this.runs.keys()]) this.cancel(other);
    const engine = this.host.engine();
    const shown = this.host.shown(uri, version);
    if (!engine || !shown) return 0;
    const controller = new AbortController();
    this.runs.set(uri, controller);
    const todo = shown
      .filter((f) => f.category === 'gas' && f.fixes.length > 0)
      .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
      .flatMap((f) => f.fixes.map((_, i) => ({ f, i })))
      .slice(0, this.cap);
    let done = 0;
    try {
      const req = todo.length > 0 ? await this.host.request(uri, controller.signal) : undefined;
      if (!req) return 0;
      for (const { f, i } of todo) {
        if (controller.signal.aborted) break;
        const t0 = performance.now();
        const gas = await engine.measureFix(req, f, i, { background: true });
        if (controller.signal.aborted) break;
        this.host.log('debug', `deep: pre-measured ${f.ruleId} at line ${f.range.start.line + 1} in ${Math.round(performance.now() - t0)} ms: ${gas.verdict?.kind ?? `not measured (${gas.unmeasured ?? '?'})`}`);
        this.host.measured(uri, version, f, i, gas);
        done++;
      }
    } catch (err) {
      if (!controller.signal.aborted) this.host.log('warn', `deep: pre-measuring the fixes of ${path.basename(uri)} stopped: ${(err as Error)?.message ?? String(err)}`);
    } finally {
      if (this.runs.get(uri) === controller) this.runs.delete(uri);
    }
    return done;
  }

  /** Stops the document's run (its text changed, or it closed). */
  cancel(uri: string): void {
    const c = this.runs.get(uri);
    if (!c) return;
    this.runs.delete(uri);
    c.abort();
  }

  /** Whether a run is in progress for the document. */
  running(uri: string): boolean {
    return this.runs.has(uri);
  }
}
