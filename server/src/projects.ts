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
import { Project, type Checkpoint, type ParsedFile, type SourceFile } from '../../engine/src';
import { findProjectRoot } from '../../engine/src/compile/imports';

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

export class ProjectHost {
  private readonly projects = new Map<string, TrackedProject>();
  /** The project root of each folder a document was analysed in. */
  private readonly roots = new Map<string, string>();
  private readonly overlays = new Map<string, string>();

  apply(u: ProjectUpdates | undefined): void {
    if (!u) return;
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

  /** Sets (or clears) the editor's text of a file in every project. */
  setOverlay(file: string, text: string | undefined): void {
    const key = path.resolve(file);
    if (text === undefined) {
      if (!this.overlays.delete(key)) return;
    } else {
      if (this.overlays.get(key) === text) return;
      this.overlays.set(key, text);
    }
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
}
