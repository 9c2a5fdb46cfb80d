/**
 * The deep-analysis worker thread: compiles with solc and measures in the
 * EVM, off the thread that answers the editor. One request runs at a time;
 * a cancel message stops a run at its next step (between compilation and
 * measurement, or between two calls).
 */
import { parentPort } from 'node:worker_threads';
import type { FindingGas } from '../types';
import type { DeepResult, FromWorker, ToWorker } from '../deep/protocol';
import { ResultCache, RunCancelled, runAnalyze, runMeasureFix, type RunEnv } from '../deep/run';
import { loadNativeCompiler } from './native';
import { loadedCompilers } from '../compile/compilers';

/**
 * The analyser's end: the parent port of a worker thread, or the IPC channel
 * of a child process (the language server runs the deep tier in one, so that
 * everything the compiler held goes back to the system when it exits).
 */
interface Port {
  postMessage(m: FromWorker): void;
  on(event: 'message', fn: (m: ToWorker) => void): void;
}

function processPort(): Port | undefined {
  if (!process.send) return undefined;
  // The server is gone (or let this worker go): nothing is left to answer.
  process.on('disconnect', () => process.exit(0));
  return {
    postMessage: (m) => process.send!(m),
    on: (event, fn) => void process.on(event, fn as (m: unknown) => void),
  };
}

const port: Port | null | undefined = parentPort ?? processPort();
if (!port) throw new Error('engine/out/worker.js must be started as a worker thread or a child process with an IPC channel');

const cancelled = new Set<number>();
const cache = new ResultCache(64);
let chain: Promise<void> = Promise.resolve();

function send(m: FromWorker): void {
  port!.postMessage(m);
}

function envFor(id: number): RunEnv {
  return {
    native: loadNativeCompiler,
    cancelled: () => cancelled.has(id),
    cache,
    log: (level, message) => send({ kind: 'log', level, message }),
  };
}

async function handle(m: Exclude<ToWorker, { kind: 'cancel' | 'status' }>): Promise<void> {
  if (cancelled.has(m.id)) {
    cancelled.delete(m.id);
    return send({ id: m.id, kind: 'error', code: 'cancelled', message: 'cancelled' });
  }
  try {
    let result: DeepResult | FindingGas;
    if (m.kind === 'analyze') {
      // The run also returns its compiler input and output for measureFix; they stay here.
      const { prepared: _p, outline: _o, ...plain } = await runAnalyze(m.req, envFor(m.id));
      result = plain;
    } else result = await runMeasureFix(m.req, m.finding, m.fixIndex, envFor(m.id));
    send({ id: m.id, kind: 'result', result });
  } catch (err) {
    if (err instanceof RunCancelled) send({ id: m.id, kind: 'error', code: 'cancelled', message: 'cancelled' });
    else send({ id: m.id, kind: 'error', code: 'internal', message: (err as Error)?.stack ?? String(err) });
  } finally {
    cancelled.delete(m.id);
  }
}

port.on('message', (m: ToWorker) => {
  if (m.kind === 'cancel') {
    cancelled.add(m.id);
    return;
  }
  // Answered at once, not behind the running request: it reads what the worker holds.
  if (m.kind === 'status') {
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    return send({ id: m.id, kind: 'status', status: { pid: process.pid, memory: { rss, heapUsed, heapTotal, external, arrayBuffers }, cachedRuns: cache.size, cachedTyped: cache.typedCount, compilers: loadedCompilers() } });
  }
  chain = chain.then(() => handle(m));
});
