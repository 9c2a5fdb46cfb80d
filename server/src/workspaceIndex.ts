/**
 * The workspace index: the language server links the workspace's own sources
 * (workspaceSources.ts) into the fast tier's project indexes, as the CLI
 * indexes every file before analysing any, so that an abstract base opened
 * alone is judged against the contracts that derive from it in files nobody
 * opened.
 *
 * Linking a file records what it imports from a scan of its text
 * (`Project.link`); it is not parsed, so that a workspace of thousands of
 * files costs next to no memory. The files that derive from a base are parsed
 * when the base is analysed (and kept, as every file read for an analysis).
 *
 * Linking runs in slices, each a background task of the scheduler: a slice
 * sends a few dozen files to the worker, which stops between files once the
 * slice's time is up or the slice is aborted. An open or an edit preempts a
 * running slice straight away (background work never holds back what the
 * user is looking at) and the slice's remaining files go back to the front
 * of the queue.
 *
 * When everything is linked, and after any change on disk, one slice asks the
 * worker what each open document's analysis would now be built over (its
 * closure with derived files) and the service re-analyses the documents whose
 * answer differs from their current result's, and only those.
 */
import { WorkerReplaced, type FastAnalyzer, type FastHandle } from './fastTier';
import type { Logger } from './log';
import type { IndexEntry } from './projects';
import { Priority, type Scheduler } from './scheduler';
import { findWorkspaceSources, isWorkspaceSource } from './workspaceSources';

/** The scheduler key of index slices. */
export const INDEX_TASK = 'synor-index:';

/** At most this many files go to the worker in one slice. */
const SLICE_FILES = 64;

/** A slice stops between files after this long, so that the worker is soon free for the next document. */
const SLICE_MS = 15;

/** How long linking waits after a change on disk, so that the events of one operation are taken together. */
const DISK_CHANGE_DELAY_MS = 50;

/** What the index needs of the service. */
export interface IndexHost {
  readonly fast: FastAnalyzer;
  readonly scheduler: Scheduler;
  readonly log: Logger;
  /** The remappings a file's project is keyed by (its synor.config.json's), as its analysis uses them. */
  remappingsFor(file: string): string[] | undefined;
  /** The open documents whose current results to check, as index entries. */
  probe(): IndexEntry[];
  /** What the probed documents would be analysed over now; the service re-analyses those that changed. */
  closuresComputed(closures: Record<string, string[]>): void;
  /** Runs a fast-tier job until it ends or `signal` aborts it. */
  runFast<T>(handle: FastHandle<T>, signal: AbortSignal): Promise<T | WorkerReplaced>;
}

export class WorkspaceIndex {
  private roots: readonly string[] = [];
  private maxFiles = 0;
  private budgetMs = 15000;
  /** The workspace's sources found (the index's scope). */
  private known = new Set<string>();
  /** Files to link, in order (a Set keeps insertion order and each file once). */
  private queue = new Set<string>();
  /** The open documents' closures are to be checked once the queue is empty. */
  private probeWanted = false;
  /** The worker generation the index was built in; a new worker starts with none. */
  private workerGeneration = -1;
  private walks = 0;
  private driving = false;
  private nextDelayMs = 0;
  /** The linking of the whole workspace in progress, for the log. */
  private run: { started: number; files: number; capped: boolean } | undefined;
  private linkedFiles = 0;

  constructor(private readonly host: IndexHost) {
    // A worker replaced while idle (every document closed) is linked again at once, not at the next job.
    host.fast.onNewWorker?.(() => this.workerChanged());
  }

  /**
   * Finds the sources of the workspace folders (again, when they changed) and
   * links them in the background; `maxFiles` 0 turns the index off.
   */
  async rescan(roots: readonly string[], maxFiles: number, budgetMs: number): Promise<void> {
    const walk = ++this.walks;
    this.roots = roots;
    this.maxFiles = maxFiles;
    this.budgetMs = budgetMs;
    const t0 = performance.now();
    const found = maxFiles > 0 && roots.length > 0 ? await findWorkspaceSources(roots, maxFiles, () => walk !== this.walks) : { files: [], capped: false };
    if (walk !== this.walks) return;
    this.known = new Set(found.files);
    // Files linked before are linked again (a read and a scan each); those of removed folders are left alone.
    this.queue = new Set([...this.queue].filter((f) => this.known.has(f)).concat(found.files));
    this.linkedFiles = 0;
    if (maxFiles <= 0 || roots.length === 0) {
      this.run = undefined;
      if (maxFiles <= 0) this.host.log.info('workspace index off (synor.workspaceIndex.maxFiles is 0, or Synor is disabled)');
      return;
    }
    this.probeWanted = true;
    this.run = { started: performance.now(), files: found.files.length, capped: found.capped };
    if (found.capped) this.host.log.warn(`workspace index capped at ${maxFiles} files (synor.workspaceIndex.maxFiles); files past the cap are not indexed, and a base is judged without the contracts that derive from it there`, { roots: roots.length });
    this.host.log.info('workspace index: linking sources in the background', { files: found.files.length, roots: roots.length, findMs: Math.round(performance.now() - t0) });
    this.drive();
  }

  /** The cap the index was last asked for (0: off). */
  get maxFilesAsked(): number {
    return this.maxFiles;
  }

  /** Called after every fast-tier job: a worker replaced meanwhile took the index with it, and it is built again. */
  workerChanged(): void {
    if (this.known.size === 0 || this.workerGeneration === -1 || this.host.fast.workerGeneration === this.workerGeneration) return;
    // The next slice sees the new generation and queues every source again.
    this.probeWanted = true;
    this.drive();
  }

  /** Every source is linked again (a project's import resolution changed, or its worker was replaced). */
  reindexAll(): void {
    if (this.known.size === 0) return;
    this.queue = new Set([...this.queue, ...this.known]);
    this.probeWanted = true;
    this.drive();
  }

  /**
   * A Solidity file changed on disk: a source of the workspace is linked again
   * (what it imports may have changed, and so which bases it derives from),
   * and the open documents' closures are checked once it is.
   */
  fileChanged(file: string, kind: 'created' | 'changed' | 'deleted'): void {
    if (kind === 'deleted') {
      // Linked again, it imports nothing: it derives from no base any more.
      if (this.known.delete(file)) this.queue = new Set([file, ...this.queue]);
    } else if (this.known.has(file) || (kind === 'created' && this.maxFiles > this.known.size && isWorkspaceSource(file, this.roots))) {
      this.known.add(file);
      this.queue = new Set([file, ...this.queue]);
    }
    this.probeWanted = true;
    this.nextDelayMs = DISK_CHANGE_DELAY_MS;
    this.drive();
  }

  /** What an open document is built over may have changed (it was analysed for the first time, or its imports changed). */
  closuresMayHaveChanged(): void {
    this.probeWanted = true;
    this.drive();
  }

  /** Links the queue in slices, each a background task of the scheduler, until nothing is left. */
  private drive(): void {
    if (this.driving) return;
    this.driving = true;
    void (async () => {
      try {
        while (this.queue.size > 0 || this.probeWanted) {
          const delay = this.nextDelayMs;
          this.nextDelayMs = 0;
          // A preempted slice goes back in the scheduler's queue; its promise settles when it has run.
          const outcome = await this.host.scheduler.schedule(INDEX_TASK, 0, Priority.Background, delay);
          if (outcome === 'cancelled' || outcome === 'failed') break;
        }
      } finally {
        this.driving = false;
      }
    })();
  }

  /** One slice: the scheduler's task for `INDEX_TASK`. */
  async runSlice(signal: AbortSignal): Promise<void> {
    if (this.host.fast.workerGeneration !== this.workerGeneration) {
      // The index lives in the worker: a new one (the first, or one that replaced a stuck one) has none.
      if (this.workerGeneration !== -1) this.host.log.info('workspace index: the analysis worker was replaced; linking the sources again', { files: this.known.size });
      this.workerGeneration = this.host.fast.workerGeneration;
      this.queue = new Set([...this.queue, ...this.known]);
      this.probeWanted = true;
    }
    if (signal.aborted) return;
    const files: string[] = [];
    for (const f of this.queue) {
      if (files.length >= SLICE_FILES) break;
      files.push(f);
    }
    for (const f of files) this.queue.delete(f);
    let probe: IndexEntry[] | undefined;
    if (this.queue.size === 0 && this.probeWanted) {
      this.probeWanted = false;
      probe = this.host.probe();
      if (probe.length === 0) probe = undefined;
    }
    if (files.length > 0 || probe) {
      const entries = files.map((path) => ({ path, remappings: this.host.remappingsFor(path) }));
      const out = await this.host.runFast(this.host.fast.startIndex({ files: entries, sliceMs: SLICE_MS, budgetMs: this.budgetMs, ...(probe ? { probe } : {}) }), signal);
      if (out instanceof WorkerReplaced) {
        // The worker was replaced: the next slice finds the new generation and links everything again.
        this.queue = new Set([...files, ...this.queue]);
        if (probe) this.probeWanted = true;
        return;
      }
      // What was not linked goes back to the front; a file changed meanwhile is already queued again.
      if (out.done < files.length) this.queue = new Set([...files.slice(out.done), ...this.queue]);
      this.linkedFiles += out.done;
      if (probe) {
        if (out.closures) this.host.closuresComputed(out.closures);
        // Stopped for another task: it runs again. Out of its budget: trying again would only repeat that.
        else if (out.probeStopped === 'budget') this.host.log.warn('workspace index: checking the open documents ran out of its time budget; they keep their results', { documents: probe.length });
        else this.probeWanted = true;
      }
      if (this.host.log.enabled('debug')) this.host.log.debug('workspace index slice', { linked: out.done, left: this.queue.size, ms: Math.round(out.workerMs), probed: probe?.length });
    }
    if (this.run && this.queue.size === 0 && !this.probeWanted) {
      this.host.log.info('workspace index ready', { files: this.run.files, linked: this.linkedFiles, capped: this.run.capped, ms: Math.round(performance.now() - this.run.started) });
      this.run = undefined;
    }
  }
}
