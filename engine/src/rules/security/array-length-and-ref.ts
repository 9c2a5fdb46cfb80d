import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { isNumberLiteral, unparen } from '../../facts/ast-util';
import { declarationOf, typeOf } from '../../facts/declarations';
import { programFact } from '../../facts/program';

const ASSIGN = new Set(['=', '+=', '-=', '*=']);

export default defineRule({
  meta: {
    id: 'array-length-and-ref',
    title: 'Array length set by the caller, or storage array passed by value',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    description: 'Setting a storage array\'s length from input, or decrementing it on an empty array, lets a caller reach any storage slot (before 0.6); passing a storage array to a memory parameter silently drops the callee\'s writes.',
    messages: {
      'length-underflow': 'An array length decremented without checking that the array is not empty',
      'length-from-parameter': 'An array length set from a parameter',
      'storage-array-copied': 'A storage array passed to a function that takes a memory copy, so its writes are lost',
    },
    fix: 'none',
    aliases: { slither: ['controlled-array-length', 'array-by-reference'], aderyn: ['dynamic-array-length-assignment', 'storage-array-memory-edit'] },
  },
  create(ctx) {
    const paramsOf = (node: ASTNode): Set<string> => {
      const fn = ctx.index.enclosing(node, 'FunctionDefinition');
      return new Set((fn?.parameters ?? []).map((p) => p.name ?? ''));
    };
    /** Whether a function writes into elements of its parameter `name`. */
    const writesInto = (fn: NodeOf<'FunctionDefinition'>, name: string): boolean =>
      !!fn.body &&
      ctx.index.descendants(fn.body).some((d) => {
        if (d.type !== 'BinaryOperation' || !ASSIGN.has(d.operator)) return false;
        let l = unparen(d.left);
        while (l.type === 'IndexAccess' || l.type === 'MemberAccess') {
          const inner = unparen(l.type === 'IndexAccess' ? l.base : l.expression);
          if (inner.type === 'Identifier') return inner.name === name && l.type === 'IndexAccess';
          l = inner;
        }
        return false;
      });
    /** `x.length` of a storage array, or undefined; a struct may have a field named `length`. */
    const arrayLength = (n: ASTNode): NodeOf<'MemberAccess'> | undefined => {
      const u = unparen(n);
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
      const isZero = (n: ASTNode) => isNumberLiteral(n) && /^0+$/.test(ctx.text(unparen(n)));
      return ctx.index.descendants(fn.body).some((d) => {
        if (d.type !== 'BinaryOperation') return false;
        const l = ctx.text(unparen(d.left)) === text;
        const r = ctx.text(unparen(d.right)) === text;
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
      const r = unparen(node.right);
      return node.operator === '=' && r.type === 'BinaryOperation' && r.operator === '-' && ctx.text(unparen(r.left)) === ctx.text(length);
    };
    const checkDecrement = (node: ASTNode, target: ASTNode) => {
      const length = arrayLength(target);
      if (!length || !isDecrement(node, length) || guardsNonEmpty(node, length)) return;
      ctx.report({
        node,
        messageId: 'length-underflow',
        message: `${ctx.text(length)} is decremented without a check that the array is not empty: on an empty array it wraps to 2**256 - 1, and indexed writes then reach every storage slot.`,
      });
    };
    return {
      UnaryOperation(node: NodeOf<'UnaryOperation'>) {
        // A partial tree may hold a half-built operation: there is nothing to judge.
        if (!node.subExpression) return;
        checkDecrement(node, node.subExpression);
      },
      BinaryOperation(node: NodeOf<'BinaryOperation'>) {
        // A partial tree may hold a half-built operation: there is nothing to judge.
        if (!node.left || !node.right) return;
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
          messageId: 'length-from-parameter',
          message: `${ctx.text(left)} is set from a parameter: a huge length makes the array overlap every storage slot, so a later indexed write can overwrite any variable.`,
        });
      },
      FunctionCall(call: NodeOf<'FunctionCall'>) {
        if (call.expression.type !== 'Identifier') return;
        // The function the call runs, as the program model resolves it (bases in other files
        // included); a virtual call that overrides may redirect is left alone.
        const program = ctx.fact(programFact);
        const holder = ctx.index.enclosing(call, 'FunctionDefinition', 'ModifierDefinition');
        const caller = holder && program.byNode.get(holder);
        const targets = caller ? program.targetsIn(caller, call) : [];
        if (targets.length !== 1 || targets[0].node.type !== 'FunctionDefinition') return;
        const target = targets[0].node;
        call.arguments.forEach((arg, i) => {
          const a = unparen(arg);
          if (a.type !== 'Identifier') return;
          const decl = declarationOf(ctx, a, a.name);
          const isStorageArray = !!decl && decl.typeName?.type === 'ArrayTypeName' && (decl.isStateVar || decl.storageLocation === 'storage');
          if (!isStorageArray) return;
          const p = target.parameters[i];
          if (p.typeName?.type !== 'ArrayTypeName' || p.storageLocation === 'storage' || !p.name) return;
          if (!writesInto(target, p.name)) return;
          ctx.report({
            node: arg,
            messageId: 'storage-array-copied',
            message: `${a.name} is a storage array but ${target.name}() takes a copy in memory: its writes to ${p.name} are lost. Declare the parameter storage, or write the result back.`,
          });
        });
      },
    };
  },
});
