/**
 * `synor/status`: what the server holds now, for diagnosing its memory and for
 * tests: each thread's memory (the server's, the fast tier's worker, the deep
 * tier's worker when one is loaded), the documents and results it keeps, the
 * project indexes' parsed files, and whether the deep tier's worker (with its
 * compiler) is loaded.
 *
 * Request `synor/status` (no params) → StatusResult
 */
import type { SynorService } from '../service';
import { threadMemory, type FastWorkerStatus } from '../fastTier';
import type { DeepGateStatus } from '../deepTier';
import type { ThreadMemory } from '../../../engine/src/deep';

export const STATUS_REQUEST = 'synor/status';

export interface StatusResult {
  /** The server's own thread; `rss` is the whole process's. */
  main: ThreadMemory;
  documents: {
    /** Documents the editor has open. */
    open: number;
    /** Document states held (open documents, and files a workspace scan analysed). */
    held: number;
    /** Fast results kept for reuse across all of them. */
    cachedResults: number;
    /** Open documents whose shown result is provisional: a complete analysis of their text is still to come. */
    provisional: string[];
  };
  /** The fast tier's worker: undefined while none is running (or it did not answer). */
  fast?: FastWorkerStatus & { generation: number };
  /** The deep tier; undefined when it is unavailable. */
  deep?: DeepGateStatus;
}

export async function onStatus(svc: SynorService): Promise<StatusResult> {
  const [fast, deep] = await Promise.all([svc.fast.status(), svc.deepHolding()]);
  // Read after the worker answered (it answers between jobs): what is shown now.
  const states = svc.store.all();
  return {
    main: threadMemory(),
    documents: {
      open: states.filter((s) => s.open).length,
      held: states.length,
      cachedResults: states.reduce((n, s) => n + s.cache.size, 0),
      provisional: states.filter((s) => s.open && s.fast?.provisional).map((s) => s.uri),
    },
    ...(fast ? { fast: { ...fast, generation: svc.fast.workerGeneration } } : {}),
    ...(deep ? { deep } : {}),
  };
}
