/**
 * Memory parameters that could be `calldata`: those the function body only
 * reads, and the edit that changes their data location.
 */
import type { ASTNode, FunctionDefinition, VariableDeclaration } from '@solidity-parser/parser/dist/src/ast-types';
import type { RuleContext } from '../rules/framework';
import type { TextEdit } from '../types';
import { baseIdentifier, usedInAssembly, writesIn } from './ast-util';
import { subtree } from './ast-index';
import { programFact } from './program';

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
    if (aliased(ctx, fn, p.name)) continue;
    out.push(p);
  }
  return out;
}

/**
 * True when the parameter is copied by reference into another memory
 * variable, or returned: with `calldata` the alias would become a copy, and a
 * write through it would no longer be seen through the parameter.
 */
function aliased(ctx: RuleContext, fn: FunctionDefinition, name: string): boolean {
  const isParam = (e: ASTNode | null | undefined): boolean => {
    if (!e) return false;
    if (e.type === 'TupleExpression') return e.components.some((c) => isParam(c as ASTNode));
    if (e.type === 'Conditional') return isParam(e.trueExpression) || isParam(e.falseExpression);
    return baseIdentifier(e)?.name === name;
  };
  const program = ctx.fact(programFact);
  // `functionOf` analyses the body, which fills in its internal calls.
  const info = program.functionOf(fn);
  for (const n of subtree(fn.body)) {
    if (n.type === 'VariableDeclarationStatement' && isParam(n.initialValue)) return true;
    if (n.type === 'BinaryOperation' && n.operator === '=' && isParam(n.right)) return true;
    if (n.type === 'ReturnStatement' && isParam(n.expression)) return true;
    // Passing it to an internal function whose parameter is memory hands over a reference that the callee may write.
    if (n.type === 'FunctionCall' && n.expression.type === 'Identifier' && n.arguments.some((a) => a.type === 'Identifier' && a.name === name)) {
      // The functions the call may run (every override, in whichever file), as the program model resolves it.
      const targets = info ? program.targetsIn(info, n) : [];
      if (targets.length === 0 || targets.some((t) => t.node.type !== 'FunctionDefinition' || ['internal', 'private', 'default'].includes(t.node.visibility))) return true;
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
