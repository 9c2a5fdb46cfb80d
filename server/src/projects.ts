/**
 * The project indexes of the fast tier, kept where the analysis runs (the
 * worker thread): one engine `Project` per project root (and remappings),
 * shared by every document of that root, so that imported files are read and
 * parsed once and facts are built over each file's whole import closure.
 *
 * The main thread owns the truth about open documents; it sends what changed
 * along with the next job (`ProjectUpdates`): the unsaved texts of open
 * documents (overlays, which win over the disk), files changed on disk, and
 * project roots whose remappings or foundry.toml changed.
 */
import path from 'node:path';
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
}

/** A project that remembers the import closure of the last file analysed with it. */
export class TrackedProject extends Project {
  lastClosure: SourceFile[] | undefined;

  override closure(file: string, text?: string, parsed?: ParsedFile, check?: Checkpoint): SourceFile[] {
    const c = super.closure(file, text, parsed, check);
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
