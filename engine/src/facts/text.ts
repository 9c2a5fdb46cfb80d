/**
 * Facts about the file's text that fixes are built from: indentation, comments,
 * whole lines, names still free, and when an expression needs parentheses.
 */
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import type { FactContext, RuleContext } from '../rules/framework';
import type { TextEdit } from '../types';
import { isAtomic } from './ast-util';

/** The text of a line's indentation at `offset`. */
export function indentAt(source: string, offset: number): string {
  let s = offset;
  while (s > 0 && source[s - 1] !== '\n' && source[s - 1] !== '\r') s--;
  let e = s;
  while (e < source.length && (source[e] === ' ' || source[e] === '\t')) e++;
  return source.slice(s, e);
}

/** The indentation unit the file uses (four spaces when it cannot tell). */
export function indentUnit(source: string): string {
  const m = /[\r\n](\t+|[ ]{2,8})\S/.exec(source);
  if (!m) return '    ';
  return m[1].startsWith('\t') ? '\t' : m[1].length <= 4 ? m[1] : '    ';
}

// Names declared or used in a file, per file (keyed by its AstIndex, which lives as long as one analysis).
const namesCache = new WeakMap<object, Set<string>>();

/** A name not used by any identifier or declaration in the file, based on `wanted`. */
export function freshName(ctx: FactContext, wanted: string): string {
  let used = namesCache.get(ctx.index);
  if (!used) {
    used = new Set<string>();
    for (const n of ctx.index.nodes) {
      const name = (n as { name?: unknown }).name;
      if (typeof name === 'string') used.add(name);
    }
    namesCache.set(ctx.index, used);
  }
  if (!used.has(wanted)) return wanted;
  for (let i = 2; ; i++) if (!used.has(`${wanted}${i}`)) return `${wanted}${i}`;
}

/** The expression's text, parenthesised unless it is atomic. */
export function wrapped(ctx: FactContext, e: ASTNode): string {
  return isAtomic(e) ? ctx.text(e) : `(${ctx.text(e)})`;
}

/** True when a comment lies inside [start, end). */
function hasCommentIn(ctx: FactContext, start: number, end: number): boolean {
  return ctx.parsed.comments.some((c) => c.start >= start && c.start < end);
}

/**
 * When every node stands on its own line(s), with at most a trailing line
 * comment, and the lines follow one another, returns each node's full lines
 * (without the final line break), the span they cover and the line break
 * between them (\n, \r\n or \r, as the file has it). Reordering these lines
 * moves each node with its comment.
 */
function ownLines(ctx: RuleContext, nodes: ASTNode[], withSemicolon: boolean): { lines: string[]; start: number; end: number; eol: string } | undefined {
  const src = ctx.source;
  const li = ctx.parsed.lines;
  const out: string[] = [];
  let spanStart = -1;
  let spanEnd = -1;
  let prevLine = -1;
  let eol: string | undefined;
  for (const n of nodes) {
    const [s, e0] = ctx.offsets(n);
    let e = e0;
    if (withSemicolon) {
      while (e < src.length && (src[e] === ' ' || src[e] === '\t')) e++;
      if (src[e] !== ';') return undefined;
      e++;
    }
    const first = li.positionAt(s).line;
    const ls = li.lineStart(first);
    if (src.slice(ls, s).trim() !== '') return undefined;
    const last = li.positionAt(e).line;
    const le = li.lineEnd(last);
    const rest = src.slice(e, le).trim();
    if (rest !== '' && !rest.startsWith('//')) return undefined;
    // The lines must follow one another directly.
    if (prevLine >= 0 && first !== prevLine + 1) return undefined;
    if (prevLine >= 0) eol ??= src.slice(li.lineEnd(prevLine), ls);
    if (spanStart < 0) spanStart = ls;
    out.push(src.slice(ls, le));
    prevLine = last;
    spanEnd = le;
  }
  return { lines: out, start: spanStart, end: spanEnd, eol: eol ?? '\n' };
}

/**
 * The edit that puts consecutive declarations (state variables, or struct
 * fields when `withSemicolon`, whose range leaves out the `;`) in `order`:
 * whole lines move with their trailing comments when each stands on its own
 * lines, else the texts are rejoined one per line. Undefined when a comment in
 * between would be lost.
 */
export function reorderEdit(ctx: RuleContext, nodes: ASTNode[], order: number[], withSemicolon: boolean): TextEdit | undefined {
  const lines = ownLines(ctx, nodes, withSemicolon);
  if (lines) return ctx.edit.replaceOffsets(lines.start, lines.end, order.map((i) => lines.lines[i]).join(lines.eol));
  const start = ctx.offsets(nodes[0])[0];
  const end = ctx.offsets(nodes[nodes.length - 1])[1];
  if (hasCommentIn(ctx, start, end)) return undefined;
  const indent = indentAt(ctx.source, start);
  return ctx.edit.replaceOffsets(start, end, order.map((i) => ctx.text(nodes[i])).join(`${withSemicolon ? ';' : ''}\n${indent}`));
}
