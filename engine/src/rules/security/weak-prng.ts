import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { forEachChild } from '../../facts/ast-index';
import { baseIdentifier, calleeOf, isAssignment, isBlockValue, isMember, unparen } from '../../facts/ast-util';
import { programFact, type FunctionInfo } from '../../facts/program';
import { valueFlows } from '../../facts/value-flow';

const HASH = new Set(['keccak256', 'sha3', 'sha256', 'ripemd160']);
const BITWISE = new Set(['&', '|', '^', '<<', '>>']);
/** The token standards' functions that move balances (ERC-20, ERC-721, ERC-1155). */
const TOKEN_MOVES = new Set(['transfer', 'transferFrom', 'safeTransfer', 'safeTransferFrom', 'safeBatchTransferFrom', 'mint', 'safeMint']);

// Sources that exist only to be unpredictable-looking: any arithmetic use of them is a PRNG.
function isPureEntropy(n: ASTNode): boolean {
  if (n.type === 'FunctionCall') return true; // blockhash(...)
  return isMember(n, 'block', 'difficulty') || isMember(n, 'block', 'prevrandao') || isMember(n, 'block', 'coinbase');
}

export default defineRule({
  meta: {
    id: 'weak-prng',
    title: 'Randomness from block values',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    swc: 'SWC-120',
    description: 'Block values (timestamp, number, blockhash, difficulty/prevrandao, coinbase) feed a random choice; validators and other contracts can predict or steer them.',
    messages: { 'block-value-randomness': 'A random-looking outcome derived from block values' },
    fix: 'none',
    aliases: { slither: ['weak-prng'], aderyn: ['weak-randomness'], solhint: ['not-rely-on-block-hash'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        // Block-value reads that reach each local (per function) and each state variable.
        const stateSrc = new Map<string, Set<ASTNode>>();
        const localSrc = new Map<FunctionInfo, Map<string, Set<ASTNode>>>();
        const add = (m: Map<string, Set<ASTNode>>, k: string, v: Set<ASTNode>) => {
          let s = m.get(k);
          if (!s) m.set(k, (s = new Set()));
          let changed = false;
          for (const x of v) if (!s.has(x)) (s.add(x), (changed = true));
          return changed;
        };
        const sourcesOf = (fn: FunctionInfo | undefined, e: ASTNode | null | undefined): Set<ASTNode> => {
          const out = new Set<ASTNode>();
          if (!e) return out;
          const visit = (n: ASTNode) => {
            if (isBlockValue(n)) {
              out.add(n);
              if (n.type === 'FunctionCall') n.arguments.forEach(visit);
              return;
            }
            if (n.type === 'Identifier') {
              const local = fn ? localSrc.get(fn)?.get(n.name) : undefined;
              if (local && fn && (fn.locals.has(n.name) || fn.params.has(n.name))) local.forEach((x) => out.add(x));
              else if (!fn || (!fn.locals.has(n.name) && !fn.params.has(n.name))) stateSrc.get(n.name)?.forEach((x) => out.add(x));
              return;
            }
            if (n.type === 'IndexAccess') {
              visit(n.base);
              if (n.index) visit(n.index);
              return;
            }
            forEachChild(n, visit);
          };
          visit(e);
          return out;
        };
        for (const c of program.contracts) for (const v of c.stateVars.values()) if (v.decl.initialValue) add(stateSrc, v.name, sourcesOf(undefined, v.decl.initialValue));
        for (let round = 0; round < 4; round++) {
          let changed = false;
          for (const fn of program.functions) {
            let m = localSrc.get(fn);
            if (!m) localSrc.set(fn, (m = new Map()));
            // Declarations and assignments in walk order; internal calls' arguments are taken below.
            for (const f of valueFlows(fn)) {
              if (f.kind === 'call') continue;
              const s = sourcesOf(fn, f.value);
              if (!s.size) continue;
              if (f.kind === 'declare') {
                for (const name of f.names) changed = add(m, name, s) || changed;
                continue;
              }
              const b = baseIdentifier(f.target);
              if (!b) continue;
              if (fn.locals.has(b.name) || fn.params.has(b.name)) changed = add(m, b.name, s) || changed;
              else if (fn.contract.stateVars.has(b.name) && unparen(f.target).type === 'Identifier') changed = add(stateSrc, b.name, s) || changed;
            }
            // Arguments flow into internal callees' parameters.
            for (const ic of fn.internalCalls) {
              let cm = localSrc.get(ic.target);
              if (!cm) localSrc.set(ic.target, (cm = new Map()));
              const params = ic.target.node.parameters ?? [];
              ic.node.arguments.forEach((a, i) => {
                const p = (params[i] as { name?: string | null } | undefined)?.name;
                const s = sourcesOf(fn, a);
                if (p && s.size) changed = add(cm!, p, s) || changed;
              });
            }
          }
          if (!changed) break;
        }

        const reported = new Set<ASTNode>();
        const flag = (src: Set<ASTNode>, why: string) => {
          for (const s of src) {
            if (reported.has(s)) continue;
            reported.add(s);
            // One finding per expression: what picks the block is part of the same finding.
            if (s.type === 'FunctionCall')
              forEachChild(s, function mark(x: ASTNode) {
                reported.add(x);
                forEachChild(x, mark);
              });
            ctx.report({ node: s, message: `\`${ctx.text(s)}\` ${why}: block values are known to validators (who can also choose not to publish) and to any contract called in the same block, so this “random” outcome can be predicted or steered. Use a commit-reveal scheme or a VRF.` });
          }
        };
        const sink = (fn: FunctionInfo | undefined, e: ASTNode | null | undefined, why: string) => flag(sourcesOf(fn, e), why);
        const walk = (fn: FunctionInfo | undefined, root: ASTNode) => {
          const visit = (n: ASTNode) => {
            if (n.type === 'BinaryOperation') {
              if (n.operator === '%' && !isPowerOfTwoWord(n.right)) sink(fn, n.left, 'feeds a modulo');
              if (n.operator === '%' || BITWISE.has(n.operator)) for (const s of sourcesOf(fn, n)) if (isPureEntropy(s)) flag(new Set([s]), 'is used as a source of entropy');
              if (n.operator === '==' && (sourcesOf(fn, n.left).size > 0) !== (sourcesOf(fn, n.right).size > 0)) {
                const side = sourcesOf(fn, n.left).size > 0 ? n.left : n.right;
                const srcs = sourcesOf(fn, side);
                // A block hash checked against a hash the caller supplies, in a function that pays
                // nothing out, verifies which block something refers to: it draws nothing.
                const verifies = [...srcs].every((s) => s.type === 'FunctionCall' && !castToNumber(s)) && !paysOut(fn);
                if (!verifies && ([...srcs].some((s) => !isTimestampOnly(s)) || [...srcs].some(isPureEntropy))) sink(fn, side, 'is compared with a guess');
              }
            }
            if (n.type === 'FunctionCall') {
              const { callee } = calleeOf(n);
              const name = callee.type === 'Identifier' ? callee.name : '';
              // A hash turned into a number is a draw; a hash kept as bytes32 is usually an id.
              if (HASH.has(name) && castToNumber(n)) sink(fn, n, 'is hashed into a random value');
              if (isBlockValue(n) && n.arguments.length === 1) {
                // Libraries and getters that hand a block hash back are not drawing from it.
                const p = ctx.parent(n);
                const handedBack = !!p && (p.type === 'ReturnStatement' || (p.type === 'Conditional' && ctx.parent(p)?.type === 'ReturnStatement') || assignsNamedReturn(fn, p, n));
                // Turned into a number, a block hash is a draw. Kept as a hash (stored, passed on,
                // compared), it is data: the modulo, bit, hashing and comparison sinks judge its uses.
                if (!onlyZeroCheck(n) && !handedBack && fn?.contract.kind !== 'library' && castToNumber(n)) {
                  flag(new Set([n]), 'is used as a source of entropy');
                  sink(fn, n.arguments[0], 'selects the block hash used as randomness');
                }
              }
            }
            forEachChild(n, visit);
          };
          visit(root);
        };
        for (const fn of program.functions) if (fn.node.body) walk(fn, fn.node.body);
        for (const c of program.contracts) for (const v of c.stateVars.values()) if (v.decl.initialValue) walk(undefined, v.decl.initialValue);

        /** `blockHash = blockhash(n)` where `blockHash` is the function's named return: handed back as it is. */
        function assignsNamedReturn(fn: FunctionInfo | undefined, p: ASTNode, n: ASTNode): boolean {
          if (!fn || fn.node.type !== 'FunctionDefinition' || !isAssignment(p) || (p as NodeOf<'BinaryOperation'>).operator !== '=' || (p as NodeOf<'BinaryOperation'>).right !== n) return false;
          const l = unparen((p as NodeOf<'BinaryOperation'>).left);
          return l.type === 'Identifier' && (fn.node.returnParameters ?? []).some((r) => r.name === l.name);
        }

        /** `fn`, or what it runs, sends ETH or moves tokens: a comparison in it may decide a payout. */
        function paysOut(fn: FunctionInfo | undefined): boolean {
          if (!fn) return false;
          for (const g of program.reachable(fn)) {
            for (const c of g.externalCalls) {
              if (c.value || c.kind === 'send' || c.kind === 'transfer') return true;
              if (c.kind === 'high-level' && TOKEN_MOVES.has(c.member)) return true;
            }
          }
          return false;
        }

        function castToNumber(n: ASTNode): boolean {
          let p = ctx.parent(n);
          while (p && p.type === 'TupleExpression') p = ctx.parent(p);
          if (!p) return false;
          if (p.type === 'FunctionCall' && p.expression.type === 'ElementaryTypeName' && /^u?int/.test(p.expression.name)) return true;
          if (p.type === 'FunctionCall' && p.expression.type === 'ElementaryTypeName' && p.expression.name === 'bytes32') return castToNumber(p);
          return p.type === 'BinaryOperation' && (p.operator === '%' || BITWISE.has(p.operator));
        }

        function onlyZeroCheck(n: ASTNode): boolean {
          const p = ctx.parent(n);
          return !!p && p.type === 'BinaryOperation' && (p.operator === '==' || p.operator === '!=') && /^(0|bytes32\(0\)|0x0+)$/.test(ctx.text(p.left === n ? p.right : p.left).replace(/\s/g, ''));
        }
      },
    };
  },
});

function isTimestampOnly(n: ASTNode): boolean {
  return isMember(n, 'block', 'timestamp') || (n.type === 'Identifier' && n.name === 'now') || isMember(n, 'block', 'number');
}

// `x % 2**32` truncates a value to a word size (Uniswap's oracle timestamps), it draws nothing.
function isPowerOfTwoWord(n: ASTNode): boolean {
  const e = unparen(n);
  return e.type === 'BinaryOperation' && e.operator === '**' && e.left.type === 'NumberLiteral' && e.left.number === '2' && e.right.type === 'NumberLiteral' && Number(e.right.number) >= 8;
}
