/**
 * Per-document results: what was analysed (version, content hash, config),
 * what was published, and the fixes recorded during analysis so that code
 * actions look them up by key instead of analysing again.
 */
import { createHash } from 'node:crypto';
import type { AnalysisStats, Finding } from '../../engine/src';
import type { OutlineContract } from './outline';
import type { DeepSnapshot } from './deepTier';
import { collectGarbageSoon } from './projects';

/** The fast tier's result for one version of a document. */
export interface FastSnapshot {
  version: number | null;
  hash: string;
  configKey: string;
  findings: Finding[];
  outline: OutlineContract[];
  stats: AnalysisStats;
  parseErrors: number;
  ruleErrors: Array<{ ruleId: string; message: string }>;
  /** The imported files the result was built over (absolute paths); undefined outside a project. */
  deps?: string[];
  /** The service's change counter when the analysis started: a later change of a dep makes the result stale. */
  seq?: number;
  /** The files it would be built over now are others (a derived contract was found or is gone); it runs again. */
  outdated?: boolean;
  /** Not every rule ran over this text (see `FastResult.provisional`): a complete analysis of it follows. */
  provisional?: boolean;
}

/** What the editor currently shows for a document. */
export interface Published {
  version: number | null;
  /** Findings in the order of the published diagnostics; a diagnostic's `data.index` points here. */
  findings: Finding[];
}

export interface DocState {
  uri: string;
  path?: string;
  fast?: FastSnapshot;
  deep?: DeepSnapshot;
  published?: Published;
  /**
   * The compiler's findings of the last compile, moved with the text through the edits since
   * (lastCompile.ts): `text` is the text they apply to now, `hash` its content hash; `others`:
   * the other findings shown, moved the same way, for a publish between analyses.
   */
  lastCompile?: { text: string; hash: string; findings: Finding[]; others: Finding[] };
  /** The highest version ever published, so that publishes only move forward. */
  publishedVersion: number;
  /** Recent fast results by `hash|configKey`; an undo back to earlier text is served from here. */
  cache: Map<string, FastSnapshot>;
  /** Measured gas of fixes, by `hash|findingIndex|fixIndex`. */
  measured: Map<string, unknown>;
  /** Whether the file is open in the editor (scanned files are not). */
  open: boolean;
  /** The version the document was opened at; its content event is the open itself. */
  openedVersion?: number;
  /** How its findings are shown, from the settings read when it was last analysed. */
  display?: { lowSeverityAs: 'information' | 'hint'; hidden?: 'vendored'; triaged?: 'hide' | 'dim' };
}

const RESULT_CACHE_SIZE = 4;

export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** The store of document states, by URI. */
export class DocumentStore {
  private readonly states = new Map<string, DocState>();

  get(uri: string): DocState | undefined {
    return this.states.get(uri);
  }

  ensure(uri: string, path: string | undefined): DocState {
    let s = this.states.get(uri);
    if (!s) {
      s = { uri, path, publishedVersion: -Infinity, cache: new Map(), measured: new Map(), open: false };
      this.states.set(uri, s);
    }
    return s;
  }

  delete(uri: string): void {
    const state = this.states.get(uri);
    this.states.delete(uri);
    // The last open document closed: what the documents held (texts, findings, deep results)
    // goes now rather than at the next allocation, which an idle server does not make.
    if (state?.open && !this.anyOpen()) {
      for (const t of this.gcTimers) clearTimeout(t);
      this.gcTimers = collectGarbageSoon(() => !this.anyOpen());
    }
  }

  private gcTimers: NodeJS.Timeout[] = [];

  private anyOpen(): boolean {
    for (const s of this.states.values()) if (s.open) return true;
    return false;
  }

  all(): DocState[] {
    return [...this.states.values()];
  }

  /** Remembers a fast result under its content hash and config, keeping a few per document. */
  remember(state: DocState, snap: FastSnapshot): void {
    const key = `${snap.hash}|${snap.configKey}`;
    state.cache.delete(key);
    state.cache.set(key, snap);
    while (state.cache.size > RESULT_CACHE_SIZE) state.cache.delete(state.cache.keys().next().value as string);
  }

  cached(state: DocState, hash: string, configKey: string): FastSnapshot | undefined {
    return state.cache.get(`${hash}|${configKey}`);
  }

  /** Drops every cached result, e.g. after a configuration change. */
  clearCaches(): void {
    for (const s of this.states.values()) s.cache.clear();
  }
}
