/**
 * Differential check of the fast parser against the ANTLR pipeline.
 *
 *   npx tsx bench/parse-diff.ts [--no-mutants] [--mutants N] [--fragments N] [--only SUBSTR] [--show N] [dirs...]
 *
 * Over every `.sol` file under node_modules and the directories given, it
 * compares `fastParseRaw` with `parseRawAntlr`: files accepted and declined
 * (with the commonest reasons), mismatches (each with the first path where
 * the two trees differ; there must be none), and the time of both on the
 * accepted files. Then, for each file, a few mutants made with a fixed-seed
 * PRNG (a token deleted, duplicated, inserted or swapped with its
 * neighbour): whenever the fast parser accepts a mutant, ANTLR must parse it
 * without errors into the identical result. Last, small files put together
 * from fragments of the grammar's corners (parse-fragments.ts), checked the
 * same way.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseRawAntlr, type RawParse } from '../engine/src/parse/antlr';
import { fastParseRaw, lastDecline } from '../engine/src/parse/fast/parser';
import { lex } from '../engine/src/parse/fast/lexer';
import { NEVER_STOP } from '../engine/src/stop';
import { fragmentFiles, mulberry32 } from './parse-fragments';

export function solFiles(dir: string, out: string[] = []): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) solFiles(p, out);
    else if (e.endsWith('.sol')) out.push(p);
  }
  return out;
}

/** The first path at which two JSON-like values differ, or undefined. */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return `${path}: ${JSON.stringify(a)?.slice(0, 120)} vs ${JSON.stringify(b)?.slice(0, 120)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs non-array`;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.join(',') !== kb.join(',')) return `${path}: keys [${ka.join(',')}] vs [${kb.join(',')}]`;
  for (const k of ka) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return undefined;
}

/** What must be equal: everything but `slowPath` (how ANTLR got there). */
export function comparable(r: RawParse): unknown {
  return { ast: r.ast, comments: r.comments, errors: r.errors, droppedNodes: r.droppedNodes, omitted: r.omitted };
}

/** ANTLR's result, or undefined when it throws (NestingError). */
export function antlr(text: string): RawParse | undefined {
  try {
    return parseRawAntlr(text, NEVER_STOP);
  } catch {
    return undefined;
  }
}

/** Compares the fast parser with ANTLR on one text; a mismatch description, or undefined. */
export function compare(text: string, fast: RawParse, ref: RawParse | undefined): string | undefined {
  if (!ref) return 'ANTLR threw';
  if (ref.errors.length > 0) return `accepted, but ANTLR reports ${ref.errors.length} errors: ${ref.errors[0].message}`;
  if (ref.droppedNodes > 0) return 'accepted, but ANTLR dropped nodes';
  const a = JSON.stringify(comparable(fast));
  const b = JSON.stringify(comparable(ref));
  if (a === b) return undefined;
  return firstDifference(JSON.parse(a), JSON.parse(b)) ?? 'differs';
}

/* eslint-disable @typescript-eslint/no-require-imports */
const antlr4 = require('antlr4');
const SolidityLexer = require('@solidity-parser/parser/src/antlr/SolidityLexer').default;

/**
 * Compares the fast lexer's tokens with the ANTLR lexer's (type and offsets
 * of every token on the default channel); a description of the first
 * difference, or undefined. Texts the fast lexer rejects are not compared.
 */
export function compareTokens(text: string): string | undefined {
  const mine = lex(text, NEVER_STOP);
  if (!mine) return undefined;
  const lexer = new SolidityLexer(new antlr4.CharStream(text));
  lexer.removeErrorListeners();
  let i = 0;
  for (;;) {
    const t = lexer.nextToken();
    if (t.type === -1) break;
    if (t.channel !== 0) continue;
    if (i >= mine.n) return `ANTLR has more tokens, from ${t.start}`;
    if (t.type !== mine.kind[i] || t.start !== mine.start[i] || t.stop !== mine.end[i] - 1) return `token ${i} at ${t.start}: ANTLR type ${t.type} ${t.start}..${t.stop}, fast ${mine.kind[i]} ${mine.start[i]}..${mine.end[i] - 1}`;
    i++;
  }
  return i === mine.n ? undefined : `the fast lexer has more tokens, from ${mine.start[i]}`;
}

const INSERTS = [';', '(', ')', '{', '}', ',', '=', '[', ']', '.', 'x', 'payable', 'memory', 'calldata', 'emit', 'revert', 'function', 'returns', 'if', 'uint', 'address', '1', '"s"', '?', ':', '=>', 'public', 'constant', 'new', 'delete', '-', '**', 'indexed', 'override', 'var', 'storage'];

const CHARS = ['"', "'", '/', '*', '.', '_', 'x', 'e', 'E', '-', '\\', '\n', '\r', ' ', '0', '1', 'u', ':', '=', '>', '<', '!', '$', '\u00e9'];

/** `count` mutants of `text`, each one edit: of a token (deleted, duplicated, swapped, something inserted before it), or of a character. */
export function mutants(text: string, count: number, rand: () => number): string[] {
  const toks = lex(text, NEVER_STOP);
  if (!toks || toks.n < 2) return [];
  const out: string[] = [];
  for (let m = 0; m < count; m++) {
    const i = Math.floor(rand() * toks.n);
    const s = toks.start[i];
    const e = toks.end[i];
    const op = Math.floor(rand() * 6);
    if (op >= 4) {
      // One character inserted or deleted anywhere, for the lexer's edges.
      const at = Math.floor(rand() * text.length);
      if (op === 4) out.push(text.slice(0, at) + CHARS[Math.floor(rand() * CHARS.length)] + text.slice(at));
      else out.push(text.slice(0, at) + text.slice(at + 1));
    } else if (op === 0) out.push(text.slice(0, s) + text.slice(e));
    else if (op === 1) out.push(text.slice(0, e) + ' ' + text.slice(s, e) + text.slice(e));
    else if (op === 2) out.push(text.slice(0, s) + INSERTS[Math.floor(rand() * INSERTS.length)] + ' ' + text.slice(s));
    else if (i + 1 < toks.n) {
      const s2 = toks.start[i + 1];
      const e2 = toks.end[i + 1];
      out.push(text.slice(0, s) + text.slice(s2, e2) + text.slice(e, s2) + text.slice(s, e) + text.slice(e2));
    } else out.push(text.slice(0, s) + text.slice(e));
  }
  return out;
}

export interface DiffSummary {
  files: number;
  errorFree: number;
  accepted: number;
  acceptedErrorFree: number;
  mismatches: { file: string; what: string }[];
  /** Files whose tokens differ between the two lexers. */
  tokenMismatches: { file: string; what: string }[];
  declines: Map<string, number>;
  mutants: number;
  mutantsAccepted: number;
  mutantMismatches: { file: string; what: string }[];
  fastMs: number;
  antlrMs: number;
}

export function runDiff(files: string[], options: { mutantsPerFile: number; seed?: number; timing?: boolean }): DiffSummary {
  const sum: DiffSummary = {
    files: 0, errorFree: 0, accepted: 0, acceptedErrorFree: 0, mismatches: [], tokenMismatches: [], declines: new Map(), mutants: 0, mutantsAccepted: 0, mutantMismatches: [], fastMs: 0, antlrMs: 0,
  };
  const rand = mulberry32(options.seed ?? 20261207);
  const acceptedTexts: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    sum.files++;
    const ref = antlr(text);
    const clean = !!ref && ref.errors.length === 0 && ref.droppedNodes === 0;
    if (clean) sum.errorFree++;
    const tokens = compareTokens(text);
    if (tokens) sum.tokenMismatches.push({ file, what: tokens });
    let fast: RawParse | undefined;
    try {
      fast = fastParseRaw(text, NEVER_STOP);
    } catch (err) {
      sum.mismatches.push({ file, what: `fast parser threw: ${(err as Error).stack}` });
      continue;
    }
    if (!fast) {
      const why = lastDecline.replace(/ at \d+$/, '');
      if (clean) sum.declines.set(why, (sum.declines.get(why) ?? 0) + 1);
    } else {
      sum.accepted++;
      if (clean) sum.acceptedErrorFree++;
      const d = compare(text, fast, ref);
      if (d) sum.mismatches.push({ file, what: d });
      else acceptedTexts.push(text);
    }
    for (const m of mutants(text, options.mutantsPerFile, rand)) {
      sum.mutants++;
      let f: RawParse | undefined;
      try {
        f = fastParseRaw(m, NEVER_STOP);
      } catch (err) {
        sum.mutantMismatches.push({ file, what: `fast parser threw: ${(err as Error).message}` });
        continue;
      }
      if (!f) continue;
      sum.mutantsAccepted++;
      const d = compare(m, f, antlr(m)) ?? compareTokens(m);
      if (d) sum.mutantMismatches.push({ file, what: d });
    }
  }
  if (options.timing !== false) {
    for (let round = 0; round < 2; round++) {
      let t0 = performance.now();
      for (const t of acceptedTexts) fastParseRaw(t, NEVER_STOP);
      sum.fastMs = performance.now() - t0;
      t0 = performance.now();
      if (round === 1) for (const t of acceptedTexts) parseRawAntlr(t, NEVER_STOP);
      sum.antlrMs = performance.now() - t0;
    }
  }
  return sum;
}

/** The differential check on generated files (see parse-fragments.ts). */
export function runFragments(texts: string[]): { files: number; errorFree: number; accepted: number; mismatches: { text: string; what: string }[] } {
  const out = { files: texts.length, errorFree: 0, accepted: 0, mismatches: [] as { text: string; what: string }[] };
  for (const text of texts) {
    const ref = antlr(text);
    if (ref && ref.errors.length === 0 && ref.droppedNodes === 0) out.errorFree++;
    const fast = fastParseRaw(text, NEVER_STOP);
    if (!fast) continue;
    out.accepted++;
    const d = compare(text, fast, ref);
    if (d) out.mismatches.push({ text, what: d });
  }
  return out;
}

function main(): void {
  const args = process.argv.slice(2);
  let mutantsPerFile = 5;
  let only: string | undefined;
  let show = 20;
  let fragments = 3000;
  const dirs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--no-mutants') mutantsPerFile = 0;
    else if (args[i] === '--mutants') mutantsPerFile = Number(args[++i]);
    else if (args[i] === '--only') only = args[++i];
    else if (args[i] === '--show') show = Number(args[++i]);
    else if (args[i] === '--fragments') fragments = Number(args[++i]);
    else dirs.push(resolve(args[i]));
  }
  let files = solFiles(resolve(__dirname, '..', 'node_modules'));
  for (const d of dirs) files.push(...solFiles(d));
  if (only) files = files.filter((f) => f.includes(only));
  const sum = runDiff(files, { mutantsPerFile });
  const frag = runFragments(fragmentFiles(fragments));
  const pct = (a: number, b: number): string => `${b ? ((100 * a) / b).toFixed(1) : '0'}%`;
  console.log(`files: ${sum.files} (${sum.errorFree} without syntax errors)`);
  console.log(`accepted: ${sum.accepted}; of the error-free files ${sum.acceptedErrorFree}/${sum.errorFree} (${pct(sum.acceptedErrorFree, sum.errorFree)})`);
  console.log(`files whose tokens differ from the ANTLR lexer's: ${sum.tokenMismatches.length}`);
  for (const m of sum.tokenMismatches.slice(0, show)) console.log(`  ${m.file}\n    ${m.what}`);
  console.log(`mismatches: ${sum.mismatches.length}`);
  for (const m of sum.mismatches.slice(0, show)) console.log(`  ${m.file}\n    ${m.what}`);
  console.log('declined error-free files, by reason:');
  for (const [why, n] of [...sum.declines].sort((a, b) => b[1] - a[1]).slice(0, show)) console.log(`  ${String(n).padStart(5)}  ${why}`);
  console.log(`mutants: ${sum.mutants}, accepted by the fast parser: ${sum.mutantsAccepted}, mismatches: ${sum.mutantMismatches.length}`);
  for (const m of sum.mutantMismatches.slice(0, show)) console.log(`  ${m.file}\n    ${m.what}`);
  console.log(`fragment files: ${frag.files} (${frag.errorFree} without syntax errors), accepted by the fast parser: ${frag.accepted}, mismatches: ${frag.mismatches.length}`);
  for (const m of frag.mismatches.slice(0, show)) console.log(`  ${m.what}\n${m.text}`);
  console.log(`speed on the ${sum.accepted - sum.mismatches.length} accepted files (warm): fast ${sum.fastMs.toFixed(0)} ms, ANTLR ${sum.antlrMs.toFixed(0)} ms, ${(sum.antlrMs / Math.max(sum.fastMs, 0.001)).toFixed(1)}x`);
}

if (require.main === module) main();
