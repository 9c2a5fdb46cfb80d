/**
 * One analysis, done the way the CLI does it: the sources are laid out in a
 * private temporary folder (the engine's project index resolves imports on
 * disk), every file is indexed first so that bases know what derives from
 * them, then each file to report on is analysed over its closure. Paths in the
 * result are the request's relative paths, never the temporary folder.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  analyze,
  assignFingerprints,
  parse,
  buildReport,
  defaultConfig,
  listRules,
  parseConfig,
  Project,
  ruleMap,
  FINGERPRINT_VERSION,
  TOOL_VERSION,
  type AnalysisResult,
  type Report,
  type ReportContractGas,
  type SynorConfig,
} from '../../engine/src';
import { measureAll, type MeasureOutcome } from '../../engine/src/deep/measure-all';

export interface AnalysisSettings {
  /** Per-rule settings as in `synor.config.json`'s `rules`. */
  rules?: Record<string, string>;
  /** Remappings, `prefix=target`, as in `synor.config.json`'s `compiler.remappings`. */
  remappings?: string[];
  /**
   * Measure gas as `synor --measure` does: compile with solc (a bundled compiler), deploy and
   * call each contract in the EVM, measure each gas fix before and after. Part of the
   * idempotency key, like every setting.
   */
  measure?: boolean;
}

/** The measured gas of an analysis with `settings.measure`: per contract, and what could not be measured. */
export interface StoredGas {
  contracts: ReportContractGas[];
  /** Contracts deployed of those that should have been, and gas hints withdrawn because their fix measured as a loss or no change. */
  deployed: number;
  deployable: number;
  withdrawn: number;
  /** Compiler used, anything that could not be measured and why, withdrawn hints. */
  notes: string[];
  /** Set when nothing at all was measured. */
  headline?: string;
}

export interface StoredFinding {
  fingerprint: string;
  ruleId: string;
  messageId: string;
  title: string;
  category: string;
  severity: string;
  confidence: string;
  swc?: string;
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  contract?: string;
  function?: string;
  docs: string;
  /** With `settings.measure`: the fix's measured effect (before and after, and the verdict) or why it was not measured. */
  gas?: import('../../engine/src').FindingGas;
  /** Bytecode findings: the instruction's offset in the runtime, the selectors that reach it, and the local-EVM confirmation. */
  pc?: number;
  selectors?: string[];
  confirmed?: boolean;
}

export interface AnalysisOutput {
  /** What was analysed: sources (the default, absent in results stored before bytecode analyses existed) or bytecode. */
  kind?: 'source' | 'bytecode';
  engineVersion: string;
  fingerprints: string;
  files: string[];
  summary: Report['summary'];
  risk: Report['risk'];
  findings: StoredFinding[];
  errors: Report['errors'];
  cutShort: boolean;
  /** The engine's report model, from which SARIF and Markdown are rendered on request (source analyses). */
  report?: Report;
  /** A bytecode analysis: the code's keccak-256 and the engine's analysis, from which SARIF and Markdown are rendered. */
  bytecode?: import('./bytecode-run').BytecodeResult;
  /** Measured gas (source analyses with `settings.measure`). */
  gas?: StoredGas;
  durationMs: number;
}

let version: string | undefined;

/**
 * The engine version a stored result is valid for: the tool version, the
 * fingerprint scheme and a digest of every rule's id, severity and confidence,
 * so that a changed rule set never serves a result computed by another.
 */
export function engineVersion(): string {
  if (version) return version;
  const rules = listRules().map((r) => [r.id, r.severity, r.confidence, r.category]);
  const digest = crypto.createHash('sha256').update(JSON.stringify(rules)).digest('hex').slice(0, 12);
  return (version = `${TOOL_VERSION}+${FINGERPRINT_VERSION}+rules.${digest}`);
}

/** The engine configuration for these settings; throws the engine's ConfigError when they are invalid. */
export function configFor(settings: AnalysisSettings): SynorConfig {
  if (!settings.rules && !settings.remappings) return defaultConfig();
  const text = JSON.stringify({ ...(settings.rules ? { rules: settings.rules } : {}), ...(settings.remappings ? { compiler: { remappings: settings.remappings } } : {}) }, null, 2);
  return parseConfig(text, 'settings', new Set(ruleMap().keys()));
}

/** Files reported on: the entry when given, else every Solidity file outside dependency folders. */
export function targetsOf(files: Record<string, string>, entry?: string): string[] {
  if (entry) return [entry];
  return Object.keys(files)
    .filter((f) => f.endsWith('.sol') && !/(^|\/)(node_modules|lib)\//.test(f))
    .sort();
}

export async function runAnalysis(files: Record<string, string>, entry: string | undefined, settings: AnalysisSettings, budgetMs: number, onProgress?: (done: number, total: number) => void, onFolder?: (dir: string) => void): Promise<AnalysisOutput> {
  const started = performance.now();
  const config = configFor(settings);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-analysis-'));
  // A thread ended by a time limit or a cancellation never reaches the finally below: its owner removes the folder.
  onFolder?.(dir);
  try {
    for (const [name, text] of Object.entries(files)) {
      const abs = path.join(dir, name);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, text);
    }
    const project = new Project({ root: dir, remappings: config.compiler.remappings });
    const targets = targetsOf(files, entry);
    const abs = Object.keys(files).filter((f) => f.endsWith('.sol')).map((f) => path.join(dir, f));
    try {
      project.index(abs);
    } catch {
      // A file the index cannot read is analysed (and reported) on its own below.
    }
    const results: AnalysisResult[] = [];
    // With measurement, the rules get half the budget: the deep tier compiles, deploys and measures in the rest.
    const rulesBudget = settings.measure ? budgetMs / 2 : budgetMs;
    const steps = settings.measure ? 2 * targets.length : targets.length;
    targets.forEach((rel, i) => {
      const file = path.join(dir, rel);
      const left = Math.max(100, rulesBudget - (performance.now() - started));
      results.push(analyze(files[rel], { path: file, config, project, budgetMs: left }));
      onProgress?.(i + 1, steps);
    });
    let measured: MeasureOutcome | undefined;
    if (settings.measure) {
      const texts = new Map(targets.map((rel) => [path.join(dir, rel), files[rel]]));
      let done = targets.length;
      // The sources were uploaded: only the compilers bundled with Synor run, never a node_modules/solc
      // from the upload. The deep tier's worker is a thread of the analysis thread, so the time limit
      // that ends the analysis thread ends it too; the deadline makes it end with notes before that.
      measured = await measureAll(results, texts, config, { trusted: false, root: dir, deadline: started + budgetMs, noteUncompiled: true, progress: () => onProgress?.(Math.min(steps - 1, done++), steps) });
      // The compiler's findings have no fingerprint yet.
      for (const r of results) if (r.findings.some((f) => !f.fingerprint)) assignFingerprints(r.findings, parse(texts.get(r.file) ?? ''), { onlyMissing: true });
      onProgress?.(steps, steps);
    }
    const relative = (p: string) => (p.startsWith(dir + path.sep) ? path.relative(dir, p).split(path.sep).join('/') : p);
    // Paths inside notes and compiler messages: the temporary folder is never shown.
    const inText = (t: string) => t.split(dir + path.sep).join('');
    for (const r of results) {
      r.file = relative(r.file);
      for (const f of r.findings) {
        f.file = relative(f.file);
        f.message = inText(f.message);
      }
    }
    if (measured) {
      for (const c of measured.contracts) c.file = relative(c.file);
      for (const b of measured.bytecode) {
        b.file = relative(b.file);
        for (const f of b.findings) if (f.place) f.place = { ...f.place, file: relative(f.place.file) };
      }
      measured.notes = measured.notes.map(inText);
    }
    const report = buildReport({ results, ...(measured ? { gas: measured.contracts, bytecode: measured.bytecode, notes: measured.notes, headline: measured.headline } : {}) });
    const findings: StoredFinding[] = report.findings.map((f) => ({
      fingerprint: f.fingerprint ?? '',
      ruleId: f.ruleId,
      messageId: f.messageId,
      title: f.title,
      category: f.category,
      severity: f.severity,
      confidence: f.confidence,
      ...(f.swc ? { swc: f.swc } : {}),
      file: f.file,
      range: f.range,
      message: f.message,
      ...(f.contract ? { contract: f.contract } : {}),
      ...(f.function ? { function: f.function } : {}),
      docs: f.docs,
      ...(f.gas ? { gas: f.gas } : {}),
    }));
    return {
      kind: 'source',
      engineVersion: engineVersion(),
      fingerprints: FINGERPRINT_VERSION,
      files: targets,
      summary: report.summary,
      risk: report.risk,
      findings,
      errors: report.errors,
      cutShort: results.some((r) => r.cutShort !== undefined),
      report,
      ...(measured ? { gas: { contracts: measured.contracts, deployed: measured.deployed, deployable: measured.deployable, withdrawn: measured.withdrawn, notes: measured.notes, ...(measured.headline ? { headline: measured.headline } : {}) } } : {}),
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
