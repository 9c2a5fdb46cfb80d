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

const port = parentPort;
if (!port) throw new Error('engine/out/worker.js must be started as a worker thread');

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

async function handle(m: Exclude<ToWorker, { kind: 'cancel' }>): Promise<void> {
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
  chain = chain.then(() => handle(m));
});
