/**
 * Settings: the client's `synor.*` configuration, read per resource and cached
 * as promises (as vscode-eslint does, so concurrent requests share one
 * round-trip), and the project's `synor.config.json`, re-read when it changes
 * and kept at its last good state while it has errors.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CONFIG_FILE_NAME, ConfigError, defaultConfig, isExcluded, parseConfig, ruleMap, SEVERITIES, type Severity, type SynorConfig } from '../../engine/src';
import { findUp } from '../../engine/src/project/find-up';
import type { LogLevel } from './log';

/** The `synor.*` settings, with defaults applied. */
export interface ClientSettings {
  enable: boolean;
  /** Per-rule overrides: a severity, or `off`. */
  rules: Record<string, Severity | 'off' | 'on'>;
  debounceMs: number;
  deepAnalysis: { onSave: boolean; onIdle: boolean; idleMs: number; timeoutMs: number };
  /** The time budget of one as-you-type analysis; when it runs out, what was found is published with a note. */
  fastAnalysis: { budgetMs: number };
  /** Machine-scoped; ignored in an untrusted workspace. */
  compilerPath: string;
  exclude: string[];
  logLevel: LogLevel;
  scanWorkspaceOnStartup: boolean;
  /**
   * The workspace index: at most `maxFiles` of the workspace's own sources are
   * linked in the background so that a base knows what derives from it; 0 turns it off.
   */
  workspaceIndex: { maxFiles: number };
  /** How gas and info-severity findings are shown: Information (listed in Problems) or Hint. */
  lowSeverityAs: 'information' | 'hint';
  /** Whether findings in vendored code (`lib/`, `node_modules/`, remapped dependencies) are published. */
  showVendoredFindings: boolean;
  /** Triaged findings: not published, or published faded with the decision. */
  triagedFindings: 'hide' | 'dim';
}

export const DEFAULT_SETTINGS: ClientSettings = {
  enable: true,
  rules: {},
  debounceMs: 150,
  deepAnalysis: { onSave: true, onIdle: true, idleMs: 2000, timeoutMs: 30000 },
  fastAnalysis: { budgetMs: 15000 },
  compilerPath: '',
  exclude: [],
  logLevel: 'info',
  scanWorkspaceOnStartup: false,
  workspaceIndex: { maxFiles: 5000 },
  lowSeverityAs: 'information',
  showVendoredFindings: false,
  triagedFindings: 'hide',
};

/** Fills defaults into whatever the client sent; wrong types fall back to the default. */
export function normalizeSettings(raw: unknown): ClientSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const deep = (r.deepAnalysis && typeof r.deepAnalysis === 'object' ? r.deepAnalysis : {}) as Record<string, unknown>;
  const fast = (r.fastAnalysis && typeof r.fastAnalysis === 'object' ? r.fastAnalysis : {}) as Record<string, unknown>;
  const index = (r.workspaceIndex && typeof r.workspaceIndex === 'object' ? r.workspaceIndex : {}) as Record<string, unknown>;
  const bool = (v: unknown, d: boolean) => (typeof v === 'boolean' ? v : d);
  const num = (v: unknown, d: number, min: number, max: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : d);
  const rules: ClientSettings['rules'] = {};
  if (r.rules && typeof r.rules === 'object') {
    for (const [id, v] of Object.entries(r.rules as Record<string, unknown>)) {
      if (v === 'off' || v === 'on' || (typeof v === 'string' && (SEVERITIES as string[]).includes(v))) rules[id] = v as Severity | 'off' | 'on';
    }
  }
  const level = r.logLevel;
  return {
    enable: bool(r.enable, DEFAULT_SETTINGS.enable),
    rules,
    debounceMs: num(r.debounceMs, DEFAULT_SETTINGS.debounceMs, 0, 10000),
    deepAnalysis: {
      onSave: bool(deep.onSave, DEFAULT_SETTINGS.deepAnalysis.onSave),
      onIdle: bool(deep.onIdle, DEFAULT_SETTINGS.deepAnalysis.onIdle),
      idleMs: num(deep.idleMs, DEFAULT_SETTINGS.deepAnalysis.idleMs, 200, 600000),
      timeoutMs: num(deep.timeoutMs, DEFAULT_SETTINGS.deepAnalysis.timeoutMs, 1000, 600000),
    },
    fastAnalysis: {
      budgetMs: num(fast.budgetMs, DEFAULT_SETTINGS.fastAnalysis.budgetMs, 100, 600000),
    },
    compilerPath: typeof r.compilerPath === 'string' ? r.compilerPath : '',
    exclude: Array.isArray(r.exclude) ? r.exclude.filter((x): x is string => typeof x === 'string') : [],
    logLevel: level === 'error' || level === 'warn' || level === 'info' || level === 'debug' ? level : DEFAULT_SETTINGS.logLevel,
    scanWorkspaceOnStartup: bool(r.scanWorkspaceOnStartup, DEFAULT_SETTINGS.scanWorkspaceOnStartup),
    workspaceIndex: { maxFiles: Math.round(num(index.maxFiles, DEFAULT_SETTINGS.workspaceIndex.maxFiles, 0, 100000)) },
    lowSeverityAs: r.lowSeverityAs === 'hint' || r.lowSeverityAs === 'information' ? r.lowSeverityAs : DEFAULT_SETTINGS.lowSeverityAs,
    showVendoredFindings: bool(r.showVendoredFindings, DEFAULT_SETTINGS.showVendoredFindings),
    triagedFindings: r.triagedFindings === 'dim' || r.triagedFindings === 'hide' ? r.triagedFindings : DEFAULT_SETTINGS.triagedFindings,
  };
}

/** The state of one `synor.config.json`. */
export interface ProjectConfigState {
  file: string;
  /** The last configuration that parsed; the defaults when it never did. */
  config: SynorConfig;
  error?: ConfigError;
  /** Bumped on every successful change, so cached results keyed by it go stale. */
  generation: number;
}

/**
 * Finds and reads project configuration files. A file is looked up from the
 * document's folder upwards, stopping at the workspace folder that holds it
 * (or the file system root for loose files).
 */
export class ProjectConfigs {
  private readonly byFile = new Map<string, ProjectConfigState>();
  private readonly lookup = new Map<string, string | null>();
  roots: string[] = [];

  constructor(private readonly onProblem: (state: ProjectConfigState) => void) {}

  /** The config file that governs `file`, or undefined. */
  configFileFor(file: string): string | undefined {
    const visited: string[] = [];
    // Each folder passed on the way remembers the answer, so the next file there is not looked up again.
    const found =
      findUp(
        path.dirname(file),
        (dir) => {
          const cached = this.lookup.get(dir);
          if (cached !== undefined) return cached;
          visited.push(dir);
          const candidate = path.join(dir, CONFIG_FILE_NAME);
          return fs.existsSync(candidate) ? candidate : undefined;
        },
        this.rootFor(file),
      ) ?? null;
    for (const v of visited) this.lookup.set(v, found);
    return found ?? undefined;
  }

  /** The project config for a file: its state, or undefined when there is no config file. */
  stateFor(file: string): ProjectConfigState | undefined {
    const configFile = this.configFileFor(file);
    if (!configFile) return undefined;
    return this.byFile.get(configFile) ?? this.reload(configFile);
  }

  /** Re-reads one config file; keeps the previous good config when the new text has errors. */
  reload(configFile: string): ProjectConfigState {
    const previous = this.byFile.get(configFile);
    const state: ProjectConfigState = { file: configFile, config: previous?.config ?? defaultConfig(), generation: (previous?.generation ?? 0) + 1 };
    let text: string | undefined;
    try {
      text = fs.readFileSync(configFile, 'utf8');
    } catch {
      // Deleted: fall back to the defaults, which is what a missing file means.
      state.config = defaultConfig();
    }
    if (text !== undefined) {
      try {
        state.config = parseConfig(text, configFile, new Set(ruleMap().keys()));
      } catch (err) {
        if (err instanceof ConfigError) state.error = err;
        else state.error = new ConfigError(configFile, [{ message: (err as Error).message, line: 0, character: 0 }]);
        state.generation = previous?.generation ?? 0;
      }
    }
    this.byFile.set(configFile, state);
    this.onProblem(state);
    return state;
  }

  /** Forgets lookups after files were created or deleted. */
  invalidateLookups(): void {
    this.lookup.clear();
  }

  /** Every config file read so far. */
  known(): string[] {
    return [...this.byFile.keys()];
  }

  private rootFor(file: string): string | undefined {
    let best: string | undefined;
    for (const r of this.roots) {
      if ((file === r || file.startsWith(r.endsWith(path.sep) ? r : r + path.sep)) && (!best || r.length > best.length)) best = r;
    }
    return best;
  }

  /** The folder that exclusion globs are relative to: the config's folder, else the workspace folder. */
  baseFor(file: string): string {
    const cf = this.configFileFor(file);
    return cf ? path.dirname(cf) : (this.rootFor(file) ?? path.dirname(file));
  }
}

/** The effective engine configuration for a document: project config, then the client's overrides. */
export function effectiveConfig(project: SynorConfig | undefined, settings: ClientSettings): SynorConfig {
  const base = project ?? defaultConfig();
  const rules = { ...base.rules };
  const known = ruleMap();
  for (const [id, v] of Object.entries(settings.rules)) {
    if (!known.has(id)) continue;
    if (v === 'off') rules[id] = { enabled: false };
    else if (v === 'on') rules[id] = { enabled: true, severity: rules[id]?.severity };
    else rules[id] = { enabled: true, severity: v };
  }
  return { ...base, rules, exclude: [...base.exclude] };
}

/** Whether a file is excluded by the project config or the client's `synor.exclude`. */
export function fileExcluded(file: string, base: string, project: SynorConfig | undefined, settings: ClientSettings): boolean {
  const rel = path.relative(base, file).split(path.sep).join('/');
  if (rel.startsWith('..')) return false;
  if (project && isExcluded(project, rel)) return true;
  if (settings.exclude.length > 0 && isExcluded({ ...defaultConfig(), exclude: settings.exclude }, rel)) return true;
  return false;
}

/** A file system path for a URI, or undefined for untitled and other non-file documents. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).toString();
}
