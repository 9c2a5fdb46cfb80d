/** Helpers security rules share to build their fixes. */
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import type { RuleContext } from '../framework';

/** A local name not already taken in the function. */
export function freshName(locals: Map<string, ASTNode>, params: Map<string, ASTNode>, base: string): string {
  let name = base;
  for (let i = 2; locals.has(name) || params.has(name); i++) name = `${base}${i}`;
  return name;
}

/** The whitespace that starts the line a node starts on. */
export function indentOf(ctx: RuleContext, node: ASTNode): string {
  const [start] = ctx.offsets(node);
  const lineStart = ctx.source.lastIndexOf('\n', start - 1) + 1;
  return /^[ \t]*/.exec(ctx.source.slice(lineStart, start))![0];
}
