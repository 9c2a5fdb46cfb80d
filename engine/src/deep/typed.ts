/**
 * Rules sharpened by solc's typed AST. When a file compiles, the compiler
 * knows what the fast tier can only guess from names: whether `x.transfer(a, b)`
 * is a call on a contract whose `transfer` returns a bool (an ERC20) or an
 * ETH transfer, a library call, or a token interface that returns nothing.
 * For the rules listed here the typed result replaces the fast tier's; when
 * compilation fails, the fast tier's result stands.
 */
import { byteOffsetMapper } from '../compile/compile';
import { LineIndex } from '../parse/positions';
import { findingOf } from '../rules/framework';
import uncheckedErc20Transfer from '../rules/security/unchecked-erc20-transfer';
import type { Finding } from '../types';

/** Rule ids whose fast-tier findings a typed result replaces. */
export const TYPED_RULES: readonly string[] = [uncheckedErc20Transfer.meta.id];

interface SolcNode {
  nodeType?: string;
  src?: string;
  [key: string]: unknown;
}

function isNode(v: unknown): v is SolcNode {
  return typeof v === 'object' && v !== null && typeof (v as SolcNode).nodeType === 'string';
}

function children(n: SolcNode): SolcNode[] {
  const out: SolcNode[] = [];
  for (const v of Object.values(n)) {
    if (Array.isArray(v)) for (const x of v) if (isNode(x)) out.push(x);
    if (isNode(v)) out.push(v);
  }
  return out;
}

function typeString(n: unknown): string | undefined {
  return (n as { typeDescriptions?: { typeString?: string } } | undefined)?.typeDescriptions?.typeString ?? undefined;
}

/**
 * Findings of the typed rules for the analysed file, from its solc AST
 * (compact JSON). `text` is the file's text, to turn byte offsets into ranges.
 */
export function typedFindings(ast: unknown, text: string, file: string): Finding[] {
  if (!isNode(ast)) return [];
  const toUtf16 = byteOffsetMapper(text);
  const lines = new LineIndex(text);
  const out: Finding[] = [];
  const stack: Array<{ n: SolcNode; contract?: string; fn?: string }> = [{ n: ast }];
  while (stack.length > 0) {
    const { n, contract, fn } = stack.pop()!;
    const inContract = n.nodeType === 'ContractDefinition' ? (n.name as string) : contract;
    const inFn = n.nodeType === 'FunctionDefinition' || n.nodeType === 'ModifierDefinition' ? ((n.name as string) || (n.kind as string)) : fn;
    for (const c of children(n)) stack.push({ n: c, contract: inContract, fn: inFn });
    if (n.nodeType !== 'ExpressionStatement') continue;
    // Only a call whose value is dropped: the statement is the call itself.
    const call = n.expression as SolcNode | undefined;
    if (!call || call.nodeType !== 'FunctionCall') continue;
    const callee = call.expression as SolcNode | undefined;
    if (!callee || callee.nodeType !== 'MemberAccess') continue;
    const member = callee.memberName as string;
    const argc = (call.arguments as unknown[] | undefined)?.length ?? 0;
    if (!((member === 'transfer' && argc === 2) || (member === 'transferFrom' && argc === 3))) continue;
    // The base must be a contract or interface value, and the call must return a bool:
    // that rules out ETH transfers (address payable), library functions attached
    // with `using for`, and token interfaces that return nothing.
    const base = typeString(callee.expression);
    if (!base || !/^contract /.test(base)) continue;
    if (typeString(call) !== 'bool') continue;
    const [start, length] = (call.src ?? '').split(':').map(Number);
    if (!Number.isFinite(start) || !Number.isFinite(length)) continue;
    const range = lines.range(toUtf16(start), toUtf16(start + length));
    const name = base.slice('contract '.length);
    const f = findingOf(
      uncheckedErc20Transfer.meta,
      file,
      range,
      `The bool returned by ${name}.${member}() is ignored: tokens that signal failure by returning false (not reverting) fail silently here. Use SafeERC20's safe${member[0].toUpperCase()}${member.slice(1)} or check the result.`,
      [],
      'ignored-result',
    );
    // The compiler's types make this certain, not a guess from names.
    f.confidence = 'high';
    if (contract) f.contract = contract;
    if (fn) f.function = fn;
    out.push(f);
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function key(f: Finding): string {
  return `${f.ruleId}|${f.range.start.line}:${f.range.start.character}|${f.range.end.line}:${f.range.end.character}`;
}

/**
 * The findings to show for a text that both tiers analysed: the fast tier's,
 * less those of rules the deep tier re-decided with types, plus the deep
 * tier's (compiler findings and typed findings), without duplicates.
 */
export function mergeFindings(fast: readonly Finding[], deep: { findings: readonly Finding[]; typedRules?: readonly string[] }): Finding[] {
  const replaced = new Set(deep.typedRules ?? []);
  const merged = fast.filter((f) => !replaced.has(f.ruleId));
  const seen = new Set(merged.map(key));
  for (const f of deep.findings) if (!seen.has(key(f))) (seen.add(key(f)), merged.push(f));
  return merged.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
}
