/**
 * The server's one domain module: it owns the document results, the
 * scheduler, both tiers and the settings, and turns analysis results into
 * published diagnostics. The LSP handlers in handlers/ call into it; server.ts
 * only wires them to the connection.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { CodeLensRefreshRequest, type Connection, type Diagnostic, DiagnosticSeverity, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { cutShortFinding, LineIndex, type Finding, type SynorConfig } from '../../engine/src';
import { contentHash, DocumentStore, type DocState, type FastSnapshot } from './documents';
import { FastAnalyzer, WorkerReplaced, type FastHandle, type FastResult } from './fastTier';
import { Logger } from './log';
import { PREEMPTED, Priority, Scheduler, type TaskOutcome } from './scheduler';
import { DEFAULT_SETTINGS, effectiveConfig, fileExcluded, normalizeSettings, pathToUri, ProjectConfigs, uriToPath, type ClientSettings, type ProjectConfigState } from './settings';
import { toDiagnostic } from './convert';
import { DeepGate, FixPremeasurer, loadDeepEngine, sameFinding, type DeepEngine, type DeepGateStatus, type DeepRequest, type DeepSnapshot } from './deepTier';
import { mergeFindings } from '../../engine/src/deep/typed';
import { INDEX_TASK, WorkspaceIndex, type IndexHost } from './workspaceIndex';
import { isVendored } from './workspaceSources';
import { loadRemappings } from '../../engine/src/compile/imports';
import { onePerProblem } from './dedupe';
import { carryCompilerFindings, COMPILER_RULES, diffTexts, shiftFinding } from './lastCompile';
import { TriageFiles } from './triage';
import type { IndexEntry } from './projects';

/** What the client told us at initialize time. */
export interface ClientFeatures {
  configuration: boolean;
  codeLensRefresh: boolean;
  workDoneProgress: boolean;
  codeActionResolve: boolean;
  changeAnnotations: boolean;
  documentChanges: boolean;
  showDocument: boolean;
  watchedFilesDynamic: boolean;
  /**
   * Workspace Trust, as the client said at initialize (`workspaceTrusted`). Until a
   * workspace is trusted the deep tier loads only the compilers bundled with Synor:
   * never the workspace's node_modules/solc nor synor.compilerPath.
   */
  trusted: boolean;
}

/** How long re-analysis waits after a file changed on disk, so that a burst of changes is analysed once. */
const DISK_CHANGE_DELAY_MS = 50;

/** How long an explicit request (the report command) waits for the deep tier. */
const REPORT_DEEP_WAIT_MS = 60000;

/** Scheduler keys of "fix all" runs: this prefix and the document's URI. */
const FIX_TASK = 'synor-fix-all:';

/**
 * How long after a provisional result the complete analysis of the same
 * version starts, unless another edit comes first: a pause in typing.
 */
export const COMPLETE_AFTER_MS = 100;

/** What "fix all" computed for one version of a document (see `SynorService.fixAll`). */
export type FixOutcome = NonNullable<FastResult['fix']>;


/** Marks a deep result built over imports that have changed since (it matches no text). */
const STALE_IMPORTS = '+imports-changed';
export class SynorService implements IndexHost {
  readonly store = new DocumentStore();
  /** Triage decisions (`.synor/triage.json`): findings triaged other than confirmed are not published. */
  readonly triage = new TriageFiles((m) => this.log.warn(m));
  readonly log: Logger;
  readonly configs: ProjectConfigs;
  readonly scheduler: Scheduler;
  readonly fast: FastAnalyzer;
  /** The workspace's own sources, linked into the fast tier's project indexes in the background. */
  readonly index: WorkspaceIndex;
  features: ClientFeatures = {
    configuration: false,
    codeLensRefresh: false,
    workDoneProgress: false,
    codeActionResolve: false,
    changeAnnotations: false,
    documentChanges: false,
    showDocument: false,
    watchedFilesDynamic: false,
    // Untrusted until the client says otherwise.
    trusted: false,
  };
  private globalSettings: ClientSettings = DEFAULT_SETTINGS;
  private readonly settingsCache = new Map<string, Promise<ClientSettings>>();
  private deep: DeepEngine | undefined;
  private deepUnavailable: string | undefined;
  private readonly deepRuns = new Map<string, { controller: AbortController; version: number | null; promise: Promise<void> }>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  /** Files a workspace scan put in the queue; they are read from disk, not from the editor. */
  private readonly scanFiles = new Set<string>();
  /**
   * Bumped whenever a file's text changes where importers read it (an edit in
   * an open document, a file changed on disk). A result built over an import
   * closure is stale once a file of the closure changed after it started.
   */
  private changeSeq = 0;
  /** The last change of each file, by absolute path; `*` is a change that may touch any closure (a new file, new remappings). */
  private readonly lastChange = new Map<string, number>();
  /** "Fix all" requests waiting for their run, and the outcomes of finished runs, by document URI. */
  private readonly fixRequests = new Map<string, { unsafe?: boolean; rules?: string[] }>();
  private readonly fixOutcomes = new Map<string, { version: number; fix: FixOutcome }>();
  private readonly fixRuns = new Map<string, { version: number; key: string; promise: Promise<FixOutcome | undefined> }>();
  private disposed = false;
  /**
   * Set when the client restarted the server (`initializationOptions.restarted`): the documents
   * the client opens again before the first edit are analysed by both tiers, so that compiler
   * findings and gas come back for the files in the background too, not only for the one in front.
   */
  private restartWindow = false;
  private readonly reopened = new Set<string>();
  /** Remapping targets by workspace folder, for telling vendored files (see `remappingTargets`). */
  private readonly remapTargets = new Map<string, string[]>();
  /** Measures the gas hints' fixes of the file in front after its deep run (deepTier.ts). */
  readonly premeasure = new FixPremeasurer({
    engine: () => this.deep,
    shown: (uri, version) => {
      const p = this.store.get(uri)?.published;
      return p && p.version === version && this.isCurrent(uri, version) ? p.findings : undefined;
    },
    request: (uri, signal) => this.deepRequest(uri, signal),
    measured: (uri, version, finding, fixIndex, gas) => {
      const shown = this.isCurrent(uri, version) && fixIndex === 0 ? sameFinding(this.store.get(uri)?.published?.findings ?? [], finding, fixIndex) : undefined;
      // The finding's own figure is its first fix's; the diagnostic's message shows it from this publish on.
      if (shown) {
        shown.gas = { ...shown.gas, ...gas };
        this.publish(uri);
      }
    },
    log: (level, message) => this.log[level](message),
  });

  constructor(
    readonly connection: Connection,
    readonly documents: TextDocuments<TextDocument>,
    bundlePath: string,
  ) {
    this.log = new Logger(connection.console);
    this.configs = new ProjectConfigs((state) => this.publishConfigProblems(state));
    this.fast = new FastAnalyzer(bundlePath, (level, message) => this.log[level](message));
    this.scheduler = new Scheduler(
      (key, generation, signal) =>
        key === INDEX_TASK ? this.index.runSlice(signal) : key.startsWith(FIX_TASK) ? this.runFixAll(key.slice(FIX_TASK.length), generation, signal) : this.analyseDocument(key, generation, signal),
      // A run stopped by the shutdown (a restart) did not fail: nothing to report as an error.
      (uri, err) => this.log[this.disposed ? 'debug' : 'error']('analysis failed', { file: this.displayPath(uri), error: (err as Error)?.stack ?? String(err) }),
    );
    this.index = new WorkspaceIndex(this);
  }

  /**
   * Finds the workspace's sources and links them into the project indexes in
   * the background (again when the folders, their project configuration or
   * the cap changed), so that a base is judged with the contracts deriving
   * from it in files nobody opened. `removed`: workspace folders no longer
   * open, whose projects are dropped.
   */
  async indexWorkspace(removed: readonly string[] = []): Promise<void> {
    for (const r of removed) this.fast.resetProjects(r);
    const roots = this.configs.roots;
    const settings = await this.settingsFor(roots[0] ? pathToUri(roots[0]) : 'file:///');
    await this.index.rescan(roots, settings.enable ? settings.workspaceIndex.maxFiles : 0, settings.fastAnalysis.budgetMs);
  }

  /** The client restarted the server: the documents it opens again get both tiers (see `restartWindow`). */
  restarted(): void {
    this.restartWindow = true;
  }

  /** Sets up the deep tier; called once the client has initialized. */
  initDeep(workerPath: string | undefined): void {
    const loaded = loadDeepEngine((level, message) => this.log[level](message), workerPath, { frontFile: () => uriToPath(this.scheduler.activeKey ?? '') });
    this.deep = loaded.engine;
    this.deepUnavailable = loaded.unavailable;
    if (this.deepUnavailable) this.log.info('deep tier unavailable', { reason: this.deepUnavailable });
  }

  /** What the deep tier holds now (`synor/status`); undefined when it is unavailable. */
  async deepHolding(): Promise<DeepGateStatus | undefined> {
    return this.deep instanceof DeepGate ? this.deep.holding() : undefined;
  }

  get deepStatus(): { available: boolean; reason?: string } {
    return this.deep ? { available: true } : { available: false, reason: this.deepUnavailable };
  }

  // ---- settings -----------------------------------------------------------

  setGlobalSettings(raw: unknown): void {
    this.globalSettings = normalizeSettings(raw);
    this.log.level = this.globalSettings.logLevel;
  }

  /** Settings for a resource; cached as a promise until the configuration changes. */
  settingsFor(uri: string): Promise<ClientSettings> {
    if (!this.features.configuration) return Promise.resolve(this.globalSettings);
    let p = this.settingsCache.get(uri);
    if (!p) {
      p = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'synor' })
        .then((raw) => normalizeSettings(raw))
        .catch((err) => {
          this.log.warn('could not read settings; using defaults', { error: String(err) });
          return this.globalSettings;
        });
      this.settingsCache.set(uri, p);
    }
    return p;
  }

  /** The configuration changed: forget cached settings and results, re-analyse open documents. */
  async configurationChanged(raw: unknown): Promise<void> {
    this.settingsCache.clear();
    if (this.features.configuration) {
      try {
        this.setGlobalSettings(await this.connection.workspace.getConfiguration('synor'));
      } catch {
        // Keep the previous global settings; per-resource reads will retry.
      }
    } else {
      this.setGlobalSettings((raw as { synor?: unknown } | undefined)?.synor ?? raw);
    }
    this.store.clearCaches();
    this.reanalyzeOpen('configuration changed');
    const s = await this.settingsFor(this.configs.roots[0] ? pathToUri(this.configs.roots[0]) : 'file:///');
    if ((s.enable ? s.workspaceIndex.maxFiles : 0) !== this.index.maxFilesAsked) void this.indexWorkspace();
  }

  /** A watched file changed: project config, remappings or foundry.toml. */
  watchedFileChanged(uri: string, kind: 'created' | 'changed' | 'deleted'): void {
    const file = uriToPath(uri);
    if (!file) return;
    const base = path.basename(file);
    if (base === 'synor.config.json') {
      if (kind !== 'changed') this.configs.invalidateLookups();
      if (kind === 'deleted') {
        this.connection.sendDiagnostics({ uri, diagnostics: [] });
      }
      if (kind !== 'deleted' || this.configs.known().includes(file)) this.configs.reload(file);
      this.log.info('project configuration re-read', { file, change: kind });
      this.store.clearCaches();
      this.deep?.forgetFixes?.();
      this.reanalyzeOpen('project configuration changed');
      // Its remappings key the projects: the sources are linked again into the project they now belong to.
      this.index.reindexAll();
    } else if (base === 'remappings.txt' || base === 'foundry.toml') {
      this.remapTargets.clear();
      // Import resolution changed: measured gas and compiler findings may be wrong now.
      for (const s of this.store.all()) {
        s.deep = undefined;
        s.lastCompile = undefined;
      }
      this.deep?.forgetFixes?.();
      this.log.info('compiler settings changed; deep results dropped', { file, change: kind });
      for (const s of this.store.all()) if (s.open) this.publish(s.uri);
      this.refreshLenses();
      // The projects' import resolution is built again, and every open document analysed over it.
      this.fast.resetProjects(path.dirname(file));
      this.sourceChanged('*', 0, 'project remappings changed');
      // The dropped projects held the workspace index; foundry.toml may also name other source folders.
      void this.indexWorkspace();
    } else if (base.endsWith('.sol')) {
      // A new file may be what an unresolved import was waiting for: the worker resolves those again.
      this.fast.invalidate(file, kind === 'created');
      // What the file imports may have changed, and with it which bases it derives from: it is linked
      // again, and the open documents whose closures (with derived files) changed are analysed again.
      this.index.fileChanged(file, kind);
      // An open document's text wins over the disk: importers see the editor's.
      if (this.isOpenFile(file)) return;
      // Open documents built over the file (importers, and bases it derives from) are analysed again.
      // A short delay gathers the events of one operation (a checkout, a formatter over the tree).
      this.sourceChanged(file, DISK_CHANGE_DELAY_MS, `file ${kind} on disk`);
    }
  }

  /** Whether a file is open in the editor. */
  private isOpenFile(file: string): boolean {
    return this.store.all().some((s) => s.open && s.path === file);
  }

  /**
   * A file's text changed where importers read it: results built over it are
   * stale, and every open document whose import closure holds it (`*`: every
   * open document) is analysed again, its running analysis cancelled.
   */
  private sourceChanged(file: string, delayMs: number, why: string, except?: string): void {
    this.lastChange.set(file, ++this.changeSeq);
    const dependants: string[] = [];
    for (const d of this.documents.all()) {
      if (d.uri === except) continue;
      const s = this.store.get(d.uri);
      if (!s?.open) continue;
      if (file !== '*' && !s.fast?.deps?.includes(file)) continue;
      dependants.push(d.uri);
      // The deep tier compiled and measured this text over the old import: its findings, lenses
      // and fix figures are keyed by the file's own text, so they are set apart as for an edit
      // (the compiler's findings carried as "from the last compile") until the next deep run.
      if (s.deep && !s.deep.hash.endsWith(STALE_IMPORTS)) s.deep = { ...s.deep, hash: s.deep.hash + STALE_IMPORTS };
      if (s.path) this.deep?.forgetFixesOf?.(s.path);
      void this.scheduler.schedule(d.uri, d.version, Priority.Open, delayMs, true);
    }
    if (dependants.length > 0) this.log.debug('re-analysing importers', { why, file: file === '*' ? '*' : this.displayPath(pathToUri(file)), count: dependants.length, files: dependants.map((u) => this.displayPath(u)).join(', ') });
  }

  /** Whether a result is still true of the files it was built over. */
  private fresh(snap: FastSnapshot): boolean {
    if (snap.outdated) return false;
    if (snap.seq === undefined) return true;
    if ((this.lastChange.get('*') ?? 0) > snap.seq) return false;
    return !snap.deps || snap.deps.every((f) => (this.lastChange.get(f) ?? 0) <= snap.seq!);
  }

  /** Whether the disk holds something other than `text` for a file (or nothing). */
  private differsFromDisk(file: string, text: string): boolean {
    try {
      return fs.readFileSync(file, 'utf8') !== text;
    } catch {
      return true;
    }
  }

  private reanalyzeOpen(why: string): void {
    const docs = this.documents.all();
    this.log.debug('re-analysing open documents', { why, count: docs.length });
    for (const d of docs) void this.scheduler.schedule(d.uri, d.version, Priority.Open, 0);
  }

  // ---- document events ----------------------------------------------------

  async opened(doc: TextDocument): Promise<void> {
    const state = this.store.ensure(doc.uri, uriToPath(doc.uri));
    state.open = true;
    state.openedVersion = doc.version;
    // An open starts a new version sequence, even if the client never closed the old one.
    state.publishedVersion = -Infinity;
    if (state.path) {
      const text = doc.getText();
      this.fast.setOverlay(state.path, text);
      // An editor may reopen unsaved text: open importers must see it.
      if (this.differsFromDisk(state.path, text)) this.sourceChanged(state.path, 0, 'opened with unsaved text', doc.uri);
    }
    if (this.restartWindow) this.reopened.add(doc.uri);
    this.scheduler.setActive(doc.uri);
    // Opening shows results as soon as possible: no debounce.
    void this.scheduler.schedule(doc.uri, doc.version, Priority.Open, 0);
  }

  async changed(doc: TextDocument): Promise<void> {
    const state = this.store.get(doc.uri);
    if (!state?.open || state.openedVersion === doc.version) return;
    this.premeasure.cancel(doc.uri);
    this.carryLastCompile(state, doc);
    // The documents of a restart have all been opened again by now.
    this.restartWindow = false;
    this.scheduler.setActive(doc.uri);
    this.clearIdle(doc.uri);
    const file = state.path;
    // Importers read the new text from now on; results built over the old one are stale.
    if (file) {
      this.fast.setOverlay(file, doc.getText());
      this.lastChange.set(file, ++this.changeSeq);
    }
    const settings = await this.settingsFor(doc.uri);
    // The version may have moved on while settings were read; only the newest schedules.
    const current = this.documents.get(doc.uri);
    if (!current || current.version !== doc.version) return;
    void this.scheduler.schedule(doc.uri, doc.version, Priority.Open, settings.debounceMs);
    if (file) this.sourceChanged(file, settings.debounceMs, 'imported document edited', doc.uri);
  }

  /**
   * Moves the last compile's findings with an edit (lastCompile.ts): those the
   * edit touches are dropped, and if any was, what is shown is published again
   * at once without them (unversioned: the fast tier's result for this version
   * follows), the other findings moved with the text as the editor moved them.
   */
  private carryLastCompile(state: DocState, doc: TextDocument): void {
    const carry = state.lastCompile;
    if (!carry) return;
    if (carry.findings.length === 0) {
      state.lastCompile = undefined;
      return;
    }
    const text = doc.getText();
    if (carry.text === text) return;
    const { kept, dropped } = carryCompilerFindings(carry.findings, carry.text, text);
    const change = diffTexts(carry.text, text)!;
    const oldLines = new LineIndex(carry.text);
    const newLines = new LineIndex(text);
    const others = carry.others.map((f) => shiftFinding(f, oldLines, newLines, change));
    state.lastCompile = { text, hash: contentHash(text), findings: kept, others };
    if (dropped === 0 || state.display?.hidden) return;
    this.log.debug('compiler findings touched by an edit dropped', { file: this.displayPath(doc.uri), version: doc.version, dropped, kept: kept.length });
    const diagnostics = [...others, ...kept].map((f, i) => toDiagnostic(f, i, state.published?.version ?? null, state.display?.lowSeverityAs));
    void this.connection.sendDiagnostics({ uri: doc.uri, diagnostics });
  }

  closed(uri: string): void {
    this.scheduler.cancel(uri);
    this.scheduler.cancel(FIX_TASK + uri);
    this.fixRequests.delete(uri);
    this.fixOutcomes.delete(uri);
    this.fixRuns.delete(uri);
    this.reopened.delete(uri);
    this.clearIdle(uri);
    this.deepRuns.get(uri)?.controller.abort();
    this.premeasure.cancel(uri);
    const file = this.store.get(uri)?.path;
    this.fast.forget(file ?? uri);
    this.store.delete(uri);
    this.connection.sendDiagnostics({ uri, diagnostics: [] });
    if (file) {
      // Importers read the disk again: when the editor's text was not saved, they see other code.
      const unsaved = this.fast.overlay(file);
      this.fast.setOverlay(file, undefined);
      if (unsaved !== undefined && this.differsFromDisk(file, unsaved)) {
        this.sourceChanged(file, 0, 'closed without saving', uri);
        // What it imports on disk may differ from the unsaved text's: it is linked again.
        this.index.fileChanged(file, 'changed');
      }
    }
  }

  async saved(doc: TextDocument): Promise<void> {
    const settings = await this.settingsFor(doc.uri);
    if (settings.enable && settings.deepAnalysis.onSave) void this.runDeep(doc.uri, 'save');
  }

  /** The client says which document is in front. */
  setActive(uri: string | undefined): void {
    this.scheduler.setActive(uri);
  }

  // ---- the fast tier --------------------------------------------------------

  /**
   * Runs a job in the fast tier until it ends or `signal` aborts it. A job
   * whose worker had to be replaced (it overran its budget, or would not stop)
   * answers `WorkerReplaced`, for the caller to decide what that means.
   */
  async runFast<T>(handle: FastHandle<T>, signal: AbortSignal): Promise<T | WorkerReplaced> {
    const onAbort = () => handle.abort();
    signal.addEventListener('abort', onAbort);
    if (signal.aborted) handle.abort();
    try {
      return await handle.promise;
    } catch (err) {
      if (err instanceof WorkerReplaced) return err;
      throw err;
    } finally {
      signal.removeEventListener('abort', onAbort);
      // A worker that had to be replaced took the workspace index with it.
      this.index.workerChanged();
    }
  }

  /** Runs the fast tier for one version of a document (or a scanned file) and publishes it if still current. */
  private async analyseDocument(uri: string, generation: number, signal: AbortSignal): Promise<void> {
    const doc = this.documents.get(uri);
    let text: string;
    let version: number | null;
    if (doc) {
      if (doc.version !== generation) return;
      text = doc.getText();
      version = doc.version;
    } else if (this.scanFiles.has(uri)) {
      this.scanFiles.delete(uri);
      const file = uriToPath(uri);
      if (!file) return;
      try {
        text = await fs.promises.readFile(file, 'utf8');
      } catch (err) {
        this.log.warn('cannot read file', { file, error: String(err) });
        return;
      }
      version = null;
    } else {
      return;
    }
    const settings = await this.settingsFor(uri);
    const file = uriToPath(uri);
    const state = this.store.ensure(uri, file);
    state.open = !!doc;
    // Vendored code is analysed (outline, navigation, the closures of the files importing it), but its
    // findings are its authors' to fix: they are not published unless the user asks for them.
    const hidden = !!file && !settings.showVendoredFindings && isVendored(file, this.configs.roots, (root) => this.remappingTargets(root));
    state.display = { lowSeverityAs: settings.lowSeverityAs, triaged: settings.triagedFindings, ...(hidden ? { hidden: 'vendored' as const } : {}) };
    const { config, excluded, configKey } = this.resolveConfig(uri, file, settings);
    if (!settings.enable || excluded) {
      state.fast = undefined;
      state.deep = undefined;
      state.lastCompile = undefined;
      if (this.isCurrent(uri, version)) this.publish(uri, version, true);
      this.log.debug(!settings.enable ? 'analysis disabled' : 'file excluded', { file: this.displayPath(uri) });
      return;
    }
    const hash = contentHash(text);
    let snap = this.store.cached(state, hash, configKey);
    if (snap && !this.fresh(snap)) snap = undefined;
    if (snap) {
      snap = { ...snap, version };
      this.log.debug('result reused', { file: this.displayPath(uri), version: version ?? 'disk', reason: 'same text and configuration' });
    } else {
      // Stopped before it could publish: a preempted task runs again later (a scanned file is read again then).
      const stopped = () => {
        const preempted = signal.reason === PREEMPTED;
        if (preempted && version === null) this.scanFiles.add(uri);
        this.log.debug(preempted ? 'analysis preempted by another document' : 'analysis cancelled by a newer version', { file: this.displayPath(uri), version: version ?? 'disk' });
      };
      if (signal.aborted) return stopped();
      this.log.debug('analysing', { file: this.displayPath(uri), version: version ?? 'disk', chars: text.length });
      const seq = this.changeSeq;
      const budgetMs = settings.fastAnalysis.budgetMs;
      // After a provisional result for this very text, every rule runs.
      const complete = !!state.fast?.provisional && state.fast.hash === hash && state.fast.version === version;
      let out = await this.runFast(this.fast.start({ text, path: file ?? uri, config, inProject: !!file, open: !!doc, budgetMs, ...(complete ? { complete } : {}) }), signal);
      if (out instanceof WorkerReplaced) {
        if (out.reason === 'aborted' || signal.aborted) return stopped();
        // The worker would not stop at the end of the budget: nothing is known but that.
        out = cutShortResult(file ?? uri, text, budgetMs);
      }
      const r = out.result;
      for (const e of r.ruleErrors) this.log.warn('rule failed', { file: this.displayPath(uri), rule: e.ruleId, error: e.message });
      if (r.aborted) return stopped();
      if (r.cutShort) this.log.info('analysis cut short at its time budget', { file: this.displayPath(uri), version: version ?? 'disk', budgetMs, stage: r.cutShort.stage ?? 'unknown' });
      snap = {
        version,
        hash,
        configKey,
        findings: r.findings,
        outline: out.outline,
        stats: r.stats,
        parseErrors: r.parseErrors.length,
        ruleErrors: r.ruleErrors.map((e) => ({ ruleId: e.ruleId, message: e.message })),
        ...(out.closure ? { deps: out.closure, seq } : {}),
        ...(out.provisional ? { provisional: true } : {}),
      };
      if (!this.fresh(snap)) {
        // A file it imports changed while it ran: analyse again over the new text.
        this.log.debug('result dropped: an imported file changed meanwhile', { file: this.displayPath(uri), version: version ?? 'disk' });
        if (doc) void this.scheduler.schedule(uri, doc.version, Priority.Open, 0);
        else if (version === null) {
          this.scanFiles.add(uri);
          void this.scheduler.schedule(uri, 0, Priority.Background, 0);
        }
        return;
      }
      // A result cut short is not kept for reuse: the same text may finish next time; nor is a provisional one.
      if (!r.cutShort && !snap.provisional) this.store.remember(state, snap);
      if (this.log.enabled('debug')) {
        const slowest = Object.entries(r.stats.ruleMs).sort((a, b) => b[1] - a[1])[0];
        this.log.debug('analysed', {
          file: this.displayPath(uri),
          version: version ?? 'disk',
          lines: r.stats.lines,
          findings: r.findings.length,
          parseMs: r.stats.parseMs,
          rulesMs: r.stats.rulesMs,
          totalMs: out.workerMs,
          parse: out.parseKind,
          ...(out.provisional ? { provisional: true } : {}),
          imports: out.closure?.length,
          slowestRule: slowest ? `${slowest[0]}:${slowest[1].toFixed(1)}ms` : undefined,
        });
      }
    }
    if (!this.isCurrent(uri, version)) {
      this.log.debug('result dropped: the document changed meanwhile', { file: this.displayPath(uri), version: version ?? 'disk' });
      return;
    }
    const before = state.fast?.deps;
    state.fast = snap;
    this.publish(uri);
    // A provisional answer (not every rule ran over the edit) is followed by the complete
    // analysis of the same version once typing pauses (a newer version supersedes it, so
    // that a burst of keystrokes never waits for a complete pass to stop). While the text
    // does not parse there is nothing more complete to compute.
    if (snap.provisional && doc && snap.parseErrors === 0) void this.scheduler.schedule(uri, doc.version, Priority.Open, COMPLETE_AFTER_MS);
    if (doc) void this.armIdle(uri, settings);
    // Opened again after a restart: the compiler's findings and the gas come back without a save.
    if (doc && this.reopened.delete(uri) && !state.display?.hidden && (settings.deepAnalysis.onSave || settings.deepAnalysis.onIdle)) void this.runDeep(uri, 'restart');
    // Read for the first time, or its imports changed: the bases it derives from may now be
    // built over it, so the other open documents' closures are checked (in the background).
    if (doc && snap.deps && !sameList(before, snap.deps)) this.index.closuresMayHaveChanged();
  }

  // ---- the workspace index (IndexHost) ----------------------------------------

  /** The remappings of a file's synor.config.json, which key the project it is analysed in. */
  remappingsFor(file: string): string[] | undefined {
    return this.configs.stateFor(file)?.config.compiler.remappings;
  }

  /** The open documents on disk with a current result, whose closures the index compares. */
  probe(): IndexEntry[] {
    const out: IndexEntry[] = [];
    for (const d of this.documents.all()) {
      const s = this.store.get(d.uri);
      if (s?.open && s.path && s.fast?.deps && s.fast.version === d.version) out.push({ path: s.path, remappings: this.remappingsFor(s.path) });
    }
    return out;
  }

  /**
   * What the open documents would be analysed over now: a document whose
   * current result was built over other files (a derived contract found or
   * gone) is analysed again; its result is no longer served as current meanwhile.
   */
  closuresComputed(closures: Record<string, string[]>): void {
    const changed: string[] = [];
    for (const d of this.documents.all()) {
      const s = this.store.get(d.uri);
      const now = s?.path ? closures[s.path] : undefined;
      if (!s?.fast?.deps || !now || s.fast.version !== d.version || sameList(now, s.fast.deps)) continue;
      s.fast.outdated = true;
      // Results for earlier texts were built over the old closure too.
      s.cache.clear();
      changed.push(d.uri);
      void this.scheduler.schedule(d.uri, d.version, Priority.Open, 0, true);
    }
    if (changed.length > 0) this.log.debug('re-analysing: the files they are built over changed', { count: changed.length, files: changed.map((u) => this.displayPath(u)).join(', ') });
  }

  /** Whether a result for `version` may still be published for `uri`. */
  isCurrent(uri: string, version: number | null): boolean {
    const doc = this.documents.get(uri);
    if (version === null) return !doc;
    return !!doc && doc.version === version;
  }

  /** The effective configuration for a document, whether it is excluded, and a key for caching. */
  resolveConfig(uri: string, file: string | undefined, settings: ClientSettings): { config: SynorConfig; excluded: boolean; configKey: string; project?: ProjectConfigState } {
    const project = file ? this.configs.stateFor(file) : undefined;
    const config = effectiveConfig(project?.config, settings);
    const excluded = !!file && fileExcluded(file, this.configs.baseFor(file), project?.config, settings);
    const configKey = createHash('sha1').update(JSON.stringify(config)).digest('hex').slice(0, 16);
    return { config, excluded, configKey, project };
  }

  /**
   * Publishes the current findings of a document: the fast tier's, plus the
   * deep tier's when they were computed for the same text. Versions only move
   * forward; a publish for an older version than the last one is dropped.
   */
  publish(uri: string, versionOverride?: number | null, empty = false): void {
    const state = this.store.get(uri);
    if (!state) return;
    const version = empty ? (versionOverride ?? null) : (state.fast?.version ?? null);
    if (version !== null && version < state.publishedVersion) {
      this.log.debug('publish dropped: older than what is shown', { file: this.displayPath(uri), version, shown: state.publishedVersion });
      return;
    }
    const current = empty || state.display?.hidden ? [] : this.currentFindings(state);
    this.attachMeasured(state, current);
    const findings: Finding[] = empty || state.display?.hidden ? [] : state.display?.triaged === 'dim' ? this.triage.annotated(state.path, current) : this.triage.visible(state.path, current);
    // What an edit moves until the next result: the compiler's findings, and what is shown.
    const doc = this.documents.get(uri);
    const compiler = current.filter((f) => COMPILER_RULES.has(f.ruleId));
    if (empty || compiler.length === 0) state.lastCompile = undefined;
    else if (doc && version !== null && doc.version === version) state.lastCompile = { text: doc.getText(), hash: state.fast!.hash, findings: compiler, others: findings.filter((f) => !COMPILER_RULES.has(f.ruleId)) };
    const diagnostics: Diagnostic[] = findings.map((f, i) => toDiagnostic(f, i, version, state.display?.lowSeverityAs));
    state.published = { version, findings };
    if (version !== null) state.publishedVersion = version;
    void this.connection.sendDiagnostics(version === null ? { uri, diagnostics } : { uri, version, diagnostics });
  }

  /**
   * Gives the gas hints of the shown text the figures measured for their first fix (ahead of
   * time or on resolve; deepTier.ts), so the diagnostic's message says what the quick fix's title says.
   */
  private attachMeasured(state: DocState, findings: Finding[]): void {
    const doc = this.documents.get(state.uri);
    const lookup = this.deep?.measuredFix?.bind(this.deep);
    if (!lookup || !doc || !state.path || state.fast?.version !== doc.version) return;
    const text = doc.getText();
    for (const f of findings) {
      if (f.category !== 'gas' || f.fixes.length === 0 || f.gas?.measured) continue;
      const gas = lookup(state.path, text, f, 0);
      if (gas) f.gas = { ...f.gas, ...gas };
    }
  }

  private currentFindings(state: DocState): Finding[] {
    const fast = state.fast;
    if (!fast) return [];
    const deep = state.deep;
    if (!deep?.result || deep.hash !== fast.hash) {
      // Between compiles: the last compile's findings, moved with the text and marked as such.
      const carry = state.lastCompile;
      if (carry && carry.hash === fast.hash && carry.findings.length > 0) return onePerProblem([...fast.findings, ...carry.findings]);
      return fast.findings;
    }
    // Compiler findings join the fast tier's; rules the deep tier re-decided
    // from solc's types replace their fast-tier findings for this text; a
    // problem that solc and a rule both report is shown once (see dedupe.ts).
    return onePerProblem(mergeFindings(fast.findings, deep.result));
  }

  // ---- the deep tier --------------------------------------------------------

  private clearIdle(uri: string): void {
    const t = this.idleTimers.get(uri);
    if (t) clearTimeout(t);
    this.idleTimers.delete(uri);
  }

  private armIdle(uri: string, settings: ClientSettings): void {
    this.clearIdle(uri);
    // Idle runs are for the document in front: opening a hundred files must not queue a hundred compilations.
    if (!this.deep || !settings.deepAnalysis.onIdle || this.scheduler.activeKey !== uri) return;
    const state = this.store.get(uri);
    if (state?.deep?.result && state.deep.hash === state.fast?.hash) return;
    const timer = setTimeout(() => {
      this.idleTimers.delete(uri);
      void this.runDeep(uri, 'idle');
    }, settings.deepAnalysis.idleMs);
    timer.unref();
    this.idleTimers.set(uri, timer);
  }

  /** A deep-tier request for the document's current text. */
  async deepRequest(uri: string, signal?: AbortSignal): Promise<DeepRequest | undefined> {
    const doc = this.documents.get(uri);
    const file = uriToPath(uri);
    if (!doc || !file) return undefined;
    const settings = await this.settingsFor(uri);
    const { config } = this.resolveConfig(uri, file, settings);
    const req: DeepRequest = { path: file, text: doc.getText(), config, timeoutMs: settings.deepAnalysis.timeoutMs, measure: true, signal };
    const root = this.configs.roots.find((r) => file.startsWith(r + path.sep));
    if (root) req.root = root;
    // Workspace Trust: the workspace's node_modules/solc and a compiler path are code to run;
    // the engine loads them only for a trusted workspace, and an untrusted one is not even told the path.
    req.trusted = this.features.trusted;
    if (settings.compilerPath && this.features.trusted) req.compilerPath = settings.compilerPath;
    return req;
  }

  /**
   * Runs the deep tier on the document's current text, one run at a time
   * across documents; a newer run of the same document aborts the older one.
   */
  runDeep(uri: string, reason: 'save' | 'idle' | 'request' | 'restart'): Promise<void> {
    const doc = this.documents.get(uri);
    if (!doc) return Promise.resolve();
    const state = this.store.get(uri);
    const hash = contentHash(doc.getText());
    if (!this.deep) {
      if (state) state.deep = { version: doc.version, hash, unavailable: this.deepUnavailable };
      return Promise.resolve();
    }
    const existing = this.deepRuns.get(uri);
    if (existing && existing.version === doc.version) return existing.promise;
    existing?.controller.abort();
    const controller = new AbortController();
    const version = doc.version;
    const deep = this.deep;
    const run = async () => {
      if (controller.signal.aborted || !this.isCurrent(uri, version)) return;
      const req = await this.deepRequest(uri, controller.signal);
      if (!req) return;
      const s = this.store.get(uri);
      if (s && !(s.deep?.result)) {
        s.deep = { version, hash, pending: true };
        this.refreshLenses();
      }
      const t0 = performance.now();
      let snapshot: DeepSnapshot;
      try {
        const result = await deep.analyze(req);
        snapshot = { version, hash, result, ms: performance.now() - t0 };
        if (result.unavailable) snapshot.unavailable = result.unavailable;
        this.log.debug('deep analysis', {
          file: this.displayPath(uri),
          version,
          reason,
          compiler: result.compiler?.version,
          compilerSource: result.compiler?.source,
          compileMs: result.timings.compileMs,
          measureMs: result.timings.measureMs,
          cached: result.timings.cached,
          contracts: result.contracts.length,
          findings: result.findings.length,
        });
        if (result.unavailable) this.log.info('deep analysis unavailable', { file: this.displayPath(uri), reason: result.unavailable, compiler: result.compiler?.version });
      } catch (err) {
        if (controller.signal.aborted || this.disposed) return;
        const message = (err as Error)?.message ?? String(err);
        this.log.error('deep analysis failed', { file: this.displayPath(uri), reason, error: (err as Error)?.stack ?? message });
        snapshot = { version, hash, unavailable: `the compiler or the gas measurement failed: ${message}`, ms: performance.now() - t0 };
      }
      if (controller.signal.aborted) return;
      const st = this.store.get(uri);
      if (!st) return;
      // Keep the measured gas even if the text moved on: lenses show it by name
      // until the next run. Compiler findings merge only for identical text.
      st.deep = snapshot;
      if (this.isCurrent(uri, version) && st.fast?.hash === hash) {
        this.publish(uri);
        // The gas hints of the file in front get their measured figures ahead of being asked.
        if (snapshot.result && !snapshot.unavailable && this.scheduler.activeKey === uri) void this.premeasure.start(uri, version);
      }
      this.refreshLenses();
    };
    // One run at a time, the document in front first: the deep tier's queue (deepTier.ts) orders them.
    const promise = run().then(
      () => undefined,
      () => undefined,
    ) as Promise<void>;
    const entry = { controller, version, promise };
    this.deepRuns.set(uri, entry);
    void promise.finally(() => {
      if (this.deepRuns.get(uri) === entry) this.deepRuns.delete(uri);
    });
    return promise;
  }

  /** Whether a deep run of the document is queued or running. */
  measuring(uri: string): boolean {
    return this.deepRuns.has(uri);
  }

  /** Waits for the deep tier's result for the current text, running it if needed. */
  async deepFor(uri: string): Promise<DeepSnapshot | undefined> {
    const doc = this.documents.get(uri);
    const state = this.store.get(uri);
    if (!doc || !state) return undefined;
    const hash = contentHash(doc.getText());
    if (state.deep && state.deep.hash === hash && !state.deep.pending) return state.deep;
    if (!this.deep) return { version: doc.version, hash, unavailable: this.deepUnavailable };
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, REPORT_DEEP_WAIT_MS).unref());
    await Promise.race([this.runDeep(uri, 'request'), timeout]);
    const after = this.store.get(uri)?.deep;
    return after && after.hash === hash ? after : { version: doc.version, hash, pending: true };
  }

  get deepEngine(): DeepEngine | undefined {
    return this.deep;
  }

  refreshLenses(): void {
    if (!this.features.codeLensRefresh || this.disposed) return;
    this.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  // ---- fast results on request ---------------------------------------------

  /**
   * The fast result for a document's current version: the published one when
   * current, else a run scheduled now at the highest priority and awaited.
   */
  async fastFor(uri: string): Promise<FastSnapshot | undefined> {
    const doc = this.documents.get(uri);
    const state = this.store.get(uri);
    if (doc) {
      if (state?.fast && state.fast.version === doc.version && this.fresh(state.fast)) return state.fast;
      // A run whose imports changed while it ran publishes nothing and runs again; a few tries, then give up.
      for (let attempt = 0; attempt < 3; attempt++) {
        const outcome = await this.scheduler.schedule(uri, doc.version, Priority.Active, 0);
        const s = this.store.get(uri);
        if (outcome !== 'done' || !s?.fast || s.fast.version !== this.documents.get(uri)?.version) return undefined;
        if (this.fresh(s.fast)) return s.fast;
      }
      return undefined;
    }
    if (state?.fast && !state.open && this.fresh(state.fast)) return state.fast;
    this.scanFiles.add(uri);
    await this.scheduler.schedule(uri, 0, Priority.Active, 0);
    return this.store.get(uri)?.fast;
  }

  /**
   * Every safe fix of an open document's current version (or, with `rules`,
   * of those rules' findings), computed together by the engine where the fast
   * tier runs (over the document's project), applied, re-analysed and
   * re-checked: fixes whose result would not parse or would raise a new finding
   * are left out. Runs as a task of the scheduler, ahead of other documents'
   * analyses; undefined when the document changed or the run was cut short.
   */
  fixAll(uri: string, version: number, options: { unsafe?: boolean; rules?: string[] } = {}): Promise<FixOutcome | undefined> {
    // One run per version and options: a second request (the action, then the command) waits for it.
    const key = JSON.stringify([options.unsafe ?? false, options.rules ?? null]);
    const known = this.fixRuns.get(uri);
    if (known && known.version === version && known.key === key) return known.promise;
    const promise = (async () => {
      this.fixRequests.set(uri, options);
      const outcome = await this.scheduler.schedule(FIX_TASK + uri, version, Priority.Active, 0);
      const done = this.fixOutcomes.get(uri);
      if (done?.version === version) this.fixOutcomes.delete(uri);
      return outcome === 'done' && done?.version === version && this.documents.get(uri)?.version === version ? done.fix : undefined;
    })();
    const run = { version, key, promise };
    this.fixRuns.set(uri, run);
    // A run that gave nothing (the document moved on, or it was stopped) is not kept.
    void promise.then((r) => {
      if (r === undefined && this.fixRuns.get(uri) === run) this.fixRuns.delete(uri);
    });
    return promise;
  }

  private async runFixAll(uri: string, generation: number, signal: AbortSignal): Promise<void> {
    const doc = this.documents.get(uri);
    const options = this.fixRequests.get(uri);
    if (!doc || doc.version !== generation || !options) return;
    const settings = await this.settingsFor(uri);
    const file = uriToPath(uri);
    const { config, excluded } = this.resolveConfig(uri, file, settings);
    if (!settings.enable || excluded || signal.aborted) return;
    const t0 = performance.now();
    const out = await this.runFast(this.fast.start({ text: doc.getText(), path: file ?? uri, config, inProject: !!file, open: true, budgetMs: settings.fastAnalysis.budgetMs, fix: options }), signal);
    if (out instanceof WorkerReplaced) return;
    // Stopped (a newer request, or another document's turn: it runs again later): nothing to keep.
    if (!out.fix || out.fix.stopped === 'aborted' || signal.aborted) return;
    this.fixOutcomes.set(uri, { version: generation, fix: out.fix });
    this.log.debug('fix all computed', { file: this.displayPath(uri), version: generation, applied: out.fix.applied.length, skipped: out.fix.skipped.length, passes: out.fix.passes, ms: performance.now() - t0 });
  }

  /** Queues a file on disk for analysis in the background (a workspace scan). */
  scanFile(uri: string): Promise<TaskOutcome> {
    if (this.documents.get(uri)) {
      const d = this.documents.get(uri)!;
      const s = this.store.get(uri);
      if (s?.fast?.version === d.version && this.fresh(s.fast)) return Promise.resolve('done');
      return this.scheduler.schedule(uri, d.version, Priority.Open, 0);
    }
    this.scanFiles.add(uri);
    return this.scheduler.schedule(uri, 0, Priority.Background, 0);
  }

  // ---- configuration file problems -----------------------------------------

  private publishConfigProblems(state: ProjectConfigState): void {
    const uri = pathToUri(state.file);
    if (!state.error) {
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    this.log.warn('invalid project configuration; keeping the previous one', { file: state.file, problems: state.error.problems.length, error: state.error.message });
    const diagnostics: Diagnostic[] = state.error.problems.map((p) => ({
      range: { start: { line: p.line, character: p.character }, end: { line: p.line, character: p.character + 1 } },
      severity: DiagnosticSeverity.Error,
      source: 'synor',
      code: 'config-invalid',
      message: p.message,
    }));
    void this.connection.sendDiagnostics({ uri, diagnostics });
  }

  // ---- misc -----------------------------------------------------------------

  /** The folders a workspace folder's remappings (remappings.txt, foundry.toml) point at; read once until they change. */
  private remappingTargets(root: string): string[] {
    let targets = this.remapTargets.get(root);
    if (!targets) {
      try {
        targets = loadRemappings(root).remappings.map((r) => r.target);
      } catch {
        targets = [];
      }
      this.remapTargets.set(root, targets);
    }
    return targets;
  }

  /** The workspace folder that holds a file (the innermost), if any. */
  rootFor(file: string): string | undefined {
    return this.configs.roots.filter((r) => file.startsWith(r + path.sep)).sort((a, b) => b.length - a.length)[0];
  }

  /** A path for the log: relative to a workspace folder where possible. */
  displayPath(uri: string): string {
    const file = uriToPath(uri);
    if (!file) return uri;
    for (const r of this.configs.roots) if (file.startsWith(r + path.sep)) return path.relative(r, file);
    return file;
  }

  /** Whether the server is shutting down: work stopped by it is not reported as failed. */
  get shuttingDown(): boolean {
    return this.disposed;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const t of this.idleTimers.values()) clearTimeout(t);
    for (const r of this.deepRuns.values()) r.controller.abort();
    await Promise.allSettled([this.fast.dispose(), this.deep?.dispose()]);
  }
}

function sameList(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return !!a && a.length === b.length && a.every((x, i) => x === b[i]);
}

/** What is known of an analysis whose worker had to be stopped at the end of its budget: only that. */
function cutShortResult(file: string, text: string, budgetMs: number): FastResult {
  const lines = new LineIndex(text);
  const cutShort = { reason: 'budget' as const, budgetMs };
  return {
    result: {
      file,
      findings: [cutShortFinding(file, lines, cutShort)],
      parseErrors: [],
      ruleErrors: [],
      aborted: false,
      cutShort,
      stats: { parseMs: 0, rulesMs: 0, totalMs: budgetMs, lines: lines.lineCount, rulesRun: 0, ruleMs: {} },
    },
    outline: [],
    workerMs: budgetMs,
    parseKind: 'full',
  };
}
