/**
 * Decides what runs when: a per-document debounce, one analysis at a time
 * ordered by priority (the active document first, then other open documents,
 * then background work such as a workspace scan), cancellation of a
 * document's running analysis as soon as a newer version of it arrives, and
 * preemption: a task that has run for a while gives way to a waiting task of
 * another document that is at least as urgent, and runs again after it, so
 * that one costly document never holds back the diagnostics of the others.
 *
 * Staleness is decided by generation numbers (the document version): a task
 * carries the generation it was scheduled for, and whoever publishes checks
 * it against the document's current version. Cancelling is only a saving of
 * work; it is not what keeps stale results out.
 */

export const enum Priority {
  Active = 0,
  Open = 1,
  Background = 2,
}

export type TaskOutcome = 'done' | 'superseded' | 'cancelled' | 'failed';

/** The `reason` of the signal of a task that gave way to another document's; it runs again later. */
export const PREEMPTED = 'preempted';

/**
 * How long a task runs before a waiting task of another document may preempt
 * it. Most analyses finish sooner, so they are never wasted; a costly one
 * gives way within this much, plus the time it takes to stop.
 */
export const PREEMPT_AFTER_MS = 100;

interface Entry {
  key: string;
  generation: number;
  priority: Priority;
  /** Order among tasks of one priority; a preempted task gets a new one when it is queued again. */
  seq: number;
  settle: (outcome: TaskOutcome) => void;
}

interface Running {
  entry: Entry;
  controller: AbortController;
  /** When it started (Date.now()). */
  started: number;
  /** Aborted to let another document's task run; it goes back in the queue. */
  preempted: boolean;
  /** Aborted because a newer version was scheduled, or the key was cancelled. */
  superseded: TaskOutcome | undefined;
}

/** Runs one task; the signal aborts when a newer generation of the same key is scheduled. */
export type TaskRunner = (key: string, generation: number, signal: AbortSignal) => Promise<void>;

export class Scheduler {
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; entry: Entry }>();
  private readonly queue: Entry[] = [];
  private running: Running | undefined;
  private seq = 0;
  private active: string | undefined;
  private preemptTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly runner: TaskRunner,
    private readonly onError: (key: string, err: unknown) => void,
    private readonly preemptAfterMs = PREEMPT_AFTER_MS,
  ) {}

  /** The document the user is looking at, if known. */
  get activeKey(): string | undefined {
    return this.active;
  }

  /** Marks the document the user is looking at; its work goes first. */
  setActive(key: string | undefined): void {
    this.active = key;
  }

  /**
   * Schedules `key` at `generation` after `delayMs`. Supersedes any earlier
   * scheduling of the key and aborts its running task if it is older, or, with
   * `restart`, of the same generation too (what it read has changed).
   */
  schedule(key: string, generation: number, priority: Priority, delayMs: number, restart = false): Promise<TaskOutcome> {
    this.supersede(key, generation, 'superseded', restart);
    return new Promise<TaskOutcome>((settle) => {
      const entry: Entry = { key, generation, priority, seq: this.seq++, settle };
      if (delayMs <= 0) {
        this.enqueue(entry);
        return;
      }
      const timer = setTimeout(() => {
        this.timers.delete(key);
        this.enqueue(entry);
      }, delayMs);
      this.timers.set(key, { timer, entry });
    });
  }

  /** Drops every pending and running task of a key (e.g. the document was closed). */
  cancel(key: string): void {
    this.supersede(key, Infinity, 'cancelled');
  }

  /** Whether anything is waiting or running for a key. */
  isBusy(key: string): boolean {
    return this.timers.has(key) || this.queue.some((e) => e.key === key) || this.running?.entry.key === key;
  }

  /** Queued tasks, for the log. */
  get depth(): number {
    return this.queue.length + this.timers.size + (this.running ? 1 : 0);
  }

  private supersede(key: string, generation: number, outcome: TaskOutcome = 'superseded', restart = false): void {
    const t = this.timers.get(key);
    if (t) {
      clearTimeout(t.timer);
      this.timers.delete(key);
      t.entry.settle(outcome);
    }
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i].key === key) {
        this.queue[i].settle(outcome);
        this.queue.splice(i, 1);
      }
    }
    const r = this.running;
    if (r && r.entry.key === key && (r.entry.generation < generation || (restart && r.entry.generation === generation))) {
      r.superseded = outcome;
      r.controller.abort(outcome);
    }
  }

  private enqueue(entry: Entry): void {
    this.queue.push(entry);
    this.pump();
    this.considerPreemption();
  }

  private rank(e: Entry): Priority {
    return e.key === this.active ? Priority.Active : e.priority;
  }

  private best(): number {
    if (this.queue.length === 0) return -1;
    let best = 0;
    for (let i = 1; i < this.queue.length; i++) {
      const a = this.queue[i];
      const b = this.queue[best];
      if (this.rank(a) < this.rank(b) || (this.rank(a) === this.rank(b) && a.seq < b.seq)) best = i;
    }
    return best;
  }

  private pick(): Entry | undefined {
    const best = this.best();
    return best < 0 ? undefined : this.queue.splice(best, 1)[0];
  }

  /**
   * Preempts the running task when another document's task waits that is at
   * least as urgent (background work never preempts), once the running task
   * has had its `preemptAfterMs`; running background work (a slice of the
   * workspace index, a scanned file) gives way at once, so that it never
   * delays an open or an edit.
   */
  private considerPreemption(): void {
    const r = this.running;
    if (!r || r.preempted || r.superseded || r.controller.signal.aborted) return;
    const i = this.best();
    if (i < 0) return;
    const waiting = this.queue[i];
    if (waiting.key === r.entry.key || this.rank(waiting) === Priority.Background || this.rank(waiting) > this.rank(r.entry)) return;
    const wait = this.rank(r.entry) === Priority.Background ? 0 : r.started + this.preemptAfterMs - Date.now();
    if (wait > 0) {
      if (!this.preemptTimer) {
        this.preemptTimer = setTimeout(() => {
          this.preemptTimer = undefined;
          this.considerPreemption();
        }, wait);
      }
      return;
    }
    r.preempted = true;
    r.controller.abort(PREEMPTED);
  }

  private pump(): void {
    if (this.running) return;
    const entry = this.pick();
    if (!entry) return;
    const controller = new AbortController();
    const running: Running = { entry, controller, started: Date.now(), preempted: false, superseded: undefined };
    this.running = running;
    let outcome: TaskOutcome = 'done';
    this.runner(entry.key, entry.generation, controller.signal)
      .catch((err) => {
        outcome = 'failed';
        this.onError(entry.key, err);
      })
      .finally(() => {
        this.running = undefined;
        if (this.preemptTimer) clearTimeout(this.preemptTimer);
        this.preemptTimer = undefined;
        if (running.preempted && !running.superseded && outcome !== 'failed') {
          // It runs again after the task it gave way to (a new place in the queue, so that
          // it does not come first again among tasks of its priority).
          entry.seq = this.seq++;
          this.queue.push(entry);
        } else {
          if (controller.signal.aborted && outcome === 'done') outcome = running.superseded ?? 'superseded';
          entry.settle(outcome);
        }
        // Let pending I/O (new edits) in before the next task starts.
        setImmediate(() => {
          this.pump();
          this.considerPreemption();
        });
      });
  }
}
