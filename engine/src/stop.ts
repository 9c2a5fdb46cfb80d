/**
 * Stopping an analysis early. An analysis may be aborted (its AbortSignal: a
 * newer version of the document, or another document's turn) or run out of
 * its time budget. Long-running code (the parser, the tree walk, the costlier
 * facts) calls a checkpoint now and then; the checkpoint throws
 * `AnalysisStopped`, which unwinds to `analyze()`. Nothing else catches it:
 * code that contains failures (a rule that throws, the tolerant AST builder)
 * lets it through.
 */
import { performance } from 'node:perf_hooks';

/** Why an analysis stopped before its end. */
export type StopReason = 'aborted' | 'budget';

export class AnalysisStopped extends Error {
  constructor(readonly reason: StopReason) {
    super(reason === 'aborted' ? 'the analysis was aborted' : 'the analysis ran out of its time budget');
    this.name = 'AnalysisStopped';
  }
}

/** Throws `AnalysisStopped` when the analysis must stop; otherwise returns at once. */
export type Checkpoint = () => void;

/** A checkpoint that never stops anything. */
export const NEVER_STOP: Checkpoint = () => {};

/**
 * A checkpoint for a signal and a deadline (a `performance.now()` time). Each
 * call costs a property read and a clock read, so it may be called per
 * statement; hot loops (per token) call it through `every`.
 */
export function checkpointFor(signal: AbortSignal | undefined, deadline: number | undefined): Checkpoint {
  if (!signal && deadline === undefined) return NEVER_STOP;
  return () => {
    if (signal?.aborted) throw new AnalysisStopped('aborted');
    if (deadline !== undefined && performance.now() > deadline) throw new AnalysisStopped('budget');
  };
}

/** A checkpoint that really checks only on every `n`-th call, for per-token loops. */
export function every(n: number, check: Checkpoint): Checkpoint {
  if (check === NEVER_STOP) return check;
  let count = 0;
  return () => {
    if (++count >= n) {
      count = 0;
      check();
    }
  };
}
