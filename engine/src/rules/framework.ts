/**
 * The rule framework: rules declare metadata and a visitor; the engine merges
 * every rule's visitor into one walk of the tree. Modelled on ESLint's
 * `{ meta, create(context) }`, with Slither's separate severity and confidence.
 */
import type { ASTNode, ASTNodeTypeString, SourceUnit } from '@solidity-parser/parser/dist/src/ast-types';
import type { ParsedFile } from '../parse';
import type { SolcInfo } from '../parse/pragma';
import { SEVERITIES, CONFIDENCES, type Confidence, type Finding, type Fix, type FindingGas, type Range, type RuleMeta, type Severity, type TextEdit } from '../types';
import type { AstIndex } from '../facts/ast-index';
import type { Project, SourceFile } from '../project';
import type { TypedIndex } from '../facts/typed';

export type { ASTNode, ASTNodeTypeString, SourceUnit };

/** The AST node of a given `type`. */
export type NodeOf<T extends ASTNodeTypeString> = Extract<ASTNode, { type: T }>;

/**
 * A visitor: `Type` is called on entering a node of that type, `Type:exit` on
 * leaving it. `SourceUnit:exit` is the place for whole-file conclusions.
 */
export type Visitor = {
  [T in ASTNodeTypeString]?: (node: NodeOf<T>) => void;
} & {
  [T in ASTNodeTypeString as `${T}:exit`]?: (node: NodeOf<T>) => void;
};

export interface ReportDescriptor<M extends string = string> {
  /** The node to flag; its whole range is used unless `range` is given. */
  node?: ASTNode;
  range?: Range;
  /**
   * Which of the rule's `meta.messages` this finding is. It may be left out only
   * when the rule declares exactly one message, which is then the one reported.
   */
  messageId?: M;
  message: string;
  fixes?: Fix[];
  /** Overrides the rule's default severity or confidence for this one finding. */
  severity?: Severity;
  confidence?: Confidence;
  /** A more precise SWC id than the rule's own, for this one finding. */
  swc?: string;
  gas?: FindingGas;
}

/** A memoised analysis shared by rules; computed at most once per file. */
export interface Fact<T> {
  readonly id: string;
  compute(ctx: FactContext): T;
}

export function defineFact<T>(id: string, compute: (ctx: FactContext) => T): Fact<T> {
  return { id, compute };
}

/** What a fact sees: the parsed file and the other facts. */
export interface FactContext {
  readonly file: string;
  readonly source: string;
  readonly parsed: ParsedFile;
  readonly ast: SourceUnit;
  readonly solc: SolcInfo;
  readonly index: AstIndex;
  /** This file first, then every file it reaches through imports (just this file when there is no project). */
  readonly closure: readonly SourceFile[];
  /** The project the file belongs to, when it was analysed as part of one. */
  readonly project?: Project;
  /**
   * The compiler's typed AST of the files it compiled (the deep tier's): facts
   * consult it first for the nodes it covers. Rules do not read it.
   */
  readonly typed?: TypedIndex;
  /** The file of the closure that holds a node (this file's nodes included). */
  fileOf(node: ASTNode): SourceFile | undefined;
  fact<T>(fact: Fact<T>): T;
  /**
   * Throws when the analysis must stop (aborted, or out of its time budget);
   * costly facts call it in their loops. Nothing may catch what it throws.
   */
  checkpoint(): void;
  text(node: ASTNode): string;
  range(node: ASTNode): Range;
}

export interface RuleContext<M extends string = string> extends FactContext {
  readonly meta: RuleMeta;
  report(descriptor: ReportDescriptor<M>): void;
  /** The node's parent, or undefined for the source unit. */
  parent(node: ASTNode): ASTNode | undefined;
  /** Start and exclusive end offsets of a node in the source. */
  offsets(node: ASTNode): [number, number];
  /** Builders for the text edits of fixes. */
  readonly edit: EditBuilder;
}

export interface EditBuilder {
  replace(target: ASTNode | Range, newText: string): TextEdit;
  replaceOffsets(start: number, end: number, newText: string): TextEdit;
  insertAt(offset: number, text: string): TextEdit;
  remove(target: ASTNode | Range): TextEdit;
}

/**
 * A rule. `M` is the union of its message ids, inferred from `meta.messages`,
 * so that `ctx.report({ messageId })` with an undeclared id does not type-check.
 */
export interface RuleDefinition<M extends string = string> {
  meta: RuleMeta & { messages: Record<M, string> };
  create(ctx: RuleContext<M>): Visitor;
}

const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SWC_PATTERN = /^SWC-\d{3}$/;
const VERSION_PATTERN = /^0\.\d+\.\d+$/;

/** Thrown when a rule's metadata is wrong; raised at load time, never on user code. */
export class RuleDefinitionError extends Error {
  constructor(ruleId: string, problem: string) {
    super(`rule ${ruleId || '<no id>'}: ${problem}`);
    this.name = 'RuleDefinitionError';
  }
}

/** Declares a rule, validating its metadata at load time. */
export function defineRule<M extends string>(def: RuleDefinition<M>): RuleDefinition {
  const m = def.meta;
  const fail = (problem: string): never => {
    throw new RuleDefinitionError(m?.id ?? '', problem);
  };
  if (!m || typeof m.id !== 'string' || !ID_PATTERN.test(m.id)) fail('id must be kebab-case');
  if (!m.title || typeof m.title !== 'string') fail('title is required');
  if (!m.description || typeof m.description !== 'string') fail('description is required');
  if (!['security', 'gas', 'quality'].includes(m.category)) fail(`unknown category ${m.category}`);
  if (!SEVERITIES.includes(m.severity)) fail(`unknown severity ${m.severity}`);
  if (!CONFIDENCES.includes(m.confidence)) fail(`unknown confidence ${m.confidence}`);
  if (!['none', 'safe', 'unsafe'].includes(m.fix)) fail(`fix must be none, safe or unsafe`);
  if (m.swc !== undefined && !SWC_PATTERN.test(m.swc)) fail(`swc must look like SWC-107, not ${m.swc}`);
  if (m.minSolc !== undefined && !VERSION_PATTERN.test(m.minSolc)) fail(`minSolc must be a version such as 0.8.0`);
  if (m.maxSolc !== undefined && !VERSION_PATTERN.test(m.maxSolc)) fail(`maxSolc must be a version such as 0.8.0`);
  if (!m.messages || typeof m.messages !== 'object' || Array.isArray(m.messages)) fail('messages must map message ids to one-line descriptions');
  const messageIds = Object.keys(m.messages);
  if (messageIds.length === 0) fail('messages must declare at least one message');
  for (const id of messageIds) {
    if (!ID_PATTERN.test(id)) fail(`message id "${id}" must be kebab-case`);
    const text: unknown = (m.messages as Record<string, unknown>)[id];
    if (typeof text !== 'string' || text.trim() === '' || /[\r\n]/.test(text)) fail(`message ${id} needs a one-line description`);
  }
  if (typeof def.create !== 'function') fail('create must be a function');
  return def;
}

/** The documentation page of a rule, relative to the package root. */
export function docsPath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}

/**
 * The message id a report names, checked against the rule's declared messages;
 * when it names none, the rule's only message. Throws on an undeclared id, or on
 * a missing one when the rule declares several (a bug in the rule, which the
 * analysis reports as that rule's error).
 */
export function messageIdOf(meta: RuleMeta, messageId: string | undefined): string {
  const declared = meta.messages ?? {};
  if (messageId === undefined) {
    const ids = Object.keys(declared);
    if (ids.length === 1) return ids[0];
    throw new Error(`rule ${meta.id} declares ${ids.length} messages (${ids.join(', ')}), so each report must name its messageId`);
  }
  if (!Object.prototype.hasOwnProperty.call(declared, messageId)) throw new Error(`rule ${meta.id} reported messageId "${messageId}", which its meta.messages does not declare`);
  return messageId;
}

/** A finding of a rule with the rule's defaults; callers add scope, gas and overrides. */
export function findingOf(meta: RuleMeta, file: string, range: Range, message: string, fixes: Fix[] = [], messageId?: string): Finding {
  const f: Finding = {
    ruleId: meta.id,
    messageId: messageIdOf(meta, messageId),
    title: meta.title,
    category: meta.category,
    severity: meta.severity,
    confidence: meta.confidence,
    file,
    range,
    message,
    fixes,
    docs: docsPath(meta.id),
  };
  if (meta.swc) f.swc = meta.swc;
  return f;
}
