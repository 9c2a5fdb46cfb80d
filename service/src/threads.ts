/** Runs analyses in a reusable worker thread, with a time limit and cancellation that end the thread. */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ThreadMessage, ThreadRequest } from './analysis-thread';
import type { AnalysisOutput } from './engine-run';

export class TimeLimitError extends Error {}
export class CancelledError extends Error {}

function threadScript(): { file: string; execArgv?: string[] } {
  // The bundle (cli/out/synor.js) sits beside its thread's bundle; from sources, tsx compiles the thread's file.
  const bundled = path.join(__dirname, 'synor-analysis.js');
  if (fs.existsSync(bundled)) return { file: bundled };
  return { file: path.join(__dirname, 'analysis-thread.ts'), execArgv: ['--require', 'tsx/cjs'] };
}

export class AnalysisThread {
  private worker: Worker | undefined;

  run(req: ThreadRequest, o: { timeoutMs: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void }): Promise<AnalysisOutput> {
    const script = threadScript();
    const worker = (this.worker ??= new Worker(script.file, { execArgv: script.execArgv }));
    return new Promise<AnalysisOutput>((resolve, reject) => {
      let settled = false;
      let folder: string | undefined;
      const finish = (fn: () => void, kill: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        o.signal?.removeEventListener('abort', onAbort);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (kill) {
          this.worker = undefined;
          const dir = folder;
          void worker.terminate().then(() => dir && fs.rmSync(dir, { recursive: true, force: true }));
        }
        fn();
      };
      const onMessage = (m: ThreadMessage) => {
        if (m.kind === 'folder') folder = m.dir;
        else if (m.kind === 'progress') o.onProgress?.(m.done, m.total);
        else if (m.kind === 'done') finish(() => resolve(m.output), false);
        else finish(() => reject(new Error(m.message)), false);
      };
      const onError = (err: Error) => finish(() => reject(err), true);
      const onExit = (code: number) => finish(() => reject(new Error(`analysis thread exited with code ${code}`)), true);
      const onAbort = () => finish(() => reject(new CancelledError('cancelled')), true);
      const timer = setTimeout(() => finish(() => reject(new TimeLimitError(`time limit of ${o.timeoutMs} ms exceeded`)), true), o.timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      o.signal?.addEventListener('abort', onAbort);
      if (o.signal?.aborted) return onAbort();
      worker.postMessage(req);
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}
