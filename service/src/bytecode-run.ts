/**
 * Bytecode analyses in the service: deployed (runtime) or creation code given as
 * hex, or read from a chain through a configured JSON-RPC endpoint. The engine's
 * `analyzeBytecode` runs in the same analysis thread as source analyses; its
 * result is stored in the same shape (findings with fingerprints, a summary) with
 * the bytecode analysis itself beside it, from which SARIF and Markdown are
 * rendered by engine/src/bytecode/render.ts.
 */
import crypto from 'node:crypto';
import { analyzeBytecode, DETECTORS, renderBytecodeMarkdown, renderBytecodeSarif, type BytecodeAnalysis, type BytecodeFinding, type BytecodeSubject } from '../../engine/src/bytecode';
import { keccak256 } from '../../engine/src/bytecode/standards';
import { FINGERPRINT_VERSION, SEVERITIES, TOOL_VERSION, type Report } from '../../engine/src';
import { engineVersion, type AnalysisOutput, type StoredFinding } from './engine-run';

/** Larger code is refused by the route's schema: twice EIP-3860's limit on init code. */
export const MAX_BYTECODE_BYTES = 2 * 49152;
/** The `file` of every bytecode finding: the code has no files. */
export const BYTECODE_FILE = 'bytecode';
const DOCS = 'https://github.com/synor-dev/synor/blob/main/docs/bytecode.md';

/** The code as bytes from `0x…` hex (already checked by the route's schema). */
export function codeBytes(hex: string): Buffer {
  return Buffer.from(hex.replace(/^0x/i, ''), 'hex');
}

/** Keccak-256 of the code, as 0x-hex: what EXTCODEHASH gives for runtime code on chain. */
export function bytecodeHash(hex: string): string {
  return '0x' + Buffer.from(keccak256(codeBytes(hex))).toString('hex');
}

/**
 * Fingerprints of bytecode findings. A pc moves with any change of the code (a
 * new compiler, another optimiser setting, one added function), so it is left
 * out: a finding is known by its detector and the sorted selectors whose entries
 * reach it ('' is the fallback), plus its rank among findings with the same
 * detector and selectors (in pc order) so that two of them stay apart.
 * `bytecode:` + the first 32 hex digits of sha256(`synor/bytecode/v1|rule|selectors|rank`).
 */
export function bytecodeFingerprints(findings: readonly BytecodeFinding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const key = `${f.id}|${[...f.selectors].sort().join(',')}`;
    const rank = seen.get(key) ?? 0;
    seen.set(key, rank + 1);
    return 'bytecode:' + crypto.createHash('sha256').update(`synor/bytecode/v1|${key}|${rank}`).digest('hex').slice(0, 32);
  });
}

let digest: string | undefined;
/** A digest of every bytecode detector's id, severity and confidence: part of a bytecode analysis's reuse key. */
export function detectorsDigest(): string {
  return (digest ??= crypto.createHash('sha256').update(JSON.stringify(DETECTORS.map((d) => [d.id, d.severity, d.confidence]))).digest('hex').slice(0, 12));
}

export interface BytecodeResult {
  codeHash: string;
  analysis: BytecodeAnalysis;
}

export async function runBytecodeAnalysis(hex: string): Promise<AnalysisOutput> {
  const started = performance.now();
  const analysis = await analyzeBytecode(hex);
  const fps = bytecodeFingerprints(analysis.findings);
  const findings: StoredFinding[] = analysis.findings.map((f, i) => ({
    fingerprint: fps[i],
    ruleId: f.id,
    messageId: f.id,
    title: f.title,
    category: 'security',
    severity: f.severity,
    confidence: f.confidence,
    ...(f.swc ? { swc: f.swc } : {}),
    file: BYTECODE_FILE,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    message: f.message,
    docs: `${DOCS}#${f.id}`,
    pc: f.pc,
    selectors: f.selectors,
    ...(f.confirmed !== undefined ? { confirmed: f.confirmed } : {}),
  }));
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Report['summary']['bySeverity'];
  for (const f of findings) bySeverity[f.severity as keyof typeof bySeverity]++;
  return {
    kind: 'bytecode',
    engineVersion: engineVersion(),
    fingerprints: FINGERPRINT_VERSION,
    files: [],
    summary: { findings: findings.length, bySeverity, byCategory: { security: findings.length, gas: 0, quality: 0 }, lines: 0 },
    risk: [],
    findings,
    errors: analysis.error ? [{ file: BYTECODE_FILE, message: analysis.error }] : [],
    cutShort: analysis.cfgStats.truncated,
    bytecode: { codeHash: bytecodeHash(hex), analysis },
    durationMs: Math.round(performance.now() - started),
  };
}

export class RpcError extends Error {}

/** The deployed code at an address through JSON-RPC `eth_getCode` (latest block); `0x` when there is none. */
export async function fetchCode(url: string, address: string, timeoutMs = 10_000): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_getCode', params: [address, 'latest'] }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new RpcError(`the chain's RPC endpoint did not answer: ${(err as Error).message}`);
  }
  if (!res.ok) throw new RpcError(`the chain's RPC endpoint answered HTTP ${res.status}`);
  let body: { result?: unknown; error?: { message?: string } };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new RpcError("the chain's RPC endpoint did not answer JSON");
  }
  if (body.error) throw new RpcError(`eth_getCode failed: ${body.error.message ?? JSON.stringify(body.error)}`);
  if (typeof body.result !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(body.result)) throw new RpcError('eth_getCode answered something other than hex code');
  return body.result;
}

/** What the reports name: the address (and chain) when the analysis was given one, else `bytecode`. */
function subjectOf(a: { chain_id: string | null; address: string | null }): BytecodeSubject {
  return a.address ? { source: a.chain_id ? `chain ${a.chain_id} ${a.address}` : a.address, address: a.address } : { source: BYTECODE_FILE };
}

/** SARIF 2.1.0 of a stored bytecode result (render.ts), each result with the finding's fingerprint as `partialFingerprints`. */
export function bytecodeSarif(out: AnalysisOutput, a: { chain_id: string | null; address: string | null }): string {
  const b = out.bytecode!;
  const log = JSON.parse(renderBytecodeSarif(b.analysis, subjectOf(a), TOOL_VERSION)) as { runs: Array<{ results: Array<Record<string, unknown>>; properties?: Record<string, unknown> }> };
  const fps = bytecodeFingerprints(b.analysis.findings);
  log.runs[0].results.forEach((r, i) => (r.partialFingerprints = { 'synor/bytecode/v1': fps[i] }));
  log.runs[0].properties = { ...log.runs[0].properties, codeHash: b.codeHash, ...(a.chain_id ? { chainId: Number(a.chain_id) } : {}) };
  return JSON.stringify(log, null, 2) + '\n';
}

/** Markdown of a stored bytecode result (render.ts). */
export function bytecodeMarkdown(out: AnalysisOutput, a: { chain_id: string | null; address: string | null }): string {
  const b = out.bytecode!;
  return renderBytecodeMarkdown(b.analysis, subjectOf(a)).replace(/\n/, `\n\nkeccak-256 of the code: \`${b.codeHash}\`\n`);
}
