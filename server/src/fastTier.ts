/**
 * The fast tier runs in a worker thread so that a long analysis (a 10,000-line
 * file) never blocks the thread that answers the editor, and so that a newer
 * version of a document can cancel the analysis of an older one while it runs.
 *
 * A synchronous analysis cannot see messages posted to its thread, so
 * cancellation goes through shared memory: the main thread writes the id of
 * the job to abort into a SharedArrayBuffer, and the job's AbortSignal reads
 * that slot. The engine checks `signal.aborted` between rules and every few
 * hundred nodes, so an abort takes effect within milliseconds.
 *
 * The worker is this same bundle started again (see server.ts), because the
 * build produces one file for the server.
 *
 * The worker also keeps the project indexes (projects.ts): a file on disk is
 * analysed over its whole import closure. The main thread sends, with each
 * job, what changed since the previous one: the texts of open documents
 * (overlays), files changed on disk, and projects whose configuration changed.
 * Index jobs link the workspace's files into those indexes a slice at a time
 * (workspaceIndex.ts), between the analyses.
 */
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { createHash } from 'node:crypto';
import { AnalysisStopped, analyze, analyzeMember, assignFingerprints, checkpointFor, compareRanges, fixAll, parse, syntaxErrorFindings, type LineIndex, type Finding, type AnalysisResult, type Range, type FixAllResult, type ParsedFile, type StopReason, type SynorConfig, ruleMap, type Project } from '../../engine/src';
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { parseDirectives } from '../../engine/src/config/suppress';
import { outlineOf, type OutlineContract } from './outline';
import { diffText, lineBreaks, moveLineMentions, moveRange, reparse, settle, triviaKeepsFindings, type ReparseKind, type TextChange, type TriviaEdit } from './incremental';
import { HeapCompactor, ProjectHost, type IndexEntry, type ProjectUpdates } from './projects';
import type { ThreadMemory } from '../../engine/src/deep';
import { awaitReply } from '../../engine/src/reply';
import { parseRawAntlr } from '../../engine/src/parse/antlr';

export interface FastJob {
  text: string;
  path: string;
  config: SynorConfig;
  /** The file is on disk: analyse it in its project (over its import closure). */
  inProject?: boolean;
  /** The text is an open editor's: other files importing this one see it instead of the disk's. */
  open?: boolean;
  /** The analysis's time budget in milliseconds, the parse included. */
  budgetMs?: number;
  /**
   * Compute the file's fixes together instead (the engine's `fixAll`: applied,
   * re-analysed, re-checked); `result` is then the analysis of the fixed text.
   */
  fix?: { unsafe?: boolean; rules?: string[] };
  /**
   * Run every rule over this text, even where the worker could answer sooner
   * from its last result: the second pass after a `provisional` result.
   */
  complete?: boolean;
}

export interface FastResult {
  result: AnalysisResult;
  outline: OutlineContract[];
  /** Wall time inside the worker, including the outline. */
  workerMs: number;
  /**
   * How the parse was obtained: a full parse, a cached parse of identical text, or an incremental one;
   * `moved`: a comment or whitespace edit, whose previous findings were moved with the text and no rule ran.
   */
  parseKind: 'full' | 'cached' | ReparseKind | 'moved' | 'kept';
  /** The files of the import closure read for this result, the file itself left out (absolute paths). */
  closure?: string[];
  /** For a `fix` job: the fixed text, its edits, and what was applied and left out. */
  fix?: Omit<FixAllResult, 'result'>;
  /**
   * Not every rule ran over this text: the member-scope rules ran again over
   * the function edited and the rest of the last result was moved with the
   * text (see `refreshedMember`), or a comment or whitespace edit moved such a
   * result. A `complete` job for the same text is to follow. (While the
   * function being typed in does not parse, a kept result is not marked: no
   * analysis of that text would be more complete.)
   */
  provisional?: boolean;
}

/** Links workspace files into the worker's project indexes (see `ProjectHost.index`), then may probe open documents. */
export interface IndexJob {
  files: IndexEntry[];
  /** Stop between files after this long (the first file is always linked), so that the worker is soon free again. */
  sliceMs: number;
  /** Once every file is linked: the files whose closures (with derived files) to report, e.g. the open documents. */
  probe?: IndexEntry[];
  /** The probe's time budget: it may parse the files deriving from an open base. */
  budgetMs: number;
}

export interface IndexResult {
  /** How many of the job's files, from the first, were linked. */
  done: number;
  /** For each probed file, what its analysis would be built over now, itself left out; absent when the probe did not run or finish. */
  closures?: Record<string, string[]>;
  /** Why the probe did not finish. */
  probeStopped?: StopReason;
  workerMs: number;
}

/** A job running in the fast tier; `abort()` stops it at its next checkpoint. */
export interface FastHandle<T> {
  id: number;
  promise: Promise<T>;
  abort: () => void;
}

/**
 * A document's text as an edit of the text last sent to the worker for the same path: posting a
 * 10,000-line text to a thread costs milliseconds (the structured clone, on both sides), a keystroke's
 * edit nothing. The worker rebuilds the text from the one it holds; `length` checks the result.
 */
interface TextDelta {
  start: number;
  oldEnd: number;
  inserted: string;
  length: number;
}

/** Texts from this size up travel as deltas once the worker holds an earlier text of the same document. */
const DELTA_MIN_CHARS = 16 * 1024;

type JobMessage = { type: 'analyze'; id: number; job: FastJob; delta?: TextDelta; updates?: ProjectUpdates } | { type: 'index'; id: number; job: IndexJob; updates?: ProjectUpdates } | { type: 'forget'; path: string } | { type: 'status'; id: number };

type ReplyMessage = { type: 'started'; id: number } | { type: 'result'; id: number; value: unknown } | { type: 'error'; id: number; message: string; stack?: string } | { type: 'status'; id: number; value: FastWorkerStatus };

/** What the fast tier's worker holds (memory in bytes, as `process.memoryUsage()` reports it in that thread). */
export interface FastWorkerStatus {
  memory: ThreadMemory;
  /** Project indexes, the files they hold parsed, the open documents' texts they hold, and the shared parse cache's entries. */
  projects: number;
  files: number;
  overlays: number;
  parses: number;
  /** Documents whose last parse is kept for incremental re-parsing. */
  recentParses: number;
  /** Compactions of the worker's heap after bursts of work (`HeapCompactor`), and how long the last took (ms). */
  compactions: number;
  compactionMs: number;
  /** Warm-up analyses still to run (see `WARM_UP_RUNS`); 0 once the worker is warm. */
  warmUpLeft: number;
}

/** One thread's `process.memoryUsage()`, plain. */
export function threadMemory(): ThreadMemory {
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, heapTotal, external, arrayBuffers };
}

function workerStatus(memory: ParseMemory, host: ProjectHost, compactor?: HeapCompactor, warmUpLeft = 0): FastWorkerStatus {
  return { memory: threadMemory(), ...host.holding(), recentParses: memory.byPath.size, compactions: compactor?.stats.compactions ?? 0, compactionMs: Math.round(compactor?.stats.lastMs ?? 0), warmUpLeft };
}

/** How many parses of recent texts the worker keeps, so that re-analysis after a configuration change skips the parser. */
const PARSE_CACHE_SIZE = 2;

/** How many documents keep their last parse for incremental re-parsing; typing happens in a few at a time. */
const INCREMENTAL_DOCS = 4;

/** Parses kept between jobs: by content hash (any document), and the last parse (and result) of each recent path. */
export interface ParseMemory {
  byHash: Map<string, ParsedFile>;
  byPath: Map<string, RecentParse>;
}

/** A document's last parse; after a moved result, its tree may lag the text by `pending` trivia edits (see `reparse`'s `lazy`). */
interface RecentParse {
  hash: string;
  parsed: ParsedFile;
  pending?: TextChange[];
  last?: LastResult;
}

/**
 * A document's last complete analysis, with what it was computed under, so
 * that a comment or whitespace edit can move its findings instead of running
 * the rules again (see `movedResult`).
 */
interface LastResult {
  result: AnalysisResult;
  outline: OutlineContract[];
  closure?: string[];
  /** The configuration, as JSON. */
  config: string;
  /** The project host's generation for the file: any change to the projects but the file's own text (another document, the disk, the configuration) makes it differ. */
  generation: number;
  /** Only the member-scope rules ran over the text edited since the last complete analysis (see `refreshedMember`). */
  provisional?: boolean;
  /** How long the last complete analysis took (ms): what decides whether an edit gets a provisional answer first. */
  completeMs: number;
}

/**
 * A document whose complete analysis takes at least this long gets a provisional
 * answer first for an edit inside one function or modifier body (see
 * `refreshedMember`), whatever its size: a 400-line contract over 44 imported
 * files (Uniswap v4's PoolManager) takes 20-50 ms, as a 10,000-line file does
 * 100-300 ms. Below, the complete analysis is about as quick as the provisional
 * one (5-15 ms) plus publishing.
 */
const TWO_PASS_MIN_MS = 30;

export function newParseMemory(): ParseMemory {
  return { byHash: new Map(), byPath: new Map() };
}

/** Drops the parses kept for a closed document; a large tree is tens of megabytes. */
function forget(memory: ParseMemory, path: string): void {
  const last = memory.byPath.get(path);
  if (!last) return;
  memory.byPath.delete(path);
  memory.byHash.delete(last.hash);
}

/** The last result kept for a document, if it was computed under this configuration and this state of the projects. */
function stillValid(prev: RecentParse, config: string, generation: number): LastResult | undefined {
  const last = prev.last;
  return last && last.config === config && last.generation === generation ? last : undefined;
}

/** The edit from a document's last parse to this one, as one span, for moving the last result's findings through it. */
function editSince(prev: RecentParse, parsed: ParsedFile): TriviaEdit {
  const change = diffText(prev.parsed.text, parsed.text);
  return { kind: 'whitespace', change, inserted: parsed.text.slice(change.start, change.newEnd) };
}

/** A result's findings (their ranges, their fixes' edits, lines their messages name) and outline, moved through an edit. */
function movedThrough(last: LastResult, before: LineIndex, after: LineIndex, edit: TriviaEdit): Pick<LastResult, 'outline'> & { findings: Finding[] } {
  const move = (r: Range) => moveRange(r, before, after, edit.change);
  const findings = last.result.findings.map((f) => ({ ...f, range: move(f.range), message: moveLineMentions(f.message, before, edit) ?? f.message, fixes: f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, range: move(e.range) })) })) }));
  const outline = last.outline.map((c) => ({ ...c, range: move(c.range), functions: c.functions.map((fn) => ({ ...fn, range: move(fn.range) })) }));
  return { findings, outline };
}

/**
 * Findings of the last result to show over a code edit without running their rules: a finding on
 * the edited text (the line being fixed, often) is kept, without the fixes that reach the edit
 * (built over the old text, they must not be applied to the new). Undefined when they cannot be
 * moved: the edit is in a suppression or Synor comment or NatSpec a rule reads, or adds or removes
 * lines where a message names one (see `triviaKeepsFindings`).
 */
function keptThroughEdit(prev: RecentParse, edit: TriviaEdit, findings: readonly Finding[]): Finding[] | undefined {
  const { start, oldEnd } = edit.change;
  const lines = prev.parsed.lines;
  const touches = (r: Range) => lines.offsetAt(r.start) <= oldEnd && lines.offsetAt(r.end) >= start;
  const touched = new Set(findings.filter((f) => touches(f.range) || f.fixes.some((x) => x.edits.some((e) => touches(e.range)))));
  if (triviaKeepsFindings(prev.parsed, edit, findings.filter((f) => !touched.has(f)), prev.pending) !== undefined) return undefined;
  if (lineBreaks(prev.parsed.text.slice(start, oldEnd)) !== lineBreaks(edit.inserted) && [...touched].some((f) => moveLineMentions(f.message, lines, edit) === undefined)) return undefined;
  return findings.map((f) => (touched.has(f) ? { ...f, fixes: f.fixes.filter((x) => !x.edits.some((e) => touches(e.range))) } : f));
}

/**
 * The previous result moved through a comment or whitespace edit: the tokens
 * are the same, so every rule would find what it found, at positions moved
 * with the text. Undefined when that does not hold or is not known: the
 * configuration or the projects changed since, or the edit touches what a
 * rule reads (see `triviaKeepsFindings`).
 */
function movedResult(prev: RecentParse, parsed: ParsedFile, trivia: TriviaEdit, job: FastJob, config: string, generation: number): LastResult | undefined {
  const last = stillValid(prev, config, generation);
  if (!last) return undefined;
  if (triviaKeepsFindings(prev.parsed, trivia, last.result.findings, prev.pending) !== undefined) return undefined;
  const { findings, outline } = movedThrough(last, prev.parsed.lines, parsed.lines, trivia);
  const stats = { ...last.result.stats, lines: parsed.lines.lineCount, parseMs: 0, rulesMs: 0, ruleMs: {} };
  const result: AnalysisResult = { ...last.result, file: job.path, findings, stats };
  return { ...last, result, outline };
}

/**
 * While the function being typed in does not parse, the last complete
 * analysis stands, moved with the text, and only the syntax errors are new.
 * The half-typed statement is not in the tree anyway (the parser drops what
 * it cannot build), so the rules would find what they found before, save
 * what error recovery took with it (a statement next to the one being typed,
 * whose findings would vanish and come back keystroke after keystroke). The
 * rules run again once the function parses. A finding on the text being
 * typed stands too, without the fixes that reach it (see `keptThroughEdit`).
 * Undefined (analyse as usual) when the configuration or the projects changed
 * since, when there is no complete result to keep, or when the edit adds or
 * removes lines a message names or is near a suppression (`triviaKeepsFindings`).
 */
function keptWhileBroken(prev: RecentParse, parsed: ParsedFile, job: FastJob, config: string, generation: number): { result: AnalysisResult; outline: OutlineContract[]; stored: LastResult } | undefined {
  const last = stillValid(prev, config, generation);
  if (!last) return undefined;
  const edit = editSince(prev, parsed);
  const keep = keptThroughEdit(prev, edit, last.result.findings);
  if (!keep) return undefined;
  const { findings, outline } = movedThrough({ ...last, result: { ...last.result, findings: keep } }, prev.parsed.lines, parsed.lines, edit);
  const stored: LastResult = { ...last, result: { ...last.result, file: job.path, findings }, outline };
  const syntax = syntaxErrorFindings(parsed, job.path, job.config);
  const all = [...findings, ...syntax].sort((a, b) => compareRanges(a.range, b.range) || a.ruleId.localeCompare(b.ruleId));
  assignFingerprints(all, parsed, { onlyMissing: true });
  const stats = { ...last.result.stats, lines: parsed.lines.lineCount, parseMs: 0, rulesMs: 0, ruleMs: {} };
  return { result: { ...last.result, file: job.path, findings: all, parseErrors: parsed.errors, stats }, outline, stored };
}

/**
 * The first answer to an edit inside one function or modifier body of a large
 * document: the rules of scope `member` (see `RuleMeta.scope`) run again over
 * that member alone (`analyzeMember`), which gives exactly what they would
 * find there; their findings elsewhere and every other rule's findings are the
 * last result's, moved with the text. Those other rules may conclude
 * differently once they see the edit (a reentrancy through the edited
 * function, say), so the result is provisional and a complete analysis of the
 * same text follows. Undefined (analyse it all now) when the document is
 * small or quick to analyse, when the configuration or the projects changed,
 * when the edit reaches outside the body, when another rule's finding cannot
 * be moved through it (`keptThroughEdit`), or lies where a suppression comment
 * reaches, or when a member-scope rule fails.
 */
function refreshedMember(prev: RecentParse, parsed: ParsedFile, member: ASTNode, job: FastJob, config: string, generation: number, project: Project | undefined, signal: AbortSignal | undefined): Refreshed | undefined {
  const last = stillValid(prev, config, generation);
  if (!last) return undefined;
  if (last.completeMs < TWO_PASS_MIN_MS) return undefined;
  const body = (member as { body?: ASTNode | null }).body;
  const edit = editSince(prev, parsed);
  const change = edit.change;
  // Inside the braces of the body, in the old text and the new: the member's header is the same text.
  if (!body?.range || !member.range || !(body.range[0] < change.start && change.newEnd <= body.range[1])) return undefined;
  return refreshedOver(prev, parsed, last, edit, [member], job, project, signal);
}

/**
 * The first answer to code typed between the members of a contract in a large document (a new
 * function completed by its last keystroke, a function whose braces close again), as
 * `refreshedMember` gives for an edit inside one body: the member-scope rules run over each
 * function or modifier the edit reaches, every other finding moved, and the outline read from the
 * new tree. Undefined (analyse it all now) where the edit reaches another kind of member (a state
 * variable, an event: what other rules read of the contract), or removes or replaces text a finding
 * of the last result lies in (it would have nowhere to go).
 */
function refreshedStretch(prev: RecentParse, parsed: ParsedFile, job: FastJob, config: string, generation: number, project: Project | undefined, signal: AbortSignal | undefined): Refreshed | undefined {
  const last = stillValid(prev, config, generation);
  if (!last) return undefined;
  if (last.completeMs < TWO_PASS_MIN_MS) return undefined;
  const edit = editSince(prev, parsed);
  const { start, newEnd, oldEnd } = edit.change;
  const contract = (parsed.ast.children as ASTNode[]).find((c) => c.type === 'ContractDefinition' && c.range && c.range[0] < start && newEnd <= c.range[1]);
  if (!contract || contract.type !== 'ContractDefinition') return undefined;
  const members = (contract.subNodes as ASTNode[]).filter((m) => m.range && m.range[0] < Math.max(newEnd, start + 1) && m.range[1] + 1 > start);
  if (members.length === 0 || members.some((m) => m.type !== 'FunctionDefinition' && m.type !== 'ModifierDefinition')) return undefined;
  // Text removed or replaced inside a finding: only the member-scope findings of the members run again may lie there.
  const lines = prev.parsed.lines;
  const redone = foundAgain(prev, members, edit.change);
  const inside = (f: Finding) => lines.offsetAt(f.range.start) < oldEnd && lines.offsetAt(f.range.end) > start;
  if (last.result.findings.some((f) => inside(f) && !redone(f))) return undefined;
  const out = refreshedOver(prev, parsed, last, edit, members, job, project, signal);
  if (!out) return undefined;
  // New functions are new lenses: the outline is the new tree's.
  let outline = out.outline;
  try {
    outline = outlineOf(parsed);
  } catch {
    // The moved outline stands; the complete pass reads it again.
  }
  return { ...out, outline, stored: { ...out.stored, outline } };
}

type Refreshed = { result: AnalysisResult; outline: OutlineContract[]; stored: LastResult };

/**
 * The findings of the last result that running the member-scope rules over `members` (of the new
 * tree) finds again: theirs, inside where those members were in the old text (the edit's span
 * maps back to its old span).
 */
function foundAgain(prev: RecentParse, members: ASTNode[], change: TextChange): (f: Finding) => boolean {
  const back = (o: number, end: boolean) => (o < change.start ? o : o >= change.newEnd ? o - change.delta : end ? change.oldEnd : change.start);
  const olds = members.map((m) => [back(m.range![0], false), back(m.range![1] + 1, true)]);
  const rules = ruleMap();
  const lines = prev.parsed.lines;
  return (f) => rules.get(f.ruleId)?.scope === 'member' && olds.some(([a, b]) => lines.offsetAt(f.range.start) >= a && lines.offsetAt(f.range.end) <= b);
}

/**
 * The provisional result over `members` of the new tree (see `refreshedMember`): what the
 * member-scope rules found in them is found again, everything else is the last result moved.
 */
function refreshedOver(prev: RecentParse, parsed: ParsedFile, last: LastResult, edit: TriviaEdit, members: ASTNode[], job: FastJob, project: Project | undefined, signal: AbortSignal | undefined): Refreshed | undefined {
  const redone = foundAgain(prev, members, edit.change);
  // Like every finding of another rule here, one on the edited text is decided again by the complete pass.
  const kept = keptThroughEdit(prev, edit, last.result.findings.filter((f) => !redone(f)));
  if (!kept) return undefined;
  const directives = parseDirectives(parsed.comments, parsed.lines);
  const fresh: Finding[] = [];
  for (const member of members) {
    const [from, to] = [member.range![0], member.range![1] + 1];
    // A suppression comment whose reach includes the member could become used or unused.
    const firstLine = parsed.lines.positionAt(from).line;
    const lastLine = parsed.lines.positionAt(to).line;
    for (const d of directives) {
      const line = d.range.start.line;
      if (d.scope === 'line' ? line >= firstLine && line <= lastLine : d.scope === 'next-line' ? line + 1 >= firstLine && line + 1 <= lastLine : line <= lastLine) return undefined;
    }
    const one = analyzeMember(parsed, member, { path: job.path, config: job.config, project, signal, budgetMs: job.budgetMs });
    if (one.ruleErrors.length > 0) return undefined;
    fresh.push(...one.findings);
  }
  const moved = movedThrough({ ...last, result: { ...last.result, findings: kept } }, prev.parsed.lines, parsed.lines, edit);
  const findings = [...moved.findings, ...fresh].sort((a, b) => compareRanges(a.range, b.range) || a.ruleId.localeCompare(b.ruleId));
  assignFingerprints(findings, parsed);
  const stats = { ...last.result.stats, lines: parsed.lines.lineCount, parseMs: 0, rulesMs: 0, ruleMs: {} };
  const result: AnalysisResult = { ...last.result, file: job.path, findings, parseErrors: [], stats };
  return { result, outline: moved.outline, stored: { ...last, result, outline: moved.outline, provisional: true } };
}

/** Runs one analysis; used by the worker and, when no worker can start, in-process. */
export function runFastJob(job: FastJob, signal: AbortSignal | undefined, memory?: ParseMemory, host?: ProjectHost): FastResult {
  const t0 = performance.now();
  // The budget counts from here: the parse below is part of the analysis.
  const check = checkpointFor(signal, job.budgetMs === undefined ? undefined : t0 + job.budgetMs);
  const project = host && job.inProject ? host.projectFor(job.path, job.config.compiler.remappings) : undefined;
  if (project && job.open) host!.setOverlay(job.path, job.text);
  let parsed: ParsedFile | undefined;
  let moved: LastResult | undefined;
  let kept: ReturnType<typeof keptWhileBroken>;
  let refreshed: Refreshed | undefined;
  let lagging: { parsed: ParsedFile; pending: TextChange[] } | undefined;
  const config = memory ? JSON.stringify(job.config) : '';
  const generation = host?.generationFor(job.path) ?? 0;
  let stopped = false;
  let parseKind: FastResult['parseKind'] = 'full';
  const key = memory ? createHash('sha1').update(job.text).digest('hex') : '';
  if (memory) {
    parsed = memory.byHash.get(key);
    if (parsed) {
      parseKind = 'cached';
      memory.byHash.delete(key);
      memory.byHash.set(key, parsed);
    } else {
      const last = memory.byPath.get(job.path);
      if (last) {
        try {
          // Lazy when the findings may be moved: then no tree is needed now.
          // A complete job (after a provisional result) runs every rule: nothing is moved.
          const quick = !job.fix && !job.complete;
          // The last parse is given up (its tree moved and changed in place): a parse kept by content that
          // shares that tree (of this text, or of the text before trivia edits it lagged behind) goes.
          const r = reparse(last.parsed, job.text, { check, pending: last.pending, lazy: !!last.last && quick, inPlace: true });
          if (r && !r.pending) for (const [h, p] of memory.byHash) if (p.ast === r.parsed.ast) memory.byHash.delete(h);
          if (r) {
            parseKind = r.kind;
            if (r.trivia && r.pending) {
              moved = movedResult(last, r.parsed, r.trivia, job, config, generation);
              if (moved) lagging = { parsed: r.parsed, pending: r.pending };
              else parsed = settle(r.parsed, r.pending);
            } else {
              parsed = r.parsed;
              if ((r.kind === 'member' || r.kind === 'members') && parsed.errors.length > 0 && quick) kept = keptWhileBroken(last, parsed, job, config, generation);
              else if (r.kind === 'member' && r.member && quick) refreshed = refreshedMember(last, parsed, r.member, job, config, generation, project, signal);
              else if (r.kind === 'members' && quick) refreshed = refreshedStretch(last, parsed, job, config, generation, project, signal);
            }
          }
        } catch (err) {
          // Any surprise in the incremental path falls back to a full parse.
          parsed = undefined;
          if (err instanceof AnalysisStopped) stopped = true;
        }
      }
    }
  }
  if (!parsed && !stopped && !moved) {
    try {
      parsed = parse(job.text, { check });
    } catch (err) {
      if (!(err instanceof AnalysisStopped)) throw err;
      stopped = true;
    }
  }
  if (memory && lagging && moved) {
    // Not kept by content: a tree that lags its text is for the next incremental step only.
    memory.byPath.delete(job.path);
    memory.byPath.set(job.path, { hash: key, ...lagging, last: moved });
    while (memory.byPath.size > INCREMENTAL_DOCS) memory.byPath.delete(memory.byPath.keys().next().value as string);
  } else if (memory && parsed) {
    memory.byHash.set(key, parsed);
    while (memory.byHash.size > PARSE_CACHE_SIZE) memory.byHash.delete(memory.byHash.keys().next().value as string);
    // The last result of the same text stays until this analysis replaces it: a complete pass
    // after a provisional one may be cut short by the next keystroke, which then still moves it.
    const before = memory.byPath.get(job.path);
    const carried = before?.last && before.parsed.text === parsed.text ? before.last : undefined;
    memory.byPath.delete(job.path);
    memory.byPath.set(job.path, { hash: key, parsed, ...(carried ? { last: carried } : {}) });
    while (memory.byPath.size > INCREMENTAL_DOCS) memory.byPath.delete(memory.byPath.keys().next().value as string);
  }
  if (kept) {
    // The tree is the new one; the result kept for the next edit is the complete one, moved (without the syntax errors).
    const entry = memory?.byPath.get(job.path);
    if (entry && entry.parsed === parsed) entry.last = kept.stored;
    kept.result.stats.totalMs = performance.now() - t0;
    return { result: kept.result, outline: kept.outline, workerMs: performance.now() - t0, parseKind: 'kept', ...(kept.stored.closure ? { closure: kept.stored.closure } : {}) };
  }
  if (refreshed) {
    const entry = memory?.byPath.get(job.path);
    if (entry && entry.parsed === parsed) entry.last = refreshed.stored;
    refreshed.result.stats.totalMs = performance.now() - t0;
    return { result: refreshed.result, outline: refreshed.outline, workerMs: performance.now() - t0, parseKind, provisional: true, ...(refreshed.stored.closure ? { closure: refreshed.stored.closure } : {}) };
  }
  if (moved) {
    moved.result.stats.totalMs = performance.now() - t0;
    return { result: moved.result, outline: moved.outline, workerMs: performance.now() - t0, parseKind: 'moved', ...(moved.closure ? { closure: moved.closure } : {}), ...(moved.provisional ? { provisional: true } : {}) };
  }
  const tParse = performance.now();
  if (project) project.lastClosure = undefined;
  if (job.fix && parsed) {
    const { result, ...fix } = fixAll(job.text, { path: job.path, config: job.config, signal, parsed, project, budgetMs: job.budgetMs, unsafe: job.fix.unsafe, rules: job.fix.rules });
    if (project) project.lastClosure = undefined;
    return { result, outline: [], workerMs: performance.now() - t0, parseKind, fix };
  }
  // Without a parse (stopped), the engine stops at once and says where and why.
  const result = analyze(job.text, { path: job.path, config: job.config, signal, parsed, project, budgetMs: job.budgetMs, startedAt: t0 });
  // The engine timed its own work against the given parse; report what the parse really cost.
  result.stats.parseMs = tParse - t0;
  const closure = project?.lastClosure?.slice(1).map((f) => f.path);
  if (project) project.lastClosure = undefined;
  let outline: OutlineContract[] = [];
  try {
    if (parsed) outline = outlineOf(parsed);
  } catch {
    // An outline is a convenience for lenses; a strange partial AST must not cost the diagnostics.
  }
  // Kept for the next edit if it is a comment or whitespace edit: only a complete result can be moved.
  const entry = memory?.byPath.get(job.path);
  if (entry && entry.parsed === parsed && !result.aborted && !result.cutShort && result.parseErrors.length === 0) entry.last = { result, outline, closure, config, generation, completeMs: performance.now() - t0 };
  return { result, outline, workerMs: performance.now() - t0, parseKind, ...(closure ? { closure } : {}) };
}

/** Runs one index job; used by the worker and, when no worker can start, in-process. */
export function runIndexJob(job: IndexJob, signal: AbortSignal | undefined, host: ProjectHost): IndexResult {
  const t0 = performance.now();
  const done = host.index(job.files, signal, t0 + job.sliceMs);
  const out: IndexResult = { done, workerMs: 0 };
  if (job.probe && done === job.files.length) {
    try {
      out.closures = host.closures(job.probe, checkpointFor(signal, performance.now() + job.budgetMs));
    } catch (err) {
      if (!(err instanceof AnalysisStopped)) throw err;
      out.probeStopped = err.reason;
    }
  }
  out.workerMs = performance.now() - t0;
  return out;
}

/**
 * A little of the most common Solidity, parsed once by the ANTLR path when
 * the worker starts: ANTLR fills its prediction caches on first use, so the
 * first file it parses (one with a syntax error: the hand-written parser
 * takes the others, and the warm-up analyses below) would otherwise pay for
 * that. `parse()` would hand this text to the hand-written parser.
 */
const WARM_UP = `pragma solidity ^0.8.20;
import {A} from "./A.sol";
interface I { function f(uint256 a) external returns (bool); }
library L { function g(uint256 a, uint256 b) internal pure returns (uint256) { unchecked { return a + b * 2 - (a / b) % 3; } } }
contract C is I {
  using L for uint256;
  error E(address who);
  event Ev(address indexed who, uint256 value);
  struct S { uint128 a; bool b; bytes32 c; }
  mapping(address => mapping(uint256 => S)) private m;
  uint256[] public xs;
  address public immutable owner;
  modifier only() { if (msg.sender != owner) revert E(msg.sender); _; }
  constructor() { owner = msg.sender; }
  function f(uint256 a) external override only returns (bool ok) {
    for (uint256 i = 0; i < xs.length; ++i) { xs[i] = a.g(i); }
    (ok, ) = payable(msg.sender).call{value: a}("");
    require(ok, "failed");
    emit Ev(msg.sender, a);
    assembly { let x := sload(0) mstore(0, x) }
    S storage s = m[msg.sender][a];
    s.b = !s.b && a > 0 ? true : false;
  }
}
`;

/**
 * How many analyses of `warmUpSource()` a new worker runs while idle. V8
 * compiles the analysis's hot code only after it has run a while: in a fresh
 * worker the first twenty or so real analyses took about 1.6 times as long
 * as later ones (a 1,000-line file importing OpenZeppelin, in-process: mean
 * 66-87 ms cold against 41-52 ms after 40 warm-up runs, p95 110-135 against
 * 59-78 ms). Each run is one step between jobs, so a job waits at most for
 * one (about 20 ms).
 */
const WARM_UP_RUNS = 40;

/** `WARM_UP` grown to a few hundred lines of typical function bodies, for the warm-up analyses. */
export function warmUpSource(): string {
  const fns: string[] = [];
  for (let i = 0; i < 24; i++) {
    fns.push(`  /// @notice Step ${i}.
  function g${i}(uint256 a, address to, uint256[] calldata ids) external only returns (bool ok) {
    for (uint256 i = 0; i < ids.length; ++i) { xs.push(ids[i].g(a) + ${i}); }
    if (a > ${i} && to != address(0)) {
      (ok, ) = payable(to).call{value: a}("");
      require(ok, "failed");
    }
    m[msg.sender][a].a += uint128(a);
    emit Ev(msg.sender, a * ${i + 1});
    unchecked { a -= 1; }
    assembly { let x := sload(${i}) mstore(0, add(x, a)) }
    return block.timestamp % 2 == 0 || ok;
  }`);
  }
  const end = WARM_UP.lastIndexOf('}');
  return WARM_UP.slice(0, end) + fns.join('\n') + '\n}\n';
}

/** The worker side: a loop that runs one job at a time. */
export function runWorkerThread(): void {
  const control = new Int32Array(workerData.control as SharedArrayBuffer);
  const memory = newParseMemory();
  const host = new ProjectHost();
  parseRawAntlr(WARM_UP);
  const compactor = new HeapCompactor();
  // The JIT warm-up (see WARM_UP_RUNS), one analysis per turn of the event loop, so that jobs come first.
  const warmSource = warmUpSource();
  let warmLeft = WARM_UP_RUNS;
  // Until the warm-up's garbage is collected too (status reports a run left), so that "at rest" means settled.
  let warming = true;
  const warmStep = () => {
    if (warmLeft <= 0) {
      void compactor.compactNow().finally(() => (warming = false));
      return;
    }
    warmLeft--;
    try {
      analyze(warmSource, { path: '/synor-warm-up.sol' });
    } catch {
      // A warm-up only: whatever happened, the real jobs say so themselves.
    }
    setImmediate(warmStep);
  };
  setImmediate(warmStep);
  // The last text received for each document, the base of the next delta (the main thread keeps the same map).
  const texts = new Map<string, string>();
  parentPort!.on('message', (msg: JobMessage) => {
    if (msg?.type === 'status') {
      parentPort!.postMessage({ type: 'status', id: msg.id, value: workerStatus(memory, host, compactor, warming ? Math.max(1, warmLeft) : 0) } satisfies ReplyMessage);
      return;
    }
    compactor.busy();
    if (msg?.type === 'forget') {
      texts.delete(msg.path);
      forget(memory, msg.path);
      host.release(msg.path);
      compactor.idle();
      return;
    }
    if (msg?.type !== 'analyze' && msg?.type !== 'index') return compactor.idle();
    const controller = new AbortController();
    // A real AbortSignal whose `aborted` reads shared memory: the thread is busy
    // with the synchronous analysis, so no abort() call could reach it.
    Object.defineProperty(controller.signal, 'aborted', { get: () => Atomics.load(control, 0) === msg.id });
    try {
      // The main thread's watchdogs count from here, not from a worker still starting up.
      parentPort!.postMessage({ type: 'started', id: msg.id } satisfies ReplyMessage);
      if (msg.type === 'analyze') {
        if (msg.delta) msg.job.text = applyDelta(texts.get(msg.job.path), msg.delta);
        texts.set(msg.job.path, msg.job.text);
      }
      host.apply(msg.updates);
      const value = msg.type === 'index' ? runIndexJob(msg.job, controller.signal, host) : runFastJob(msg.job, controller.signal, memory, host);
      parentPort!.postMessage({ type: 'result', id: msg.id, value } satisfies ReplyMessage);
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      parentPort!.postMessage({ type: 'error', id: msg.id, message: e.message, stack: e.stack } satisfies ReplyMessage);
    } finally {
      compactor.idle();
    }
  });
}

/** The text a delta makes of its base; throws when the base is not the one the delta was made from. */
function applyDelta(base: string | undefined, d: TextDelta): string {
  if (base === undefined || d.oldEnd > base.length || base.length - (d.oldEnd - d.start) + d.inserted.length !== d.length) throw new Error('the analysis worker does not hold the text this edit applies to');
  return base.slice(0, d.start) + d.inserted + base.slice(d.oldEnd);
}

interface Pending {
  id: number;
  /** The document an analysis job is for: its text is sent whole again after a failure. */
  path?: string;
  /** Resolves with the worker's answer to the job (a `FastResult` or an `IndexResult`). */
  resolve: (r: unknown) => void;
  reject: (e: Error) => void;
  /** Replaces the worker when the job overruns its budget, or does not stop once aborted. */
  watchdog?: NodeJS.Timeout;
  budgetMs?: number;
  /** The worker has begun the job (it may still be starting up before that). */
  started: boolean;
  aborted: boolean;
}

/**
 * How long past its budget a job may run before its worker is replaced. The
 * engine stops itself at its checkpoints long before; this is for a worker
 * stuck where no checkpoint is reached.
 */
const OVERRUN_GRACE_MS = 2000;

/**
 * How long an aborted job may take to stop before its worker is replaced.
 * The engine's longest stretch between checkpoints is a few hundred
 * milliseconds (one fact of a 10,000-line file); a new worker costs more
 * than that to start, and starts with no parses or project index.
 */
const ABORT_GRACE_MS = 1000;

/**
 * How long after the last open document closed the worker is replaced by a
 * fresh one, when it is idle. What a hundred documents' analyses held (their
 * parses, project indexes, facts) is freed by the garbage collector, but the
 * thread's heap and allocator keep most of the pages; a new thread starts
 * small, and the workspace index is linked into it again in the background.
 */
export const RECYCLE_AFTER_MS = 5000;

/** The job's worker was replaced: it overran its budget (`timeout`) or did not stop when aborted. */
export class WorkerReplaced extends Error {
  constructor(readonly reason: 'timeout' | 'aborted') {
    super(reason === 'timeout' ? 'the analysis overran its time budget and its worker was replaced' : 'the aborted analysis did not stop and its worker was replaced');
    this.name = 'WorkerReplaced';
  }
}

/**
 * The main-thread side: one worker, one job at a time (the scheduler queues and
 * orders them). A job that overruns its budget, or does not stop soon after it
 * is aborted, costs its worker: the worker is terminated and a new one started,
 * so that the next document's analysis never waits for it.
 */
export class FastAnalyzer {
  private worker: Worker | undefined;
  private control = new Int32Array(new SharedArrayBuffer(4));
  private pending: Pending | undefined;
  private nextId = 1;
  private workerFailed = false;
  private readonly localMemory = newParseMemory();
  private readonly localHost = new ProjectHost();
  /** The texts of open documents on disk, as the worker should see them. */
  private readonly overlays = new Map<string, string>();
  /** Overlays (set or cleared) the worker has not been sent yet. */
  private readonly dirtyOverlays = new Set<string>();
  private readonly pendingInvalidate = new Set<string>();
  private readonly pendingCreated = new Set<string>();
  private readonly pendingReset = new Set<string>();
  private workers = 0;
  /** The documents the editor has open (analysed with `open`, not yet forgotten). */
  private readonly openPaths = new Set<string>();
  private recycleTimer: NodeJS.Timeout | undefined;
  private readonly newWorkerListeners: Array<() => void> = [];
  private readonly statusWaits = new Map<number, (s: FastWorkerStatus | undefined) => void>();
  /** The last text the current worker was sent for each document it analysed (what it holds, see `TextDelta`). */
  private readonly sentTexts = new Map<string, string>();

  constructor(
    private readonly entry: string,
    private readonly onLog: (level: 'warn' | 'error' | 'debug', message: string) => void,
  ) {}

  /** Starts an analysis; `abort()` on the returned handle cancels it while it runs. */
  start(job: FastJob): FastHandle<FastResult> {
    if (job.open) {
      this.openPaths.add(job.path);
      if (this.recycleTimer) clearTimeout(this.recycleTimer);
      this.recycleTimer = undefined;
    }
    // The job's own text travels with it; the worker sets it as the overlay itself.
    if (job.open && job.inProject && this.overlays.get(job.path) === job.text) this.dirtyOverlays.delete(job.path);
    return this.post<FastResult>(
      (id, updates) => {
        const base = this.sentTexts.get(job.path);
        this.sentTexts.set(job.path, job.text);
        const message: JobMessage = { type: 'analyze', id, job, ...(updates ? { updates } : {}) };
        if (base === undefined || job.text.length < DELTA_MIN_CHARS) return message;
        const c = diffText(base, job.text);
        return { ...message, job: { ...job, text: '' }, delta: { start: c.start, oldEnd: c.oldEnd, inserted: job.text.slice(c.start, c.newEnd), length: job.text.length } };
      },
      job.budgetMs,
      (signal) => runFastJob(job, signal, this.localMemory, this.localHost),
      job.path,
    );
  }

  /** Starts an index job (see `IndexJob`); `abort()` stops it between files, or within its probe. */
  startIndex(job: IndexJob): FastHandle<IndexResult> {
    return this.post<IndexResult>((id, updates) => ({ type: 'index', id, job, ...(updates ? { updates } : {}) }), job.sliceMs + job.budgetMs, (signal) => runIndexJob(job, signal, this.localHost));
  }

  /**
   * How many workers have started. The project indexes live in the worker: when
   * this changes, a new worker started with none, and the workspace is linked again.
   */
  get workerGeneration(): number {
    return this.workers;
  }

  private post<T>(message: (id: number, updates: ProjectUpdates | undefined) => JobMessage, budgetMs: number | undefined, local: (signal: AbortSignal) => T, path?: string): FastHandle<T> {
    const id = this.nextId++;
    const worker = this.ensureWorker();
    if (worker && this.pending) throw new Error('FastAnalyzer runs one job at a time');
    const updates = this.takeUpdates();
    if (!worker) {
      this.localHost.apply(updates);
      // No worker (e.g. the platform refused threads): run in-process; the
      // result is still checked against the document version before it is published.
      const controller = new AbortController();
      const promise = new Promise<T>((resolve, reject) => {
        setImmediate(() => {
          try {
            resolve(local(controller.signal));
          } catch (err) {
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        });
      });
      return { id, promise, abort: () => controller.abort() };
    }
    let pending!: Pending;
    const promise = new Promise<T>((resolve, reject) => {
      pending = this.pending = { id, ...(path !== undefined ? { path } : {}), resolve: resolve as (r: unknown) => void, reject, budgetMs, started: false, aborted: false };
    });
    worker.postMessage(message(id, updates) satisfies JobMessage);
    const abort = () => {
      if (this.pending !== pending || pending.aborted) return;
      pending.aborted = true;
      Atomics.store(this.control, 0, id);
      if (pending.started) this.arm(pending, ABORT_GRACE_MS, 'aborted');
    };
    return { id, promise, abort };
  }

  /** The worker began a job: its watchdog starts now. */
  private started(p: Pending): void {
    p.started = true;
    if (p.aborted) this.arm(p, ABORT_GRACE_MS, 'aborted');
    else if (p.budgetMs !== undefined) this.arm(p, p.budgetMs + OVERRUN_GRACE_MS, 'timeout');
  }

  /** (Re)sets the job's watchdog. */
  private arm(p: Pending, ms: number, reason: WorkerReplaced['reason']): void {
    if (p.watchdog) clearTimeout(p.watchdog);
    p.watchdog = setTimeout(() => this.replaceWorker(p, reason), ms);
    p.watchdog.unref();
  }

  /** Terminates the worker of a job that would not stop, fails the job, and starts a new worker. */
  private replaceWorker(p: Pending, reason: WorkerReplaced['reason']): void {
    if (this.pending !== p) return;
    this.pending = undefined;
    const w = this.worker;
    // Cleared first, so that its exit is not taken for a crash.
    this.worker = undefined;
    this.onLog('warn', `the analysis worker did not stop ${reason === 'timeout' ? 'at the end of its time budget' : 'when its job was aborted'}; starting a new one`);
    void w?.terminate();
    p.reject(new WorkerReplaced(reason));
    // Ready (and warmed up) before the next job.
    this.ensureWorker();
  }

  /** The editor's text of a file on disk (undefined: the document was closed), for the files importing it. */
  setOverlay(file: string, text: string | undefined): void {
    if (text === undefined ? !this.overlays.has(file) : this.overlays.get(file) === text) return;
    if (text === undefined) this.overlays.delete(file);
    else this.overlays.set(file, text);
    this.dirtyOverlays.add(file);
  }

  /** The editor's text of a file, as last set. */
  overlay(file: string): string | undefined {
    return this.overlays.get(file);
  }

  /** A file changed on disk (`created`: it was not there before). */
  invalidate(file: string, created = false): void {
    this.pendingInvalidate.add(file);
    if (created) this.pendingCreated.add(file);
  }

  /** The project configuration under `dir` changed (remappings.txt, foundry.toml); `*` for every project. */
  resetProjects(dir: string): void {
    this.pendingReset.add(dir);
  }

  /** What the worker has not been told yet, to send with the next job. */
  private takeUpdates(): ProjectUpdates | undefined {
    if (this.dirtyOverlays.size === 0 && this.pendingInvalidate.size === 0 && this.pendingReset.size === 0) return undefined;
    const u: ProjectUpdates = {};
    if (this.pendingReset.size > 0) u.reset = [...this.pendingReset];
    if (this.dirtyOverlays.size > 0) u.overlays = [...this.dirtyOverlays].map((f) => [f, this.overlays.get(f) ?? null]);
    if (this.pendingInvalidate.size > 0) u.invalidate = [...this.pendingInvalidate];
    if (this.pendingCreated.size > 0) u.created = [...this.pendingCreated];
    this.pendingReset.clear();
    this.dirtyOverlays.clear();
    this.pendingInvalidate.clear();
    this.pendingCreated.clear();
    return u;
  }

  /** Tells the worker a document was closed, so that it lets go of its parse. */
  forget(path: string): void {
    this.sentTexts.delete(path);
    if (this.openPaths.delete(path) && this.openPaths.size === 0) this.recycleSoon();
    if (this.worker) this.worker.postMessage({ type: 'forget', path } satisfies JobMessage);
    else {
      forget(this.localMemory, path);
      this.localHost.release(path);
    }
  }

  /** Calls `fn` whenever a new worker has started (it holds no project index yet). */
  onNewWorker(fn: () => void): void {
    this.newWorkerListeners.push(fn);
  }

  /** Replaces the idle worker by a fresh one `RECYCLE_AFTER_MS` from now, unless a document opens meanwhile. */
  private recycleSoon(): void {
    if (this.recycleTimer) clearTimeout(this.recycleTimer);
    this.recycleTimer = setTimeout(() => {
      this.recycleTimer = undefined;
      if (this.openPaths.size > 0 || !this.worker) return;
      // A job (an index slice) is running: try again once it is done.
      if (this.pending) return this.recycleSoon();
      const w = this.worker;
      this.worker = undefined;
      void w.terminate();
      this.onLog('debug', 'every document closed: the analysis worker was replaced by a fresh one, giving back what it held');
      if (this.ensureWorker()) for (const fn of this.newWorkerListeners) fn();
    }, RECYCLE_AFTER_MS);
    this.recycleTimer.unref();
  }

  /**
   * What the worker holds; read in-process when there is no worker thread,
   * undefined when the worker does not answer within `timeoutMs` (it answers
   * between jobs).
   */
  status(timeoutMs = 10_000): Promise<FastWorkerStatus | undefined> {
    const w = this.worker;
    if (!w) return Promise.resolve(this.workerFailed ? workerStatus(this.localMemory, this.localHost) : undefined);
    const id = this.nextId++;
    return awaitReply(this.statusWaits, id, timeoutMs, () => w.postMessage({ type: 'status', id } satisfies JobMessage));
  }

  /** Starts the worker ahead of the first document, so that its start-up and warm-up are off the critical path. */
  warm(): void {
    this.ensureWorker();
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  async dispose(): Promise<void> {
    if (this.recycleTimer) clearTimeout(this.recycleTimer);
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker || this.workerFailed) return this.worker;
    try {
      const w = new Worker(this.entry, { workerData: { synorFastTier: true, control: this.control.buffer }, argv: [] });
      w.on('message', (msg: ReplyMessage) => {
        if (msg.type === 'status') return this.statusWaits.get(msg.id)?.(msg.value);
        const p = this.pending;
        if (this.worker !== w || !p || p.id !== msg.id) return;
        if (msg.type === 'started') return this.started(p);
        this.pending = undefined;
        if (p.watchdog) clearTimeout(p.watchdog);
        if (msg.type === 'result') p.resolve(msg.value);
        else {
          // Whatever failed, the next analysis of the document sends its text whole.
          if (p.path !== undefined) this.sentTexts.delete(p.path);
          const e = new Error(msg.message);
          e.stack = msg.stack;
          p.reject(e);
        }
      });
      w.on('error', (err) => this.onLog('error', `analysis worker failed: ${err.message}`));
      w.on('exit', (code) => {
        if (this.worker !== w) return;
        this.worker = undefined;
        const p = this.pending;
        this.pending = undefined;
        if (p?.watchdog) clearTimeout(p.watchdog);
        this.onLog('warn', `analysis worker exited with code ${code}; a new one starts with the next job`);
        p?.reject(new Error(`the analysis worker exited (code ${code})`));
      });
      w.unref();
      this.worker = w;
      this.workers++;
      // It holds no text yet: every document's next analysis sends its text whole.
      this.sentTexts.clear();
      // A new worker starts with no project state: it needs every open document's text again.
      for (const f of this.overlays.keys()) this.dirtyOverlays.add(f);
      this.pendingInvalidate.clear();
      this.pendingCreated.clear();
      this.pendingReset.clear();
    } catch (err) {
      this.workerFailed = true;
      this.onLog('warn', `cannot start the analysis worker, analysing in-process: ${(err as Error).message}`);
    }
    return this.worker;
  }
}
