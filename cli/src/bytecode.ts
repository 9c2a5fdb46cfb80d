/**
 * `synor bytecode`: what deployed (or creation) code does, without its source.
 * The code comes from a hex argument, a file (hex text, or a JSON compiler
 * artifact), or an address read through a JSON-RPC endpoint (eth_getCode; a
 * proxy's implementation slot with eth_getStorageAt). Exit codes as synor's:
 * 0 nothing at or above --fail-on, 1 something is, 2 a usage error or an input
 * that is not bytecode.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError, failOnOf, splitFlag, valueAfter } from './args';
import {
  analyzeBytecode,
  crossCheck,
  findingsAtOrAbove,
  signatureTypes,
  renderBytecodeJson,
  renderBytecodeMarkdown,
  renderBytecodeSarif,
  renderBytecodeText,
  SLOTS,
  type BytecodeAnalysis,
  type BytecodeSubject,
  type CompiledForCrossCheck,
} from '../../engine/src/bytecode';
import { analyze, TOOL_VERSION, type Severity } from '../../engine/src';
import { prepareCompile, runCompile } from '../../engine/src/compile';

type Format = 'text' | 'json' | 'sarif' | 'markdown';
const FORMATS: Format[] = ['text', 'json', 'sarif', 'markdown'];

/** Larger inputs are refused before they are read: 1 MiB of code is forty times EIP-3860's limit on init code. */
export const MAX_CODE_BYTES = 1 << 20;

const HELP = `Usage: synor bytecode <hex | file> [options]
       synor bytecode --address <0x…> --rpc <url> [options]

Analyses EVM bytecode without its source: creation or runtime code, the solc
version and metadata hash, the size against EIP-170, the functions (selectors,
argument types, mutability), the storage layout, the proxy kind, the standards
it implements, and six detectors on its control-flow graph (each finding run in
a local EVM to confirm it where that is cheap).

Input:
  <hex>            the code as hex (with or without 0x)
  <file>           a file holding the hex, or a JSON artifact (solc's
                   evm.deployedBytecode.object, Foundry's deployedBytecode.object,
                   Hardhat's deployedBytecode)
  --address <0x…>  read the code at this address with eth_getCode (needs --rpc);
                   a proxy's implementation is read from its slot and analysed too
  --rpc <url>      a JSON-RPC endpoint (also from the SYNOR_RPC_URL environment variable)
  --block <tag>    the block to read at (default: latest)

Options:
  --format <f>     text (default), json, sarif or markdown
  --output <file>  write the report to a file instead of standard output
  --fail-on <s>    exit 1 when a finding is at or above: high (default), medium, low, info, none
  --source <file>  the contract's Solidity source: compile it (bundled compilers, as the
                   deep tier does), check the code's selectors against its ABI, and place
                   each bytecode finding in the source, merged with the source findings
                   of the same kind (--contract <name> picks the contract; default: the
                   one whose functions match the code's)
  --no-confirm     do not run findings in a local EVM
  --no-storage     do not recover the storage layout (the slowest part on large code)
  -h, --help       this help
`;

/** The input was read but is not code that can be analysed. */
class InputError extends Error {}

interface BytecodeOptions {
  input?: string;
  address?: string;
  rpc?: string;
  block: string;
  format: Format;
  output?: string;
  failOn: Severity | 'none';
  confirm: boolean;
  storage: boolean;
  source?: string;
  contract?: string;
  help: boolean;
}

function parseArgs(argv: string[]): BytecodeOptions {
  const o: BytecodeOptions = { block: 'latest', format: 'text', failOn: 'high', confirm: true, storage: true, help: false, rpc: process.env.SYNOR_RPC_URL || undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = splitFlag(a);
    const take = (): string => (inline !== undefined ? inline : valueAfter(argv, i++, flag));
    switch (flag) {
      case '--format': {
        const f = take();
        if (!FORMATS.includes(f as Format)) throw new UsageError(`unknown format "${f}" for synor bytecode (expected ${FORMATS.join(', ')})`);
        o.format = f as Format;
        break;
      }
      case '--output':
      case '-o':
        o.output = take();
        break;
      case '--fail-on': {
        o.failOn = failOnOf(take());
        break;
      }
      case '--address':
        o.address = take();
        if (!/^0x[0-9a-fA-F]{40}$/.test(o.address)) throw new UsageError(`--address needs a 20-byte hex address (0x and 40 hex digits), not "${o.address}"`);
        break;
      case '--rpc':
        o.rpc = take();
        break;
      case '--block':
        o.block = take();
        break;
      case '--source':
        o.source = take();
        break;
      case '--contract':
        o.contract = take();
        break;
      case '--no-confirm':
        o.confirm = false;
        break;
      case '--no-storage':
        o.storage = false;
        break;
      case '-h':
      case '--help':
        o.help = true;
        break;
      default:
        if (a.startsWith('-') && !/^0x/i.test(a)) throw new UsageError(`unknown option ${a}`);
        if (o.input !== undefined) throw new UsageError(`one input at a time (got "${o.input}" and "${a}")`);
        o.input = a;
    }
  }
  if (o.help) return o;
  if (o.address && o.input) throw new UsageError('give either code (hex or a file) or --address, not both');
  if (!o.address && o.input === undefined) throw new UsageError('no input: give the code as hex, a file, or --address with --rpc');
  if (o.address && !o.rpc) throw new UsageError('--address needs --rpc <url> (or SYNOR_RPC_URL)');
  return o;
}

const HEX = /^(0x)?[0-9a-fA-F]*$/;

/** The hex of a JSON compiler artifact: solc standard output of one contract, Foundry's or Hardhat's artifact. */
function hexFromArtifact(json: unknown): string | undefined {
  const pick = (v: unknown): string | undefined => (typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as { object?: unknown }).object === 'string' ? (v as { object: string }).object : undefined);
  const j = json as Record<string, unknown> | null;
  if (!j || typeof j !== 'object') return undefined;
  const evm = j.evm as Record<string, unknown> | undefined;
  return pick(j.deployedBytecode) ?? pick(evm?.deployedBytecode) ?? pick(j.bytecode) ?? pick(evm?.bytecode) ?? pick(j.runtimeBytecode);
}

/** Checks hex text and gives it without 0x; throws InputError with what is wrong. */
export function checkHex(text: string, what: string): string {
  const h = text.replace(/\s+/g, '');
  if (!HEX.test(h)) {
    const prefix = /^0x/i.test(h) ? 2 : 0;
    const at = h.slice(prefix).search(/[^0-9a-fA-F]/);
    throw new InputError(`${what} is not hexadecimal bytecode (character "${h[prefix + at]}" at position ${prefix + at})`);
  }
  const body = h.replace(/^0x/i, '');
  if (body.length === 0) throw new InputError(`${what} is empty: there is no code to analyse`);
  if (body.length % 2 !== 0) throw new InputError(`${what} has an odd number of hex digits (${body.length}): a byte is two digits`);
  // Unlinked libraries leave placeholders such as __$…$__ which the test above already rejects.
  if (body.length / 2 > MAX_CODE_BYTES) throw new InputError(`${what} is ${body.length / 2} bytes, over the ${MAX_CODE_BYTES}-byte limit of synor bytecode`);
  return body;
}

function readInput(input: string): { hex: string; source: string } {
  // A hex argument: anything that is all hex digits and not the name of an existing file.
  if (!fs.existsSync(input)) {
    if (HEX.test(input.replace(/\s+/g, '')) || /^0x/i.test(input)) return { hex: checkHex(input, 'the argument'), source: '<hex>' };
    throw new InputError(`${input}: no such file, and not hexadecimal bytecode`);
  }
  const stat = fs.statSync(input);
  if (stat.isDirectory()) throw new InputError(`${input} is a folder; synor bytecode reads one file`);
  if (stat.size > 2 * MAX_CODE_BYTES + 1024 * 1024) throw new InputError(`${input} is ${stat.size} bytes, too large for bytecode (the limit is ${MAX_CODE_BYTES} bytes of code)`);
  let text: string;
  try {
    text = fs.readFileSync(input, 'utf8');
  } catch (e) {
    throw new InputError(`${input}: ${(e as Error).message}`);
  }
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (e) {
      throw new InputError(`${input} looks like JSON but does not parse: ${(e as Error).message}`);
    }
    const hex = hexFromArtifact(json);
    if (hex === undefined) throw new InputError(`${input} is JSON without bytecode (expected deployedBytecode, bytecode or evm.deployedBytecode.object)`);
    return { hex: checkHex(hex, input), source: input };
  }
  return { hex: checkHex(trimmed, input), source: input };
}

/** One JSON-RPC call over fetch. */
async function rpc(url: string, method: string, params: unknown[]): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }), signal: AbortSignal.timeout(30_000) });
  } catch (e) {
    throw new InputError(`${method} at ${url} failed: ${(e as Error).message}`);
  }
  if (!res.ok) throw new InputError(`${method} at ${url} answered HTTP ${res.status}`);
  const body = (await res.json().catch(() => undefined)) as { result?: unknown; error?: { message?: string } } | undefined;
  if (!body) throw new InputError(`${method} at ${url} did not answer JSON`);
  if (body.error) throw new InputError(`${method} at ${url}: ${body.error.message ?? JSON.stringify(body.error)}`);
  if (typeof body.result !== 'string') throw new InputError(`${method} at ${url} gave no result`);
  return body.result;
}

const addressFromWord = (word: string) => `0x${word.replace(/^0x/i, '').padStart(64, '0').slice(24)}`;
const ZERO = `0x${'0'.repeat(40)}`;

/** A proxy's implementation: the slot the analysis names, or a beacon's `implementation()`. */
async function readImplementation(o: BytecodeOptions, a: BytecodeAnalysis): Promise<BytecodeSubject['implementation']> {
  if (!o.address || !o.rpc || !a.proxy.slot) return undefined;
  const word = await rpc(o.rpc, 'eth_getStorageAt', [o.address, a.proxy.slot, o.block]);
  let address = addressFromWord(word);
  let via: 'slot' | 'beacon' = 'slot';
  if (address !== ZERO && BigInt(a.proxy.slot) === SLOTS.beacon) {
    // implementation() of the beacon.
    address = addressFromWord(await rpc(o.rpc, 'eth_call', [{ to: address, data: '0x5c60da1b' }, o.block]));
    via = 'beacon';
  }
  if (address === ZERO) return { address, slot: a.proxy.slot, via };
  const code = (await rpc(o.rpc, 'eth_getCode', [address, o.block])).replace(/^0x/i, '');
  const analysis = code.length > 0 && code.length / 2 <= MAX_CODE_BYTES ? await analyzeBytecode(code, analysisOptions(o)) : undefined;
  return { address, slot: a.proxy.slot, via, ...(analysis ? { analysis } : {}) };
}

/**
 * What the output shows decides what is recovered: SARIF lists findings only, so
 * argument types, mutability and the storage layout (evmole, the costly part) are
 * not recovered for it.
 */
function analysisOptions(o: BytecodeOptions): { confirm: boolean; storage: boolean; types: boolean } {
  const findingsOnly = o.format === 'sarif';
  return { confirm: o.confirm, storage: o.storage && !findingsOnly, types: !findingsOnly };
}

/**
 * Compiles `--source` through the deep tier's compile (compiler choice, imports and
 * remappings as `synor --measure` does; bundled compilers only), which asks for the
 * deployed code's source map, and cross-checks the analysed code with the chosen
 * contract and the source rules' findings.
 */
function sourceCrossCheck(o: BytecodeOptions, analysis: BytecodeAnalysis, runtime: string): NonNullable<BytecodeSubject['crossCheck']> {
  const file = o.source!;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`--source ${file}: ${(e as Error).message}`);
  }
  // The deep tier's compile asks for the deployed code's source map too.
  const prepared = prepareCompile({ path: path.resolve(file), text });
  const outcome = runCompile(prepared);
  if (outcome.failed || !outcome.output) {
    const why = outcome.unavailable ?? outcome.findings.filter((f) => f.severity === 'high').map((f) => f.message).slice(0, 3).join('; ');
    throw new InputError(`--source ${file} did not compile${why ? `: ${why}` : ''}`);
  }
  type Out = { abi?: CompiledForCrossCheck['abi']; evm?: { deployedBytecode?: { object?: string; sourceMap?: string }; methodIdentifiers?: Record<string, string> } };
  const contracts = Object.entries((outcome.output.contracts?.[prepared.gathered.mainUnit] ?? {}) as Record<string, Out>).filter(([, c]) => c.evm?.deployedBytecode?.object);
  if (contracts.length === 0) throw new InputError(`--source ${file} has no contract with code`);
  let chosen: [string, Out] | undefined;
  if (o.contract) {
    chosen = contracts.find(([n]) => n === o.contract);
    if (!chosen) throw new InputError(`--contract ${o.contract} is not in ${file} (it has ${contracts.map(([n]) => n).join(', ')})`);
  } else {
    // The contract whose functions are most like the code's (Jaccard over selectors).
    const have = new Set(analysis.selectors.map((x) => x.selector));
    const score = (c: Out) => {
      const want = new Set(Object.values(c.evm?.methodIdentifiers ?? {}));
      const both = [...want].filter((x) => have.has(x)).length;
      return both / Math.max(1, new Set([...want, ...have]).size);
    };
    chosen = contracts.reduce((best, c) => (score(c[1]) > score(best[1]) ? c : best));
  }
  const [name, c] = chosen;
  // Findings and places name files as the user named the source; imported files relative to the working directory.
  const shown = (abs: string) => (abs === path.resolve(file) ? file : path.relative(process.cwd(), abs));
  const sources: CompiledForCrossCheck['sources'] = {};
  for (const [unit, src] of prepared.gathered.sources) {
    const id = outcome.output.sources?.[unit]?.id;
    if (id !== undefined) sources[id] = { path: shown(src.file), text: src.content };
  }
  const sourceFindings = analyze(text, { path: file }).findings;
  const result = crossCheck(
    analysis,
    { deployedBytecode: c.evm!.deployedBytecode!.object!, deployedSourceMap: c.evm!.deployedBytecode!.sourceMap, methodIdentifiers: c.evm?.methodIdentifiers ?? {}, abi: c.abi, sources },
    sourceFindings,
    { runtime },
  );
  // The source names the functions the fixed table does not: a selector is the hash of its signature, so a match names it.
  const bySelector = new Map(Object.entries(c.evm?.methodIdentifiers ?? {}).map(([sig, sel]) => [sel, sig]));
  for (const x of analysis.selectors) {
    const sig = bySelector.get(x.selector);
    if (sig && !x.signature) {
      x.signature = sig;
      x.inputs = signatureTypes(sig);
      x.inputsFrom = 'signature';
    }
  }
  return { file, contract: name, compiler: outcome.compiler?.version, ...result };
}

/** Runs `synor bytecode`; answers the exit code. */
export async function bytecodeMain(argv: string[]): Promise<number> {
  let o: BytecodeOptions;
  try {
    o = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`synor bytecode: ${(e as Error).message}\n(synor bytecode --help for usage)\n`);
    return 2;
  }
  if (o.help) {
    process.stdout.write(HELP);
    return 0;
  }
  try {
    let hex: string;
    let subject: BytecodeSubject;
    if (o.address) {
      const code = await rpc(o.rpc!, 'eth_getCode', [o.address, o.block]);
      if (code.replace(/^0x/i, '') === '') throw new InputError(`no code at ${o.address} (an account without code, or a destroyed contract)`);
      hex = checkHex(code, `the code at ${o.address}`);
      subject = { source: o.address, address: o.address };
    } else {
      const read = readInput(o.input!);
      hex = read.hex;
      subject = { source: read.source };
    }
    const analysis = await analyzeBytecode(hex, analysisOptions(o));
    if (analysis.error) throw new InputError(analysis.error);
    const implementation = await readImplementation(o, analysis);
    if (implementation) subject.implementation = implementation;
    if (o.source) {
      const runtime = analysis.kind === 'creation' ? hex.slice(2 * (analysis.runtimeOffset ?? 0), 2 * ((analysis.runtimeOffset ?? 0) + analysis.runtimeSize)) : hex;
      subject.crossCheck = sourceCrossCheck(o, analysis, runtime);
    }
    const text =
      o.format === 'json' ? renderBytecodeJson(analysis, subject)
      : o.format === 'sarif' ? renderBytecodeSarif(analysis, subject, TOOL_VERSION)
      : o.format === 'markdown' ? renderBytecodeMarkdown(analysis, subject)
      : renderBytecodeText(analysis, subject);
    if (o.output) {
      fs.mkdirSync(path.dirname(path.resolve(o.output)), { recursive: true });
      fs.writeFileSync(o.output, text);
    } else process.stdout.write(text);
    if (o.failOn === 'none') return 0;
    const all = [...analysis.findings, ...(implementation?.analysis?.findings ?? [])];
    return findingsAtOrAbove(all, o.failOn).length > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof InputError || e instanceof UsageError) {
      process.stderr.write(`synor bytecode: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
