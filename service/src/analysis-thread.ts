/**
 * The body of an analysis thread: the engine is synchronous CPU work, so it
 * runs off the worker's event loop, where the queue's heartbeats, progress
 * writes and the API (in a one-machine `synor serve`) carry on. A time limit or
 * a cancellation ends the thread itself, which stops any analysis at once.
 */
import { parentPort } from 'node:worker_threads';
import { runBytecodeAnalysis } from './bytecode-run';
import { runAnalysis, type AnalysisOutput, type AnalysisSettings } from './engine-run';

export interface ThreadRequest {
  /** Bytecode (0x-hex) to analyse instead of sources; `files` is then empty. */
  bytecode?: string;
  files: Record<string, string>;
  entry?: string;
  settings: AnalysisSettings;
  budgetMs: number;
}

export type ThreadMessage = { kind: 'folder'; dir: string } | { kind: 'progress'; done: number; total: number } | { kind: 'done'; output: AnalysisOutput } | { kind: 'error'; message: string };

parentPort?.on('message', (req: ThreadRequest) => {
  if (req.bytecode !== undefined) {
    runBytecodeAnalysis(req.bytecode).then(
      (output) => parentPort!.postMessage({ kind: 'done', output } satisfies ThreadMessage),
      (err) => parentPort!.postMessage({ kind: 'error', message: (err as Error)?.message ?? String(err) } satisfies ThreadMessage),
    );
    return;
  }
  runAnalysis(
    req.files,
    req.entry,
    req.settings,
    req.budgetMs,
    (done, total) => parentPort!.postMessage({ kind: 'progress', done, total } satisfies ThreadMessage),
    (dir) => parentPort!.postMessage({ kind: 'folder', dir } satisfies ThreadMessage),
  ).then(
    (output) => parentPort!.postMessage({ kind: 'done', output } satisfies ThreadMessage),
    (err) => parentPort!.postMessage({ kind: 'error', message: (err as Error)?.message ?? String(err) } satisfies ThreadMessage),
  );
});
