import type { SourceUnit } from '@solidity-parser/parser/dist/src/ast-types';
import type { ParseError } from '../types';
import { NestingError, parseRaw, type RawComment } from './antlr';
import { LineIndex } from './positions';
import { solcInfo, type SolcInfo } from './pragma';

export { LineIndex, comparePositions, compareRanges } from './positions';
export { solcInfo, allowsBelow, allowsAtLeast, LATEST_SOLC, KNOWN_SOLC_VERSIONS, type SolcInfo } from './pragma';
export type { RawComment } from './antlr';

export interface ParsedFile {
  text: string;
  ast: SourceUnit;
  lines: LineIndex;
  errors: ParseError[];
  comments: RawComment[];
  solc: SolcInfo;
}

/**
 * Parses Solidity text. Never throws: bad input yields an empty or partial AST
 * and syntax errors with exact ranges.
 */
export function parse(text: string): ParsedFile {
  const lines = new LineIndex(text);
  let ast: SourceUnit = { type: 'SourceUnit', children: [], range: [0, 0] };
  let comments: RawComment[] = [];
  const errors: ParseError[] = [];
  try {
    const raw = parseRaw(text);
    ast = raw.ast;
    comments = raw.comments;
    for (const e of raw.errors) {
      let start: number;
      let end: number;
      if (e.start !== undefined && e.stop !== undefined && e.stop >= e.start) {
        start = e.start;
        end = e.stop + 1;
      } else {
        start = lines.offsetAt({ line: e.line - 1, character: e.column });
        end = Math.min(text.length, start + 1);
        if (start >= text.length && text.length > 0) start = Math.max(0, text.length - 1);
      }
      errors.push({ message: describeSyntaxError(e.message), range: lines.range(start, Math.max(end, start)) });
    }
  } catch (err) {
    // The only failures left here are the engine's own limits, such as
    // recursion depth on absurdly nested expressions; say so on line 1.
    const why = err instanceof NestingError ? err.message : err instanceof RangeError ? 'the code is nested too deeply to analyse' : `the parser failed (${(err as Error)?.message ?? String(err)})`;
    errors.push({ message: `Could not parse this file: ${why}.`, range: lines.range(0, Math.min(text.length, lines.lineEnd(0))) });
  }
  ast.children = (ast.children ?? []).filter(Boolean);
  return { text, ast, lines, errors, comments, solc: solcInfo(ast) };
}

/** ANTLR's messages list every token it expected; keep them readable in an editor. */
function describeSyntaxError(message: string): string {
  const m = /^(.*?expecting) \{(.*)\}$/s.exec(message);
  if (m) {
    const options = m[2].split(', ');
    if (options.length > 6) return `${m[1]} one of ${options.slice(0, 6).join(', ')} …`;
  }
  return message;
}
