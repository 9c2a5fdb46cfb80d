import type { SourceUnit } from '@solidity-parser/parser/dist/src/ast-types';
import type { ParseError, Range } from '../types';
import { AnalysisStopped, NEVER_STOP, type Checkpoint } from '../stop';
import { MAX_EXPRESSION_DEPTH, NestingError, parseRaw, type RawComment } from './antlr';
import { LineIndex } from './positions';
import { solcInfo, type SolcInfo } from './pragma';
import { rightAssociateAssignments } from './assoc';

export { LineIndex, comparePositions, compareRanges } from './positions';
export { solcInfo, allowsBelow, allowsAtLeast, LATEST_SOLC, KNOWN_SOLC_VERSIONS, type SolcInfo } from './pragma';
export type { RawComment } from './antlr';
export { MAX_EXPRESSION_DEPTH } from './antlr';

/** A statement or member left out of the tree although it has no syntax error (see `MAX_EXPRESSION_DEPTH`). */
export interface OmittedNode {
  range: Range;
  message: string;
}

export interface ParsedFile {
  text: string;
  ast: SourceUnit;
  lines: LineIndex;
  errors: ParseError[];
  comments: RawComment[];
  solc: SolcInfo;
  /** Statements and members left out of the tree for a reason other than a syntax error; absent when none. */
  omitted?: OmittedNode[];
}

export interface ParseOptions {
  /** Called between and inside the parser's stages; it stops the parse by throwing `AnalysisStopped`. */
  check?: Checkpoint;
}

/**
 * Parses Solidity text. Never throws on any input: bad input yields an empty
 * or partial AST and syntax errors with exact ranges. Only the caller's own
 * `check` can stop it, with the `AnalysisStopped` it throws.
 */
export function parse(text: string, options: ParseOptions = {}): ParsedFile {
  const check = options.check ?? NEVER_STOP;
  const lines = new LineIndex(text);
  let ast: SourceUnit = { type: 'SourceUnit', children: [], range: [0, 0] };
  let comments: RawComment[] = [];
  const errors: ParseError[] = [];
  let omitted: OmittedNode[] | undefined;
  try {
    const raw = parseRaw(text, check);
    ast = raw.ast;
    comments = raw.comments;
    if (raw.omitted.length > 0) {
      omitted = raw.omitted.map((o) => ({
        range: lines.range(o.start, Math.min(text.length, o.end)),
        message:
          o.depth >= MAX_EXPRESSION_DEPTH
            ? `Synor left this out of its analysis: its expression nests more than ${MAX_EXPRESSION_DEPTH} levels deep, so findings in it may be missing.`
            : 'Synor left this out of its analysis: it nests too deeply to analyse, so findings in it may be missing.',
      }));
    }
    let antlrLines: number[] | undefined;
    for (const e of raw.errors) {
      let start: number;
      let end: number;
      if (e.start !== undefined) {
        start = Math.min(e.start, text.length);
        end = Math.min(text.length, Math.max(start + 1, (e.stop ?? e.start) + 1));
      } else {
        // ANTLR's own line and column, which count only \n as a line break.
        antlrLines ??= newlineStarts(text);
        const line = Math.max(0, Math.min(e.line - 1, antlrLines.length - 1));
        start = Math.min(text.length, antlrLines[line] + Math.max(0, e.column));
        end = Math.min(text.length, start + 1);
      }
      if (start >= text.length && text.length > 0) start = text.length - 1;
      // A lexer error may end on the line break that cut a token short (an unterminated
      // string): the range stays on the line, whichever break (\n, \r\n, \r) it is.
      while (end > start && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
      errors.push({ message: describeSyntaxError(e.message), range: lines.range(start, Math.max(end, start)) });
    }
  } catch (err) {
    if (err instanceof AnalysisStopped) throw err;
    // The only failures left here are the engine's own limits, such as
    // recursion depth on absurdly nested expressions; say so on line 1.
    const why = err instanceof NestingError ? err.message : err instanceof RangeError ? 'the code is nested too deeply to analyse' : `the parser failed (${(err as Error)?.message ?? String(err)})`;
    errors.push({ message: `Could not parse this file: ${why}.`, range: lines.range(0, Math.min(text.length, lines.lineEnd(0))) });
  }
  ast.children = (ast.children ?? []).filter(Boolean);
  rightAssociateAssignments(ast);
  const parsed: ParsedFile = { text, ast, lines, errors, comments, solc: solcInfo(ast) };
  if (omitted) parsed.omitted = omitted;
  return parsed;
}

/** Offsets where lines start when only \n breaks lines, as ANTLR counts them. */
function newlineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** ANTLR's messages list every token it expected; keep them readable in an editor. */
function describeSyntaxError(raw: string): string {
  // One line: the lexer quotes the characters it could not read, line breaks included.
  const message = raw
    .replace(/^(token recognition error at: '[^]*?)[\r\n]+'$/, "$1'")
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n');
  const m = /^(.*?expecting) \{(.*)\}$/s.exec(message);
  if (m) {
    const options = m[2].split(', ');
    if (options.length > 6) return `${m[1]} one of ${options.slice(0, 6).join(', ')} …`;
  }
  return message;
}
