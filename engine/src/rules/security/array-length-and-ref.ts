import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { basesInFile, declarationOf, functionsOf, typeOf, unwrap, type FunctionDef, visitOnce } from '../util/ast';

const ASSIGN = new Set(['=', '+=', '-=', '*=']);

export default defineRule({
  meta: {
    id: 'array-length-and-ref',
    title: 'Array length set by the caller, or storage array passed by value',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    description: 'Setting a storage array\'s length from input lets a caller reach any storage slot (before 0.6); passing a storage array to a memory parameter silently drops the callee\'s writes.',
    fix: 'none',
    aliases: { slither: ['controlled-array-length', 'array-by-reference'], aderyn: ['dynamic-array-length-assignment', 'storage-array-memory-edit'] },
  },
  create(ctx) {
    const functionsByContract = new Map<ASTNode, FunctionDef[]>();
    const paramsOf = (node: ASTNode): Set<string> => {
      const fn = ctx.index.enclosing(node, 'FunctionDefinition');
      return new Set((fn?.parameters ?? []).map((p) => p.name ?? ''));
    };
    /** Whether a function writes into elements of its parameter `name`. */
    const writesInto = (fn: FunctionDef, name: string): boolean =>
      !!fn.body &&
      ctx.index.descendants(fn.body).some((d) => {
        if (d.type !== 'BinaryOperation' || !ASSIGN.has(d.operator)) return false;
        let l = unwrap(d.left);
        while (l.type === 'IndexAccess' || l.type === 'MemberAccess') {
          const inner = unwrap(l.type === 'IndexAccess' ? l.base : l.expression);
          if (inner.type === 'Identifier') return inner.name === name && l.type === 'IndexAccess';
          l = inner;
        }
        return false;
      });
    return visitOnce({
      BinaryOperation(node: NodeOf<'BinaryOperation'>) {
        if (!ASSIGN.has(node.operator) || node.operator === '-=') return;
        const left = unwrap(node.left);
        if (left.type !== 'MemberAccess' || left.memberName !== 'length') return;
        // A struct may have a field named `length`; only arrays have the builtin.
        const arrayType = typeOf(ctx, left.expression);
        if (!arrayType || !(arrayType.type === 'ArrayTypeName' || (arrayType.type === 'ElementaryTypeName' && arrayType.name === 'bytes'))) return;
        // Shrinking (`a.length = 0`, `a.length = a.length - 1`) is how old code
        // popped; only a length that comes from the caller can reach arbitrary slots.
        const params = paramsOf(node);
        const fromInput = [node.right, ...ctx.index.descendants(node.right)].some((d) => d.type === 'Identifier' && params.has(d.name));
        if (!fromInput) return;
        ctx.report({
          node,
          message: `${ctx.text(left)} is set from a parameter: a huge length makes the array overlap every storage slot, so a later indexed write can overwrite any variable.`,
        });
      },
      FunctionCall(call: NodeOf<'FunctionCall'>) {
        if (call.expression.type !== 'Identifier') return;
        const contract = ctx.index.enclosing(call, 'ContractDefinition');
        if (!contract) return;
        const name = call.expression.name;
        let fns = functionsByContract.get(contract);
        if (!fns) functionsByContract.set(contract, (fns = [contract, ...basesInFile(ctx, contract)].flatMap(functionsOf)));
        const targets = fns.filter((f) => f.name === name && f.parameters.length === call.arguments.length);
        if (targets.length !== 1) return;
        const target = targets[0];
        call.arguments.forEach((arg, i) => {
          const a = unwrap(arg);
          if (a.type !== 'Identifier') return;
          const decl = declarationOf(ctx, a, a.name);
          const isStorageArray = !!decl && decl.typeName?.type === 'ArrayTypeName' && (decl.isStateVar || decl.storageLocation === 'storage');
          if (!isStorageArray) return;
          const p = target.parameters[i];
          if (p.typeName?.type !== 'ArrayTypeName' || p.storageLocation === 'storage' || !p.name) return;
          if (!writesInto(target, p.name)) return;
          ctx.report({
            node: arg,
            message: `${a.name} is a storage array but ${target.name}() takes a copy in memory: its writes to ${p.name} are lost. Declare the parameter storage, or write the result back.`,
          });
        });
      },
    });
  },
});
