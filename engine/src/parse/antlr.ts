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
 * An AST builder that turns a failure to build one node into a missing node,
 * so that one broken statement costs that statement and not the whole file.
 */
class TolerantBuilder extends ASTBuilder {
  dropped = 0;
  constructor(options: { loc: boolean; range: boolean }) {
    super(options);
  }
  visit(ctx: unknown): unknown {
    try {
      return super.visit(ctx);
    } catch {
      this.dropped++;
      return null;
    }
  }
}

const HIDDEN_CHANNEL = 1;

export function parseRaw(text: string): RawParse {
  const lexer = new SolidityLexer(new antlr4.CharStream(text));
  const tokens = new antlr4.CommonTokenStream(lexer);
  const parser = new SolidityParser(tokens);
  const listener = new CollectingListener();
  lexer.removeErrorListeners();
  lexer.addErrorListener(listener);
  parser.removeErrorListeners();
  parser.addErrorListener(listener);
  parser.buildParseTrees = true;
  const tree = parser.sourceUnit();
  const builder = new TolerantBuilder({ loc: true, range: true });
  builder.visit(tree);
  const ast: SourceUnit = builder.result ?? { type: 'SourceUnit', children: [], range: [0, Math.max(0, text.length - 1)] };
  const comments: RawComment[] = [];
  for (const t of tokens.tokens as Array<{ channel: number; text: string; start: number; stop: number }>) {
    if (t.channel !== HIDDEN_CHANNEL) continue;
    const raw = t.text;
    if (raw.startsWith('//')) comments.push({ kind: 'line', value: raw.slice(2), start: t.start, end: t.stop + 1 });
    else if (raw.startsWith('/*')) comments.push({ kind: 'block', value: raw.slice(2, raw.endsWith('*/') ? -2 : undefined), start: t.start, end: t.stop + 1 });
  }
  return { ast, errors: listener.errors, comments, droppedNodes: builder.dropped };
}
