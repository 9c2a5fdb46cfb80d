import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { basesInFile, declarationOf, functionsOf, isNumberLiteral, typeOf, unwrap, type FunctionDef, visitOnce } from '../util/ast';

const ASSIGN = new Set(['=', '+=', '-=', '*=']);

export default defineRule({
  meta: {
    id: 'array-length-and-ref',
    title: 'Array length set by the caller, or storage array passed by value',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    description: 'Setting a storage array\'s length from input, or decrementing it on an empty array, lets a caller reach any storage slot (before 0.6); passing a storage array to a memory parameter silently drops the callee\'s writes.',
    fix: 'none',
    aliases: { slither: ['controlled-array-length', 'array-by-reference'], aderyn: ['dynamic-array-length-assignment', 'storage-array-memory-edit'] },
  },
  create(ctx) {
    // Functions of each contract (with its in-file bases) by name, built once:
    // looking them up per call by scanning would be quadratic on big files.
    const functionsByContract = new Map<ASTNode, Map<string, FunctionDef[]>>();
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
    /** `x.length` of a storage array, or undefined; a struct may have a field named `length`. */
    const arrayLength = (n: ASTNode): NodeOf<'MemberAccess'> | undefined => {
      const u = unwrap(n);
      if (u.type !== 'MemberAccess' || u.memberName !== 'length') return undefined;
      const t = typeOf(ctx, u.expression);
      return t && (t.type === 'ArrayTypeName' || (t.type === 'ElementaryTypeName' && t.name === 'bytes')) ? u : undefined;
    };
    /**
     * Whether the function checks that the array is not empty: `a.length > 0`,
     * `a.length != 0`, `i < a.length` and the like. `0 <= a.length` is always
     * true and does not count.
     */
    const guardsNonEmpty = (node: ASTNode, length: NodeOf<'MemberAccess'>): boolean => {
      const fn = ctx.index.enclosing(node, 'FunctionDefinition', 'ModifierDefinition');
      if (!fn?.body) return false;
      const text = ctx.text(length);
      const isZero = (n: ASTNode) => isNumberLiteral(n) && /^0+$/.test(ctx.text(unwrap(n)));
      return ctx.index.descendants(fn.body).some((d) => {
        if (d.type !== 'BinaryOperation') return false;
        const l = ctx.text(unwrap(d.left)) === text;
        const r = ctx.text(unwrap(d.right)) === text;
        if (!l && !r) return false;
        const other = l ? d.right : d.left;
        const op = l ? d.operator : ({ '<': '>', '>': '<', '<=': '>=', '>=': '<=' } as Record<string, string>)[d.operator] ?? d.operator;
        if (op === '>') return true;
        if (op === '!=') return isZero(other);
        if (op === '>=') return !isZero(other);
        return false;
      });
    };
    const isDecrement = (node: ASTNode, length: NodeOf<'MemberAccess'>): boolean => {
      if (node.type === 'UnaryOperation') return node.operator === '--';
      if (node.type !== 'BinaryOperation') return false;
      if (node.operator === '-=') return true;
      const r = unwrap(node.right);
      return node.operator === '=' && r.type === 'BinaryOperation' && r.operator === '-' && ctx.text(unwrap(r.left)) === ctx.text(length);
    };
    const checkDecrement = (node: ASTNode, target: ASTNode) => {
      const length = arrayLength(target);
      if (!length || !isDecrement(node, length) || guardsNonEmpty(node, length)) return;
      ctx.report({
        node,
        message: `${ctx.text(length)} is decremented without a check that the array is not empty: on an empty array it wraps to 2**256 - 1, and indexed writes then reach every storage slot.`,
      });
    };
    return visitOnce({
      UnaryOperation(node: NodeOf<'UnaryOperation'>) {
        checkDecrement(node, node.subExpression);
      },
      BinaryOperation(node: NodeOf<'BinaryOperation'>) {
        if (!ASSIGN.has(node.operator)) return;
        checkDecrement(node, node.left);
        if (node.operator === '-=') return;
        const left = arrayLength(node.left);
        if (!left) return;
        // Shrinking (`a.length = 0`, a guarded `a.length--`) is how old code
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
        let byName = functionsByContract.get(contract);
        if (!byName) {
          byName = new Map();
          for (const f of [contract, ...basesInFile(ctx, contract)].flatMap(functionsOf)) {
            const list = byName.get(f.name ?? '');
            if (list) list.push(f);
            else byName.set(f.name ?? '', [f]);
          }
          functionsByContract.set(contract, byName);
        }
        const targets = (byName.get(name) ?? []).filter((f) => f.parameters.length === call.arguments.length);
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
