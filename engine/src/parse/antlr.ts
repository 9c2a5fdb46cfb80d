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

/* eslint-disable @typescript-eslint/no-require-imports */
const antlr4 = require('antlr4');
const SolidityLexer = require('@solidity-parser/parser/src/antlr/SolidityLexer').default;
const SolidityParser = require('@solidity-parser/parser/src/antlr/SolidityParser').default;
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

export interface RawParse {
  ast: SourceUnit;
  errors: RawSyntaxError[];
  comments: RawComment[];
  /** Nodes the AST builder could not build (left out of the tree). */
  droppedNodes: number;
}

class CollectingListener extends antlr4.ErrorListener {
  readonly errors: RawSyntaxError[] = [];
  syntaxError(_recognizer: unknown, offending: { start?: number; stop?: number; type?: number } | null, line: number, column: number, message: string): void {
    const err: RawSyntaxError = { line, column, message };
    if (offending && typeof offending.start === 'number' && offending.start >= 0 && offending.type !== -1) {
      err.start = offending.start;
      err.stop = offending.stop;
    }
    this.errors.push(err);
  }
}

/**
 * An AST builder that contains failures: a statement or contract member that
 * cannot be built is left out whole, so the tree never holds half-built
 * nodes (with nulls where a rule expects an expression), and one broken
 * statement costs that statement, not the file.
 */
class TolerantBuilder extends ASTBuilder {
  dropped = 0;
  /** Set when building failed somewhere below the current statement or member. */
  private failed = false;

  constructor(options: { loc: boolean; range: boolean }) {
    super(options);
  }

  visit(ctx: unknown): unknown {
    try {
      return super.visit(ctx);
    } catch {
      this.failed = true;
      return null;
    }
  }

  /** Builds a statement or member; null when anything inside it failed. */
  private contained(build: () => unknown): unknown {
    const outer = this.failed;
    this.failed = false;
    let node: unknown;
    try {
      node = build();
    } catch {
      this.failed = true;
    }
    if (this.failed) {
      this.dropped++;
      // Keep the flag set so an enclosing statement that is not in a list
      // (an `if` body, say) is dropped too; blocks and contracts reset it.
      return null;
    }
    this.failed = outer;
    return node;
  }

  visitStatement(ctx: unknown): unknown {
    return this.contained(() => super.visitStatement(ctx));
  }

  visitContractPart(ctx: unknown): unknown {
    return this.contained(() => super.visitContractPart(ctx));
  }

  visitBlock(ctx: unknown): unknown {
    const outer = this.failed;
    this.failed = false;
    const block = super.visitBlock(ctx) as { statements?: unknown[] } | null;
    if (block && Array.isArray(block.statements)) block.statements = block.statements.filter((s) => s != null);
    this.failed = outer;
    return block;
  }

  visitContractDefinition(ctx: unknown): unknown {
    const outer = this.failed;
    this.failed = false;
    const contract = super.visitContractDefinition(ctx) as { subNodes?: unknown[] } | null;
    if (contract && Array.isArray(contract.subNodes)) contract.subNodes = contract.subNodes.filter((s) => s != null);
    this.failed = outer;
    return contract;
  }
}

const HIDDEN_CHANNEL = 1;

/**
 * Deeper nesting than this is rejected before parsing: ANTLR's prediction
 * time grows steeply with bracket depth, and no real contract comes close.
 */
export const MAX_NESTING = 256;

export class NestingError extends Error {}

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

export function parseRaw(text: string): RawParse {
  if (maxNesting(text) > MAX_NESTING) throw new NestingError(`brackets are nested more than ${MAX_NESTING} deep`);
  const lexer = new SolidityLexer(new antlr4.CharStream(text));
  const tokens = new antlr4.CommonTokenStream(lexer);
  const parser = new SolidityParser(tokens);
  const listener = new CollectingListener();
  lexer.removeErrorListeners();
  lexer.addErrorListener(listener);
  parser.removeErrorListeners();
  parser.buildParseTrees = true;
  tokens.fill();
  const all = tokens.tokens as Tok[];
  // Two-stage parsing: the fast SLL prediction mode with bail-out first, and
  // full LL with error recovery only when SLL cannot decide (or the file has
  // errors). SLL is 10-20x faster on the files it accepts.
  const hidden = hideStatementKeywords(all);
  parser._interp.predictionMode = antlr4.PredictionMode.SLL;
  parser._errHandler = new antlr4.BailErrorStrategy();
  let ast: SourceUnit | null = null;
  let dropped = 0;
  try {
    const tree = parser.sourceUnit();
    const builder = new TolerantBuilder(BUILD_OPTIONS);
    builder.visit(tree);
    if (builder.result && builder.dropped === 0 && restoreStatements(builder.result, hidden)) ast = builder.result;
  } catch {
    ast = null;
  }
  if (!ast) {
    for (const t of hidden.values()) t.channel = DEFAULT_CHANNEL;
    tokens.seek(0);
    parser.reset();
    parser.addErrorListener(listener);
    parser._interp.predictionMode = antlr4.PredictionMode.LL;
    parser._errHandler = new antlr4.DefaultErrorStrategy();
    const tree = parser.sourceUnit();
    const builder = new TolerantBuilder(BUILD_OPTIONS);
    builder.visit(tree);
    ast = builder.result;
    dropped = builder.dropped;
  }
  const result: SourceUnit = ast ?? { type: 'SourceUnit', children: [], range: [0, Math.max(0, text.length - 1)] };
  const comments: RawComment[] = [];
  for (const t of all) {
    if (t.channel !== HIDDEN_CHANNEL) continue;
    const raw = t.text;
    if (raw.startsWith('//')) comments.push({ kind: 'line', value: raw.slice(2), start: t.start, end: t.stop + 1 });
    else if (raw.startsWith('/*')) comments.push({ kind: 'block', value: raw.slice(2, raw.endsWith('*/') ? -2 : undefined), start: t.start, end: t.stop + 1 });
  }
  return { ast: result, errors: listener.errors, comments, droppedNodes: dropped };
}
