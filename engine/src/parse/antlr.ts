/**
 * The Solidity parse pipeline, assembled from @solidity-parser/parser's own
 * lexer, grammar and AST builder. We do not call its `parse()` because, on
 * half-typed code, its AST builder throws a TypeError before the syntax errors
 * collected by the grammar are returned, so an editor would get neither an AST
 * nor an error location. Driving the same pieces ourselves lets us keep the
 * errors and let the AST builder drop only the nodes it cannot build.
 *
 * The pieces are loaded with `require` because the package ships them as
 * TypeScript sources without declarations; the bundler compiles them in.
 */
import type { SourceUnit } from '@solidity-parser/parser/dist/src/ast-types';
import { AnalysisStopped, every, NEVER_STOP, type Checkpoint } from '../stop';
import { fastParseRaw } from './fast/parser';
import { recoverByParts, type PartParsers, type PartTokenTypes } from './recover';

/* eslint-disable @typescript-eslint/no-require-imports */
const antlr4 = require('antlr4');
const SolidityLexer = require('@solidity-parser/parser/src/antlr/SolidityLexer').default;
const SolidityParserModule = require('@solidity-parser/parser/src/antlr/SolidityParser');
const SolidityParser = SolidityParserModule.default;
const ExpressionContext = SolidityParserModule.ExpressionContext;
const ContractDefinitionContext = SolidityParserModule.ContractDefinitionContext;
const { ASTBuilder } = require('@solidity-parser/parser/src/ASTBuilder');

export interface RawSyntaxError {
  /** 1-based line, as ANTLR reports it. */
  line: number;
  /** 0-based column in UTF-16 code units. */
  column: number;
  message: string;
  /** Offsets of the offending token, when there was one. */
  start?: number;
  stop?: number;
}

export interface RawComment {
  kind: 'line' | 'block';
  /** The comment's text without its delimiters. */
  value: string;
  start: number;
  /** Exclusive end offset. */
  end: number;
}

/** A statement or member left out of the tree because its expressions nest too deeply to analyse. */
export interface RawOmitted {
  start: number;
  /** Exclusive end offset. */
  end: number;
  /** How deep its expressions nest, at least. */
  depth: number;
}

export interface RawParse {
  ast: SourceUnit;
  errors: RawSyntaxError[];
  comments: RawComment[];
  /** Nodes the AST builder could not build (left out of the tree). */
  droppedNodes: number;
  /** The statements and members among them that were left out for their depth (not for a syntax error). */
  omitted: RawOmitted[];
  /** True when the fast (SLL) pass gave up and the file was parsed again in full LL with error recovery. */
  slowPath: boolean;
}

class CollectingListener extends antlr4.ErrorListener {
  readonly errors: RawSyntaxError[] = [];
  syntaxError(
    recognizer: { _tokenStartCharIndex?: number; _input?: { index?: number } } | null,
    offending: { start?: number; stop?: number; type?: number } | null,
    line: number,
    column: number,
    message: string,
  ): void {
    const err: RawSyntaxError = { line, column, message };
    if (offending && typeof offending.start === 'number' && offending.start >= 0 && offending.type !== -1) {
      err.start = offending.start;
      err.stop = offending.stop;
    } else if (offending && offending.type === -1 && typeof offending.start === 'number' && offending.start >= 0) {
      // At the end of the input: the offset, not ANTLR's line and column, which count
      // only \n as a line break and so are wrong for \r line endings.
      err.start = offending.start;
      err.stop = offending.start - 1;
    } else if (!offending && typeof recognizer?._tokenStartCharIndex === 'number' && typeof recognizer._input?.index === 'number') {
      // A lexer error: the characters the lexer could not make a token of, by offset.
      err.start = recognizer._tokenStartCharIndex;
      err.stop = Math.max(recognizer._tokenStartCharIndex, recognizer._input.index);
    }
    this.errors.push(err);
  }
}

/**
 * How deeply expressions may nest in the tree. Deeper ones (a machine-made
 * `a + b + … ` of thousands of terms, say) are left out with their statement
 * and reported, because rules and facts walk expressions recursively: a fixed
 * limit keeps every one of them inside the stack wherever it runs (the
 * language server's worker, the CLI's main thread), where an overflow would
 * otherwise depend on the platform's stack size.
 */
export const MAX_EXPRESSION_DEPTH = 500;

/** Thrown by the builder for an expression nested deeper than MAX_EXPRESSION_DEPTH. */
class TooDeep extends Error {}

/**
 * Stands in for the text of an expression of more than one token where the
 * AST builder compares a child's text with an operator or a bracket: the real
 * text (ANTLR's getText() of the whole subtree) made building a chain of n
 * terms cost n² and is never equal to a single token anyway.
 */
const OPAQUE_EXPRESSION = '\u0000expression';

/**
 * An AST builder that contains failures: a statement or contract member that
 * cannot be built is left out whole, so the tree never holds half-built
 * nodes (with nulls where a rule expects an expression), and one broken
 * statement costs that statement, not the file.
 */
class TolerantBuilder extends ASTBuilder {
  dropped = 0;
  /** Of the dropped nodes, those dropped because they nest too deeply (not for a syntax error). */
  droppedDeep = 0;
  readonly omitted: RawOmitted[] = [];
  /** Set when building failed somewhere below the current statement or member. */
  private failed = false;
  /** Set with `failed` when the failure was the depth of an expression (or the stack). */
  private tooDeep = false;
  private depth = 0;
  private maxDepthSeen = 0;
  private readonly check: Checkpoint;

  constructor(options: { loc: boolean; range: boolean }, check: Checkpoint) {
    super(options);
    this.check = every(256, check);
  }

  visit(ctx: unknown): unknown {
    this.check();
    try {
      return super.visit(ctx);
    } catch (err) {
      if (err instanceof AnalysisStopped) throw err;
      this.noteFailure(err);
      return null;
    }
  }

  /**
   * The builder's own `_addMeta` sets the range on the node and then copies
   * it behind a fresh `{ type }` by object spread: a fifth of an
   * assembly-heavy file's parse, for a copy with the same keys in the same
   * order whenever `type` is the node's first key, as the builder writes every
   * node. Such nodes get their range in place; any other shape is copied as
   * before.
   */
  _addMeta(node: { type: string; range?: [number, number] }, ctx: unknown): unknown {
    for (const key in node) {
      if (key !== 'type') break;
      const c = ctx as { start: { start: number }; stop?: { stop: number } | null };
      node.range = [c.start.start, c.stop?.stop ?? c.start.start];
      return node;
    }
    return super._addMeta(node, ctx);
  }

  visitExpression(ctx: unknown): unknown {
    if (this.depth >= MAX_EXPRESSION_DEPTH) throw new TooDeep();
    this.depth++;
    if (this.depth > this.maxDepthSeen) this.maxDepthSeen = this.depth;
    try {
      return super.visitExpression(ctx);
    } finally {
      this.depth--;
    }
  }

  /**
   * A token the grammar's error recovery skipped, where the builder expected a
   * node: the statement or member around it is broken, so it is left out
   * rather than built with a null inside.
   */
  visitErrorNode(): unknown {
    throw new Error('a skipped token where a node was expected');
  }

  _toText(ctx: { start?: { tokenIndex: number }; stop?: { tokenIndex: number } | null }): string {
    if (ctx instanceof ExpressionContext && ctx.start && ctx.stop && ctx.stop.tokenIndex > ctx.start.tokenIndex) return OPAQUE_EXPRESSION;
    return super._toText(ctx);
  }

  private noteFailure(err: unknown): void {
    this.failed = true;
    if (err instanceof TooDeep || err instanceof RangeError) this.tooDeep = true;
  }

  /** Builds a statement or member; null when anything inside it failed. */
  private contained(ctx: unknown, build: () => unknown): unknown {
    const outer = this.failed;
    const outerDeep = this.tooDeep;
    const outerMax = this.maxDepthSeen;
    this.failed = false;
    this.tooDeep = false;
    this.maxDepthSeen = this.depth;
    let node: unknown;
    try {
      node = build();
    } catch (err) {
      if (err instanceof AnalysisStopped) throw err;
      this.noteFailure(err);
    }
    const deepest = this.maxDepthSeen;
    this.maxDepthSeen = Math.max(outerMax, deepest);
    if (this.failed) {
      this.dropped++;
      if (this.tooDeep) {
        this.droppedDeep++;
        this.recordOmitted(ctx, deepest);
      }
      // Keep the flags set so an enclosing statement that is not in a list
      // (an `if` body, say) is dropped too; blocks and contracts reset them.
      return null;
    }
    this.failed = outer;
    this.tooDeep = outerDeep;
    return node;
  }

  /** Records a statement left out for its depth; an enclosing one dropped with it replaces it. */
  private recordOmitted(ctx: unknown, depth: number): void {
    const c = ctx as { start?: { start: number }; stop?: { stop: number } | null };
    if (!c?.start || typeof c.start.start !== 'number') return;
    const start = c.start.start;
    const end = Math.max(start, (c.stop?.stop ?? start) + 1);
    while (this.omitted.length > 0) {
      const last = this.omitted[this.omitted.length - 1];
      if (last.start < start || last.end > end) break;
      this.omitted.pop();
      depth = Math.max(depth, last.depth);
    }
    this.omitted.push({ start, end, depth });
  }

  visitStatement(ctx: unknown): unknown {
    return this.contained(ctx, () => super.visitStatement(ctx));
  }

  /**
   * Items at file level (free functions, constants, structs, …) are contained
   * like contract members, so that none is ever half built; contracts contain
   * their own members.
   */
  visitSourceUnit(ctx: { children?: unknown[] | null }): unknown {
    const children = ctx.children ?? [];
    const node = {
      type: 'SourceUnit',
      children: children.slice(0, -1).map((child) => (child instanceof ContractDefinitionContext ? this.visit(child) : this.contained(child, () => super.visit(child)))),
    };
    const result = this._addMeta(node, ctx);
    this.result = result;
    return result;
  }

  visitContractPart(ctx: unknown): unknown {
    return this.contained(ctx, () => super.visitContractPart(ctx));
  }

  visitBlock(ctx: unknown): unknown {
    const outer = this.failed;
    const outerDeep = this.tooDeep;
    this.failed = false;
    this.tooDeep = false;
    const block = super.visitBlock(ctx) as { statements?: unknown[] } | null;
    if (block && Array.isArray(block.statements)) block.statements = block.statements.filter((s) => s != null);
    this.failed = outer;
    this.tooDeep = outerDeep;
    return block;
  }

  visitContractDefinition(ctx: unknown): unknown {
    const outer = this.failed;
    const outerDeep = this.tooDeep;
    this.failed = false;
    this.tooDeep = false;
    const contract = super.visitContractDefinition(ctx) as { subNodes?: unknown[] } | null;
    if (contract && Array.isArray(contract.subNodes)) contract.subNodes = contract.subNodes.filter((s) => s != null);
    this.failed = outer;
    this.tooDeep = outerDeep;
    return contract;
  }
}

const HIDDEN_CHANNEL = 1;

/**
 * Deeper nesting than this is rejected before parsing: ANTLR's prediction
 * time grows steeply with bracket depth (even the first, SLL pass, on a broken
 * line of brackets: 128 deep 1.6 s, 188 deep 8.5 s), and no real contract
 * comes close (the deepest of 1,829 files in node_modules nests 16).
 */
export const MAX_NESTING = 128;

/**
 * Error recovery (the LL pass) is attempted only up to this bracket depth.
 * Deeper, it costs minutes on a broken line of a few hundred brackets (200
 * deep: 141 s; 128: 12 s; 64: up to 2 s), while the first pass, which bails
 * at the first error, takes under a second. The deepest nesting in 1,829
 * Solidity files of node_modules (OpenZeppelin, Solady, Uniswap, Aave, forge-std
 * and others) is 16. A file deeper than this with a syntax error gets that
 * error, and no tree until it is fixed.
 */
export const MAX_RECOVERY_NESTING = 48;

export class NestingError extends Error {}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const BailErrorStrategy: new () => any = antlr4.BailErrorStrategy;

/** Bails out like ANTLR's own, and remembers the token it bailed at. */
class LocatingBailStrategy extends BailErrorStrategy {
  offending: Tok | undefined;

  recover(recognizer: { getCurrentToken(): Tok }, e: { offendingToken?: Tok | null } | null): unknown {
    this.offending ??= e?.offendingToken ?? recognizer.getCurrentToken();
    return super.recover(recognizer, e);
  }

  recoverInline(recognizer: { getCurrentToken(): Tok }): unknown {
    this.offending ??= recognizer.getCurrentToken();
    return super.recoverInline(recognizer);
  }
}

function maxNesting(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > max) max = depth;
    } else if (c === 41 || c === 93 || c === 125) depth = Math.max(0, depth - 1);
  }
  return max;
}

interface Tok {
  type: number;
  channel: number;
  text: string;
  start: number;
  stop: number;
  line: number;
  column: number;
}

/**
 * Nodes carry `range` (offsets) only: nothing in Synor reads `loc`, and
 * building it costs about a tenth of the parse in object churn.
 */
const BUILD_OPTIONS = { loc: false, range: true };

const EMIT = SolidityParser.literalNames.indexOf("'emit'");
const REVERT = SolidityParser.literalNames.indexOf("'revert'");
const IDENTIFIER: number = SolidityParser.Identifier;
const DEFAULT_CHANNEL = 0;

/**
 * `emit E(…)` and `revert E(…)` are what the grammar cannot predict in SLL
 * mode (the event call parses both as an expression and as the statement's
 * call), and nearly every modern file has them. For the SLL pass the keyword
 * tokens are moved off the parser's channel, so the statement parses as a
 * plain call; the statements are rebuilt afterwards (`restoreStatements`).
 */
function hideStatementKeywords(tokens: Tok[]): Map<number, Tok> {
  const hidden = new Map<number, Tok>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if ((t.type !== EMIT && t.type !== REVERT) || t.channel !== DEFAULT_CHANNEL) continue;
    let j = i + 1;
    while (j < tokens.length && tokens[j].channel !== DEFAULT_CHANNEL) j++;
    // `revert(...)` is a call of the builtin, not a revert statement.
    if (j >= tokens.length || tokens[j].type !== IDENTIFIER) continue;
    t.channel = HIDDEN_CHANNEL;
    hidden.set(tokens[j].start, t);
  }
  return hidden;
}

/** Turns the plain calls that stood behind a hidden `emit`/`revert` back into their statements. */
function restoreStatements(ast: SourceUnit, hidden: Map<number, Tok>): boolean {
  let restored = 0;
  if (hidden.size === 0) return true;
  const stack: unknown[] = [ast];
  while (stack.length > 0 && restored < hidden.size) {
    const n = stack.pop() as Record<string, unknown> | null;
    if (!n || typeof n !== 'object') continue;
    for (const k in n) {
      if (k === 'loc' || k === 'range') continue;
      const v = n[k];
      if (v && typeof v === 'object') stack.push(v);
    }
    if (n.type !== 'ExpressionStatement') continue;
    const range = n.range as [number, number] | undefined;
    const kw = range ? hidden.get(range[0]) : undefined;
    const call = n.expression as { type?: string } | null;
    if (!kw || !range || call?.type !== 'FunctionCall') continue;
    // Rebuilt in place (parents hold this object) with the keys in the order
    // the AST builder gives them, so the tree is the same as an LL parse's.
    const loc = n.loc as { start: { line: number; column: number }; end: unknown } | undefined;
    for (const k of Object.keys(n)) delete n[k];
    n.type = kw.type === EMIT ? 'EmitStatement' : 'RevertStatement';
    n[kw.type === EMIT ? 'eventCall' : 'revertCall'] = call;
    if (loc) n.loc = { start: { line: kw.line, column: kw.column }, end: loc.end };
    n.range = [kw.start, range[1]];
    restored++;
  }
  return restored === hidden.size;
}

/**
 * The token stream, with the caller's checkpoint on every look-ahead: ANTLR's
 * prediction can spend a long time on one decision without consuming a token,
 * and look-ahead is the one thing it does throughout.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const CommonTokenStream: new (source: unknown) => any = antlr4.CommonTokenStream;

class CheckedTokenStream extends CommonTokenStream {
  check: Checkpoint = NEVER_STOP;

  LA(i: number): number {
    this.check();
    return super.LA(i);
  }

  fetch(n: number): number {
    this.check();
    return super.fetch(n);
  }
}

const LPAREN: number = SolidityParser.literalNames.indexOf("'('");
const RPAREN: number = SolidityParser.literalNames.indexOf("')'");
const RULE_ASSEMBLY_ITEM: number = SolidityParser.ruleNames.indexOf('assemblyItem');

interface Lookahead {
  LA(i: number): number;
}
interface Interpreter {
  predictionMode: unknown;
  adaptivePredict(input: Lookahead, decision: number, outer: { ruleIndex?: number } | null): number;
}

/**
 * Predicts the decisions that `applies` picks in `mode`, and every other
 * decision in the mode the parser is set to.
 */
function predictWithMode(interp: Interpreter, mode: unknown, applies: (input: Lookahead, outer: { ruleIndex?: number } | null) => boolean): void {
  const predict = interp.adaptivePredict.bind(interp);
  interp.adaptivePredict = (input, decision, outer) => {
    if (!applies(input, outer)) return predict(input, decision, outer);
    const saved = interp.predictionMode;
    interp.predictionMode = mode;
    try {
      return predict(input, decision, outer);
    } finally {
      interp.predictionMode = saved;
    }
  };
}

/**
 * In the SLL pass, the choice of a Yul item (a call such as `mstore(p, x)`, or
 * an assignment `p := x`) is predicted with full LL: SLL, blind to the
 * context, takes the call for an assignment and bails, and the whole file was
 * then parsed again in LL: 111 of 595 files of OpenZeppelin, Solady and our
 * fixtures, Solady's assembly-heavy libraries among them (LibClone: 0.9 s).
 * With LL for these decisions only, those files pass the first stage, with
 * trees identical to a full LL parse's (all 479 that pass), and the whole
 * corpus parses in half the time. Full-context prediction is still the most
 * expensive step there is, so the commonest item, a call, is predicted
 * without it (`predictsCall`).
 */
const isAssemblyItem = (_input: Lookahead, outer: { ruleIndex?: number } | null): boolean => outer?.ruleIndex === RULE_ASSEMBLY_ITEM;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ATN: any = SolidityParser._ATN;
/** The decision between the alternatives of a Yul item. */
const ASSEMBLY_ITEM_DECISION: number = ATN.ruleToStartState[RULE_ASSEMBLY_ITEM].transitions[0].target.decision;
/** The grammar's alternative for a Yul expression (a call among them), in `assemblyItem`. */
const ASSEMBLY_EXPRESSION_ALT = 3;
const ASSIGN: number = SolidityParser.literalNames.indexOf("':='");
const EOF_TYPE = -1;
/** The tokens a Yul call can start with (a name, or `return`, `address`, `byte`). */
const CALL_START: { contains(type: number): boolean } = ATN.nextTokens(ATN.ruleToStartState[SolidityParser.ruleNames.indexOf('assemblyCall')]);

/**
 * Predicts a Yul item that starts with a call, `name(…)`, without the ATN.
 * Only two alternatives of `assemblyItem` start with a name and `(`: the call,
 * and the bare name followed by an assignment to a parenthesised list, as in
 * `name (a, b) := …`, which needs `:=` right after the matching `)`. When that
 * `:=` is not there, the item is the call, which is what full LL predicts
 * too, at a fraction of the cost: its full-context simulation of a nested call
 * took up to 60 ms per item, most of the time of an assembly-heavy file. Any
 * other shape, and a call whose parentheses do not close, goes to the real
 * prediction; a call that then fails to parse fails the fast pass, and the
 * file is parsed again in LL as any syntax error is.
 */
function predictsCall(input: Lookahead): boolean {
  if (!CALL_START.contains(input.LA(1)) || input.LA(2) !== LPAREN) return false;
  let depth = 1;
  for (let i = 3; ; i++) {
    const t = input.LA(i);
    if (t === EOF_TYPE) return false;
    if (t === LPAREN) depth++;
    else if (t === RPAREN && --depth === 0) return input.LA(i + 1) !== ASSIGN;
  }
}

/**
 * Installs `predictsCall` for the fast pass; the pass with error recovery
 * turns it off (`enabled = false`), so half-typed code recovers exactly as
 * full LL makes it.
 */
function shortcutAssemblyCalls(interp: Interpreter): { enabled: boolean } {
  const predict = interp.adaptivePredict.bind(interp);
  const state = { enabled: true };
  interp.adaptivePredict = (input, decision, outer) => (state.enabled && decision === ASSEMBLY_ITEM_DECISION && predictsCall(input) ? ASSEMBLY_EXPRESSION_ALT : predict(input, decision, outer));
  return state;
}

/**
 * In full LL, a `(` that opens another `(` is a true ambiguity of the grammar
 * (a parenthesised expression or a one-element tuple, the same text), which LL
 * resolves only after reading to the matching `)` with the whole context:
 * parentheses nested d deep cost about d² full-context steps (150 deep: 9 s;
 * 250: 31 s). SLL resolves a true ambiguity the same way, by the first
 * alternative, without the context; so those decisions, and only those, are
 * predicted with SLL. Over 393 mutated and real files (OpenZeppelin, Solady
 * and our fixtures) the trees and errors were identical to plain LL's, while
 * predicting every `(` with SLL changed 30 of them.
 */
const opensNestedParens = (input: Lookahead): boolean => input.LA(1) === LPAREN && input.LA(2) === LPAREN;

/**
 * Parses with the grammar's own pieces. Throws `NestingError` for absurd
 * bracket depth, `AnalysisStopped` when `check` says so (between and inside
 * every stage: lexing, SLL, LL, building), and nothing else of its own.
 */
/**
 * Whether the hand-written parser accepts the whole text: it declines every
 * syntax error (and stops at the first), so a text it accepts has none. For a
 * caller that found errors in part of a text and must not report them where
 * the whole text is valid (the language server's re-parse between members).
 */
export function acceptedWhole(text: string, check: Checkpoint = NEVER_STOP): boolean {
  if (process.env.SYNOR_PARSER === 'antlr') return false;
  try {
    return maxNesting(text) <= MAX_NESTING && fastParseRaw(text, check) !== undefined;
  } catch (err) {
    if (err instanceof AnalysisStopped) throw err;
    return false;
  }
}

export function parseRaw(text: string, check: Checkpoint = NEVER_STOP): RawParse {
  const depth = maxNesting(text);
  if (depth > MAX_NESTING) throw new NestingError(`brackets are nested more than ${MAX_NESTING} deep`);
  // The hand-written parser builds the same result several times faster, and
  // declines whatever it is not certain of (see fast/parser.ts).
  if (process.env.SYNOR_PARSER !== 'antlr') {
    let fast: RawParse | undefined;
    try {
      fast = fastParseRaw(text, check);
    } catch (err) {
      // A bug of the fast parser must not cost the file its parse: ANTLR
      // parses it as before (bench/parse-diff.ts reports such throws).
      if (err instanceof AnalysisStopped) throw err;
    }
    if (fast) return fast;
  }
  return parseRawAntlr(text, check, depth);
}

/** Where a parse without recovery stopped (`parseRawAntlr`'s `clean` mode). */
class StoppedAt extends Error {
  constructor(readonly offset: number) {
    super('the parse without recovery stopped');
  }
}

let PART_TOKEN_TYPES: PartTokenTypes | undefined;
function partTokenTypes(): PartTokenTypes {
  const t = (s: string): number => SolidityParser.literalNames.indexOf(`'${s}'`);
  return (PART_TOKEN_TYPES ??= { lbrace: t('{'), rbrace: t('}'), semicolon: t(';'), contractStart: new Set([t('contract'), t('interface'), t('library'), t('abstract')]), eof: -1 });
}

/** The two parses recovery by parts makes: the file with broken parts blanked (no recovery), and each broken part alone. */
function partParsers(check: Checkpoint): PartParsers {
  return {
    clean(text) {
      if (process.env.SYNOR_PARSER !== 'antlr') {
        try {
          const fast = fastParseRaw(text, check);
          if (fast) return { raw: fast };
        } catch (err) {
          if (err instanceof AnalysisStopped) throw err;
        }
      }
      try {
        return { raw: parseRawAntlr(text, check, maxNesting(text), 'clean') };
      } catch (err) {
        if (err instanceof StoppedAt) return { stoppedAt: err.offset };
        throw err;
      }
    },
    recover: (text) => parseRawAntlr(text, check, maxNesting(text), 'whole'),
  };
}

/**
 * `parseRaw` through ANTLR only: the reference the fast parser is compared
 * with (bench/parse-diff.ts), and what parses everything it declines.
 */
export function parseRawAntlr(text: string, check: Checkpoint = NEVER_STOP, depth = maxNesting(text), mode: 'parts' | 'whole' | 'clean' = 'parts'): RawParse {
  if (depth > MAX_NESTING) throw new NestingError(`brackets are nested more than ${MAX_NESTING} deep`);
  const lexer = new SolidityLexer(new antlr4.CharStream(text));
  const tokens = new CheckedTokenStream(lexer);
  tokens.check = every(1024, check);
  const parser = new SolidityParser(tokens);
  const listener = new CollectingListener();
  lexer.removeErrorListeners();
  lexer.addErrorListener(listener);
  parser.removeErrorListeners();
  parser.buildParseTrees = true;
  tokens.fill();
  check();
  const all = tokens.tokens as Tok[];
  // Two-stage parsing: the fast SLL prediction mode with bail-out first, and
  // full LL with error recovery only when SLL cannot decide (or the file has
  // errors). SLL is 10-20x faster on the files it accepts.
  const hidden = hideStatementKeywords(all);
  parser._interp.predictionMode = antlr4.PredictionMode.SLL;
  predictWithMode(parser._interp, antlr4.PredictionMode.LL, isAssemblyItem);
  const shortcut = shortcutAssemblyCalls(parser._interp);
  const bail = new LocatingBailStrategy();
  parser._errHandler = bail;
  let ast: SourceUnit | null = null;
  let dropped = 0;
  let omitted: RawOmitted[] = [];
  try {
    const tree = parser.sourceUnit();
    check();
    const builder = new TolerantBuilder(BUILD_OPTIONS, check);
    builder.visit(tree);
    // SLL accepted the file, so it has no syntax error: statements left out for
    // their depth would be left out of an LL parse too, at many times the cost.
    if (builder.result && builder.dropped === builder.droppedDeep && restoreStatements(builder.result, hidden)) {
      ast = builder.result;
      dropped = builder.dropped;
      omitted = builder.omitted;
    }
  } catch (err) {
    if (err instanceof AnalysisStopped) throw err;
    ast = null;
  }
  check();
  if (!ast && mode === 'clean') throw new StoppedAt(bail.offending && bail.offending.type !== -1 ? bail.offending.start : text.length);
  if (!ast && mode === 'parts' && depth <= MAX_RECOVERY_NESTING) {
    // Recover part by part (see recover.ts): the rest of the file keeps its clean parse.
    const stoppedAt = bail.offending && bail.offending.type !== -1 ? bail.offending.start : text.length;
    const byParts = recoverByParts(text, all, partTokenTypes(), stoppedAt, partParsers(check), check);
    if (byParts) return byParts;
  }
  if (!ast && depth > MAX_RECOVERY_NESTING && bail.offending) {
    const at = bail.offending;
    const where = at.type !== -1 ? { start: at.start, stop: at.stop } : {};
    listener.errors.push({
      line: at.line,
      column: at.column,
      message: `syntax error${at.type !== -1 ? ` at '${at.text}'` : ''}: brackets nest ${depth} deep in this file, more than the ${MAX_RECOVERY_NESTING} Synor recovers from errors in, so the file is analysed again once this error is fixed`,
      ...where,
    });
    ast = { type: 'SourceUnit', children: [], range: [0, Math.max(0, text.length - 1)] };
  }
  const slowPath = !ast;
  if (!ast) {
    shortcut.enabled = false;
    for (const t of hidden.values()) t.channel = DEFAULT_CHANNEL;
    tokens.seek(0);
    parser.reset();
    parser.addErrorListener(listener);
    parser._interp.predictionMode = antlr4.PredictionMode.LL;
    predictWithMode(parser._interp, antlr4.PredictionMode.SLL, opensNestedParens);
    parser._errHandler = new antlr4.DefaultErrorStrategy();
    const tree = parser.sourceUnit();
    check();
    const builder = new TolerantBuilder(BUILD_OPTIONS, check);
    builder.visit(tree);
    ast = builder.result;
    dropped = builder.dropped;
    omitted = builder.omitted;
  }
  const result: SourceUnit = ast ?? { type: 'SourceUnit', children: [], range: [0, Math.max(0, text.length - 1)] };
  const comments: RawComment[] = [];
  for (const t of all) {
    if (t.channel !== HIDDEN_CHANNEL) continue;
    const raw = t.text;
    if (raw.startsWith('//')) comments.push({ kind: 'line', value: raw.slice(2), start: t.start, end: t.stop + 1 });
    else if (raw.startsWith('/*')) comments.push({ kind: 'block', value: raw.slice(2, raw.endsWith('*/') ? -2 : undefined), start: t.start, end: t.stop + 1 });
  }
  return { ast: result, errors: listener.errors, comments, droppedNodes: dropped, omitted, slowPath };
}
