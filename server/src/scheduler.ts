/**
 * Decides what runs when: a per-document debounce, one analysis at a time
 * ordered by priority (the active document first, then other open documents,
 * then background work such as a workspace scan), and cancellation of a
 * document's running analysis as soon as a newer version of it arrives.
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

interface Entry {
  key: string;
  generation: number;
  priority: Priority;
  seq: number;
  settle: (outcome: TaskOutcome) => void;
}

interface Running {
  entry: Entry;
  controller: AbortController;
}

/** Runs one task; the signal aborts when a newer generation of the same key is scheduled. */
export type TaskRunner = (key: string, generation: number, signal: AbortSignal) => Promise<void>;

export class Scheduler {
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; entry: Entry }>();
  private readonly queue: Entry[] = [];
  private running: Running | undefined;
  private seq = 0;
  private active: string | undefined;

  constructor(
    private readonly runner: TaskRunner,
    private readonly onError: (key: string, err: unknown) => void,
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
    if (r && r.entry.key === key && (r.entry.generation < generation || (restart && r.entry.generation === generation))) r.controller.abort();
  }

  private enqueue(entry: Entry): void {
    this.queue.push(entry);
    this.pump();
  }

  private pick(): Entry | undefined {
    if (this.queue.length === 0) return undefined;
    let best = 0;
    const rank = (e: Entry) => (e.key === this.active ? Priority.Active : e.priority);
    for (let i = 1; i < this.queue.length; i++) {
      const a = this.queue[i];
      const b = this.queue[best];
      if (rank(a) < rank(b) || (rank(a) === rank(b) && a.seq < b.seq)) best = i;
    }
    return this.queue.splice(best, 1)[0];
  }

  private pump(): void {
    if (this.running) return;
    const entry = this.pick();
    if (!entry) return;
    const controller = new AbortController();
    this.running = { entry, controller };
    let outcome: TaskOutcome = 'done';
    this.runner(entry.key, entry.generation, controller.signal)
      .catch((err) => {
        outcome = 'failed';
        this.onError(entry.key, err);
      })
      .finally(() => {
        if (controller.signal.aborted && outcome === 'done') outcome = 'superseded';
        this.running = undefined;
        entry.settle(outcome);
        // Let pending I/O (new edits) in before the next task starts.
        setImmediate(() => this.pump());
      });
  }
}
