/**
 * The project indexes of the fast tier, kept where the analysis runs (the
 * worker thread): one engine `Project` per project root (and remappings),
 * shared by every document of that root, so that imported files are read and
 * parsed once and facts are built over each file's whole import closure.
 *
 * The main thread owns the truth about open documents; it sends what changed
 * along with the next job (`ProjectUpdates`): the unsaved texts of open
 * documents (overlays, which win over the disk), files changed on disk, and
 * project roots whose remappings or foundry.toml changed. The workspace index
 * (workspaceIndex.ts) links the workspace's own sources into these projects,
 * so that a base knows the files deriving from it before anyone opens them.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Project, type Checkpoint, type ParsedFile, type SourceFile } from '../../engine/src';
import { findProjectRoot } from '../../engine/src/compile/imports';
import { parseCacheSize, trimParseCache } from '../../engine/src/project';

/**
 * How many parses the worker keeps, by content, once every document is
 * closed: reopening a file, or opening a neighbour that imports the same
 * bases, stays quick, and what a hundred closed files held goes.
 */
export const CLOSED_PARSE_CACHE = 32;
/** How many it keeps while documents are open (the files open documents are built over are held by their projects anyway). */
export const OPEN_PARSE_CACHE = 400;

/** What changed since the previous job; applied before the job runs. */
export interface ProjectUpdates {
  /** Unsaved texts of open documents; null clears one (the document was closed). */
  overlays?: Array<[string, string | null]>;
  /** Files that changed on disk. */
  invalidate?: string[];
  /** Folders whose project configuration (remappings.txt, foundry.toml) changed; `*` for all. */
  reset?: string[];
  /** Files created on disk: an import that did not resolve may name one. */
  created?: string[];
}

/** A file of the workspace and the remappings its project is keyed by (from its synor.config.json). */
export interface IndexEntry {
  path: string;
  remappings?: string[];
}

/**
 * A project that remembers the files the last analysis was built over: the
 * import closure of the file and the closures of the files deriving from it.
 */
export class TrackedProject extends Project {
  lastClosure: SourceFile[] | undefined;

  override closureWithDerived(file: string, text?: string, parsed?: ParsedFile, check?: Checkpoint): SourceFile[] {
    const c = super.closureWithDerived(file, text, parsed, check);
    this.lastClosure ??= c;
    return c;
  }
}

let gc: ((options?: object) => Promise<void> | void) | undefined;
let collecting: Promise<void> | undefined;

/**
 * A full garbage collection that compacts the heap, so that the pages it
 * frees go back to the system, through V8's own `gc`, exposed on first use;
 * nothing when it cannot be had. It runs as a task of its own rather than
 * from this call: a collection started from script scans the stack
 * conservatively and moves nothing, which frees objects but keeps their
 * pages (after a hundred analyses the worker's old space stayed at 134 MB
 * committed for 66 MB live). Run as a task, with compaction forced for that
 * one collection, the old space shrinks to what is live (46 MB) and the
 * process's RSS follows. The flag is process-wide, so it is set only for
 * the collection and cleared after.
 */
export function collectGarbage(): Promise<void> {
  if (collecting) return collecting;
  try {
    if (!gc) {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as (options?: object) => Promise<void> | void;
    }
    v8.setFlagsFromString('--compact-on-every-full-gc');
    const done = Promise.resolve(gc({ type: 'major', execution: 'async' }));
    collecting = done
      .catch(() => undefined)
      .finally(() => {
        v8.setFlagsFromString('--no-compact-on-every-full-gc');
        collecting = undefined;
      });
    return collecting;
  } catch {
    gc = () => undefined;
    return Promise.resolve();
  }
}

/**
 * Collects garbage a second and ten seconds from now, each time only if
 * `still()` holds (nothing was opened meanwhile); returns the timers, to be
 * cleared when asked again.
 */
export function collectGarbageSoon(still: () => boolean): NodeJS.Timeout[] {
  return [1000, 10_000].map((ms) => {
    const t = setTimeout(() => {
      if (still()) void collectGarbage();
    }, ms);
    t.unref();
    return t;
  });
}

/** How long a thread must have been idle before its heap is compacted (`HeapCompactor`). */
export const COMPACT_IDLE_MS = 10_000;
/** How much the heap must have grown since it was last compacted for an idle thread to compact it. */
export const COMPACT_GROWTH_BYTES = 32 * 1024 * 1024;

/**
 * Compacts a thread's heap once the thread has been idle for `idleMs` after
 * a burst of work that grew it by `growth` bytes or more: V8 collects only
 * when it allocates and gives pages back only when it compacts, so after
 * opening a hundred files the fast tier's worker kept a heap of 170 MB for
 * 65 MB of live data for as long as the documents stayed open. A thread that
 * is busy, or whose heap did not grow, is left alone. The collection takes
 * a while (0.6 s for the hundred files' 50 MB at a load of 8 on two cores),
 * so it waits for a long pause: a keystroke waits for it only when it comes
 * just as the collection starts, `idleMs` after the last one.
 */
export class HeapCompactor {
  private timer: NodeJS.Timeout | undefined;
  private baseline = v8.getHeapStatistics().total_heap_size;
  /** How many compactions ran, the heap's committed size after the last, and how long the last took (ms, wall). */
  readonly stats = { compactions: 0, heapAfter: 0, lastMs: 0 };

  constructor(
    private readonly idleMs = COMPACT_IDLE_MS,
    private readonly growth = COMPACT_GROWTH_BYTES,
  ) {}

  /** Work is starting: no compaction until the thread is idle again. */
  busy(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Compacts now (after a burst of work known to be over, such as the warm-up); resolves once done. */
  async compactNow(): Promise<void> {
    this.busy();
    const t0 = performance.now();
    await collectGarbage();
    this.stats.lastMs = performance.now() - t0;
    this.stats.compactions++;
    this.baseline = this.stats.heapAfter = v8.getHeapStatistics().total_heap_size;
  }

  /** Work has ended: compact after `idleMs` unless more work comes. */
  idle(): void {
    this.busy();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (v8.getHeapStatistics().total_heap_size < this.baseline + this.growth) return;
      const t0 = performance.now();
      void collectGarbage().then(() => {
        this.stats.lastMs = performance.now() - t0;
        this.stats.compactions++;
        this.baseline = this.stats.heapAfter = v8.getHeapStatistics().total_heap_size;
      });
    }, this.idleMs);
    this.timer.unref();
  }
}

export class ProjectHost {
  private readonly projects = new Map<string, TrackedProject>();
  /** The project root of each folder a document was analysed in. */
  private readonly roots = new Map<string, string>();
  private readonly overlays = new Map<string, string>();
  private changes = 0;
  /** How many of `changes` were each file's own editor text. */
  private readonly ownChanges = new Map<string, number>();

  /**
   * Counts changes to the projects other than `file`'s own editor text
   * (another document's text, files on disk, configuration, files linked or
   * let go): a result for `file` computed at one generation may be reused at
   * the same generation for an edit of it that changes nothing a rule reads.
   */
  generationFor(file: string): number {
    return this.changes - (this.ownChanges.get(path.resolve(file)) ?? 0);
  }

  apply(u: ProjectUpdates | undefined): void {
    if (!u) return;
    if (u.reset?.length || u.invalidate?.length || u.created?.length) this.changes++;
    for (const dir of u.reset ?? []) {
      for (const [key, p] of this.projects) if (dir === '*' || p.root === path.resolve(dir)) this.projects.delete(key);
      // A project marker may have appeared or gone: roots are found again.
      this.roots.clear();
    }
    for (const [file, text] of u.overlays ?? []) this.setOverlay(file, text ?? undefined);
    for (const file of u.invalidate ?? []) for (const p of this.projects.values()) p.invalidate(file);
    if ((u.created?.length ?? 0) > 0) for (const p of this.projects.values()) p.invalidateUnresolved();
  }

  /**
   * Links workspace files into their projects: what each imports, from a scan
   * of its text (`Project.link`), so that a base knows the files deriving from
   * it without every file being parsed and kept. Stops between files once
   * `sliceEnd` (a `performance.now()` time) has passed or `signal` aborts;
   * returns how many files, from the first, were linked (a file that cannot
   * be read, e.g. deleted, counts: it now imports nothing).
   */
  index(files: readonly IndexEntry[], signal: AbortSignal | undefined, sliceEnd: number): number {
    let done = 0;
    for (const f of files) {
      if (done > 0 && (signal?.aborted || performance.now() > sliceEnd)) break;
      this.projectFor(f.path, f.remappings).link(f.path);
      done++;
    }
    if (done > 0) this.changes++;
    return done;
  }

  /**
   * The files each given file's analysis would be built over now (its import
   * closure and the closures of the files deriving from it), itself left out:
   * what `FastResult.closure` says for a result computed now.
   */
  closures(files: readonly IndexEntry[], check: Checkpoint): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const f of files) {
      const project = this.projectFor(f.path, f.remappings);
      out[f.path] = project.closureWithDerived(f.path, undefined, undefined, check).slice(1).map((s) => s.path);
      project.lastClosure = undefined;
    }
    return out;
  }

  /**
   * A document was closed: its text goes, and with the last open document
   * every project lets go of the files it read (their import edges stay, so
   * the workspace index still knows who derives from whom), and the shared
   * parse cache keeps only its most recent few.
   */
  release(file: string): void {
    this.changes++;
    this.setOverlay(file, undefined);
    this.ownChanges.delete(path.resolve(file));
    if (this.overlays.size === 0) {
      for (const p of this.projects.values()) {
        p.forgetFiles();
        p.lastClosure = undefined;
      }
      trimParseCache(CLOSED_PARSE_CACHE);
      this.collectSoon();
    } else trimParseCache(OPEN_PARSE_CACHE);
  }

  private gcTimers: NodeJS.Timeout[] = [];

  /**
   * Collects garbage once the documents have been closed, a second after the
   * last close (closing a hundred is one collection) and again ten seconds
   * later, once what was still running for them has finished: V8 collects
   * only when it allocates, and an idle server allocates nothing, so what
   * closed documents held would otherwise stay resident until the next edit.
   */
  private collectSoon(): void {
    for (const t of this.gcTimers) clearTimeout(t);
    this.gcTimers = collectGarbageSoon(() => this.overlays.size === 0);
  }

  /** Documents whose editor text the projects hold. */
  get openCount(): number {
    return this.overlays.size;
  }

  /** Sets (or clears) the editor's text of a file in every project. */
  setOverlay(file: string, text: string | undefined): void {
    const key = path.resolve(file);
    if (text === undefined) {
      if (!this.overlays.delete(key)) return;
    } else {
      if (this.overlays.get(key) === text) return;
      this.overlays.set(key, text);
    }
    this.changes++;
    this.ownChanges.set(key, (this.ownChanges.get(key) ?? 0) + 1);
    for (const p of this.projects.values()) p.setOverlay(key, text);
  }

  /** The project a file on disk belongs to, created (with every open document's text) on first use. */
  projectFor(file: string, remappings: readonly string[] | undefined): TrackedProject {
    const dir = path.dirname(path.resolve(file));
    let root = this.roots.get(dir);
    if (root === undefined) this.roots.set(dir, (root = findProjectRoot(file)));
    const key = `${root}\n${(remappings ?? []).join('\n')}`;
    let p = this.projects.get(key);
    if (!p) {
      p = new TrackedProject({ root, remappings });
      for (const [f, text] of this.overlays) p.setOverlay(f, text);
      this.projects.set(key, p);
    }
    return p;
  }

  get size(): number {
    return this.projects.size;
  }

  /** What the projects hold: how many, the files they hold parsed, the open documents' texts, the shared parse cache. */
  holding(): { projects: number; files: number; overlays: number; parses: number } {
    let files = 0;
    for (const p of this.projects.values()) files += p.filesHeld;
    return { projects: this.projects.size, files, overlays: this.overlays.size, parses: parseCacheSize() };
  }
}
