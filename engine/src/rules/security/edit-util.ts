/** Helpers security rules share to build their fixes. */
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';

/** A local name not already taken in the function. */
export function freshName(locals: Map<string, ASTNode>, params: Map<string, ASTNode>, base: string): string {
  let name = base;
  for (let i = 2; locals.has(name) || params.has(name); i++) name = `${base}${i}`;
  return name;
}
