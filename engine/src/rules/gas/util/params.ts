import type { ASTNode, FunctionDefinition, VariableDeclaration } from '@solidity-parser/parser/dist/src/ast-types';
import type { RuleContext } from '../../framework';
import type { TextEdit } from '../../../types';
import { subtree, usedInAssembly, writesIn } from './ast';

/**
 * Memory parameters of `fn` that the body only reads, so that they could be
 * `calldata`. A parameter is left out when it is written (directly or through
 * an alias), aliased by a memory variable, returned or used in assembly.
 */
export function readOnlyMemoryParams(ctx: RuleContext, fn: FunctionDefinition): VariableDeclaration[] {
  if (!fn.body) return [];
  const written = new Set(writesIn(fn.body).map((w) => w.name).filter(Boolean));
  const out: VariableDeclaration[] = [];
  for (const p of fn.parameters) {
    if (p.storageLocation !== 'memory' || !p.name) continue;
    if (written.has(p.name)) continue;
    if (usedInAssembly(ctx, fn.body, p.name)) continue;
    if (aliased(ctx, fn.body, p.name)) continue;
    out.push(p);
  }
  return out;
}

/**
 * True when the parameter is copied by reference into another memory
 * variable, or returned: with `calldata` the alias would become a copy, and a
 * write through it would no longer be seen through the parameter.
 */
function aliased(ctx: RuleContext, body: ASTNode, name: string): boolean {
  const isParam = (e: ASTNode | null | undefined): boolean => {
    if (!e) return false;
    if (e.type === 'Identifier') return e.name === name;
    if (e.type === 'IndexAccess' || e.type === 'MemberAccess') return isParam(e.type === 'IndexAccess' ? e.base : e.expression);
    if (e.type === 'TupleExpression') return e.components.some((c) => isParam(c as ASTNode));
    if (e.type === 'Conditional') return isParam(e.trueExpression) || isParam(e.falseExpression);
    return false;
  };
  for (const n of subtree(body)) {
    if (n.type === 'VariableDeclarationStatement' && isParam(n.initialValue)) return true;
    if (n.type === 'BinaryOperation' && n.operator === '=' && isParam(n.right)) return true;
    if (n.type === 'ReturnStatement' && isParam(n.expression)) return true;
    // Passing it to an internal function whose parameter is memory hands over a reference that the callee may write.
    if (n.type === 'FunctionCall' && n.expression.type === 'Identifier' && n.arguments.some((a) => a.type === 'Identifier' && a.name === name)) {
      const callee = ctx.index.ofType('FunctionDefinition').find((f) => f.name === (n.expression as { name: string }).name);
      if (!callee || callee.visibility === 'internal' || callee.visibility === 'private' || callee.visibility === 'default') return true;
    }
  }
  return false;
}

/** The edit that turns the `memory` keyword of a parameter into `calldata`. */
export function memoryToCalldata(ctx: RuleContext, p: VariableDeclaration): TextEdit | undefined {
  const [start, end] = ctx.offsets(p);
  const text = ctx.source.slice(start, end);
  const m = /\bmemory\b/.exec(text);
  if (!m) return undefined;
  return ctx.edit.replaceOffsets(start + m.index, start + m.index + 'memory'.length, 'calldata');
}
