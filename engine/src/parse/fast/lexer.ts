/**
 * The lexer of the fast parser. It makes the same tokens as the grammar's
 * ANTLR lexer (`SolidityLexer`), numbered with the same token types, into
 * flat typed arrays (kind, start, exclusive end) instead of token objects.
 * Comments are collected on the side, as the ANTLR path collects its hidden
 * channel. Anything the ANTLR lexer would report as an error makes `lex`
 * return undefined, so the caller declines the file.
 */
import type { RawComment } from '../antlr';

/* eslint-disable @typescript-eslint/no-require-imports */
const SolidityLexer = require('@solidity-parser/parser/src/antlr/SolidityLexer').default;

const literalNames: (string | null)[] = SolidityLexer.literalNames;
const symbolicNames: (string | null)[] = SolidityLexer.symbolicNames;

/** Token type of a literal token such as `'pragma'` or `'('`, by its text. */
const LITERAL = new Map<string, number>();
for (let i = 0; i < literalNames.length; i++) {
  const l = literalNames[i];
  if (l) LITERAL.set(l.slice(1, -1), i);
}

function symbolic(name: string): number {
  const i = symbolicNames.indexOf(name);
  if (i < 0) throw new Error(`no token ${name}`);
  return i;
}

/** The token type of a literal token's text. */
export function lit(text: string): number {
  const t = LITERAL.get(text);
  if (t === undefined) throw new Error(`no token '${text}'`);
  return t;
}

export const EOF = -1;
export const T_INT = symbolic('Int');
export const T_UINT = symbolic('Uint');
export const T_BYTE = symbolic('Byte');
export const T_FIXED = symbolic('Fixed');
export const T_UFIXED = symbolic('Ufixed');
export const T_BOOL_LIT = symbolic('BooleanLiteral');
export const T_DECIMAL = symbolic('DecimalNumber');
export const T_HEXNUM = symbolic('HexNumber');
export const T_UNIT = symbolic('NumberUnit');
export const T_HEXLIT = symbolic('HexLiteralFragment');
export const T_RESERVED = symbolic('ReservedKeyword');
export const T_IDENT = symbolic('Identifier');
export const T_STRING = symbolic('StringLiteralFragment');
export const T_VERSION = symbolic('VersionLiteral');

/**
 * Words with a token type of their own, besides the literal keywords: the
 * elementary types, boolean literals, units and reserved words, as the
 * lexer's rules list them.
 */
const WORDS = new Map<string, number>();
for (const [text, type] of LITERAL) if (/^[a-zA-Z$_]/.test(text)) WORDS.set(text, type);
WORDS.set('int', T_INT);
WORDS.set('uint', T_UINT);
WORDS.set('bytes', T_BYTE);
for (let b = 8; b <= 256; b += 8) {
  WORDS.set(`int${b}`, T_INT);
  WORDS.set(`uint${b}`, T_UINT);
}
for (let b = 1; b <= 32; b++) WORDS.set(`bytes${b}`, T_BYTE);
WORDS.set('fixed', T_FIXED);
WORDS.set('ufixed', T_UFIXED);
WORDS.set('true', T_BOOL_LIT);
WORDS.set('false', T_BOOL_LIT);
for (const u of ['wei', 'gwei', 'szabo', 'finney', 'ether', 'seconds', 'minutes', 'hours', 'days', 'weeks', 'years']) WORDS.set(u, T_UNIT);
for (const r of [
  'after', 'alias', 'apply', 'auto', 'copyof', 'define', 'final', 'implements', 'in', 'inline', 'macro', 'match', 'mutable', 'null', 'of',
  'partial', 'promise', 'reference', 'relocatable', 'sealed', 'sizeof', 'static', 'supports', 'typedef', 'typeof',
]) {
  if (!WORDS.has(r)) WORDS.set(r, T_RESERVED);
}

/** `fixedMxN` and `ufixedMxN`: M a multiple of 8 up to 256 (as the lexer lists them), N any digits. */
const FIXED_MXN = new RegExp(`^u?fixed(${Array.from({ length: 32 }, (_, i) => (i + 1) * 8).join('|')})x[0-9]+$`);

/** Punctuation, longest first, grouped by first character. */
const PUNCT: string[][] = [];
for (const [text, type] of LITERAL) {
  if (/^[a-zA-Z$_]/.test(text)) continue;
  void type;
  const c = text.charCodeAt(0);
  (PUNCT[c] ??= []).push(text);
}
for (const list of PUNCT) list?.sort((a, b) => b.length - a.length);

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 36 || c === 95;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** The tokens of a text, without whitespace and comments. */
export interface Tokens {
  n: number;
  kind: Int16Array;
  start: Int32Array;
  /** Exclusive end offsets. */
  end: Int32Array;
  comments: RawComment[];
}

/** Why the last `lex` failed. */
export let lexDecline = '';

/** Digits `[0-9] ('_'? [0-9])*` from `i`; the end, or `i` when there are none. */
function digits(text: string, i: number, hex: boolean): number {
  const ok = hex ? isHex : isDigit;
  if (i >= text.length || !ok(text.charCodeAt(i))) return i;
  let j = i + 1;
  for (;;) {
    const c = text.charCodeAt(j);
    if (j < text.length && ok(c)) j++;
    else if (c === 95 && j + 1 < text.length && ok(text.charCodeAt(j + 1))) j += 2;
    else return j;
  }
}

/** The end of the longest DecimalNumber, HexNumber or VersionLiteral at `i`, and its type. */
function number(text: string, i: number): [number, number] {
  let best = i;
  let type = 0;
  // HexNumber: '0' [xX] HexDigits.
  if (text.charCodeAt(i) === 48 && (text.charCodeAt(i + 1) | 32) === 120) {
    const e = digits(text, i + 2, true);
    if (e > i + 2) {
      best = e;
      type = T_HEXNUM;
    }
  }
  // DecimalNumber: (DecimalDigits | DecimalDigits? '.' DecimalDigits) ([eE] '-'? DecimalDigits)?
  let d = digits(text, i, false);
  if (text.charCodeAt(d) === 46) {
    const f = digits(text, d + 1, false);
    if (f > d + 1) d = f;
  }
  if (d > i) {
    const c = text.charCodeAt(d);
    if (c === 101 || c === 69) {
      let k = d + 1;
      if (text.charCodeAt(k) === 45) k++;
      const e = digits(text, k, false);
      if (e > k) d = e;
    }
    if (d > best) {
      best = d;
      type = T_DECIMAL;
    }
  }
  // VersionLiteral: [0-9]+ '.' [0-9]+ ('.' [0-9]+)?
  let v = i;
  while (isDigit(text.charCodeAt(v))) v++;
  if (v > i && text.charCodeAt(v) === 46 && isDigit(text.charCodeAt(v + 1))) {
    v += 2;
    while (isDigit(text.charCodeAt(v))) v++;
    if (text.charCodeAt(v) === 46 && isDigit(text.charCodeAt(v + 1))) {
      v += 2;
      while (isDigit(text.charCodeAt(v))) v++;
    }
    if (v > best) {
      best = v;
      type = T_VERSION;
    }
  }
  return [best, type];
}

/** The end of a quoted string whose opening quote is at `i`, or -1. */
function quoted(text: string, i: number): number {
  const q = text.charCodeAt(i);
  let j = i + 1;
  for (;;) {
    if (j >= text.length) return -1;
    const c = text.charCodeAt(j);
    if (c === q) return j + 1;
    if (c === 13 || c === 10) return -1;
    if (c === 92) {
      if (j + 1 >= text.length) return -1;
      j += 2;
    } else j++;
  }
}

/** Lexes the whole text; undefined when the ANTLR lexer would report an error (or the lexer is unsure). */
export function lex(text: string, check: () => void): Tokens | undefined {
  const len = text.length;
  let cap = Math.max(64, len >> 2);
  let kind = new Int16Array(cap);
  let start = new Int32Array(cap);
  let end = new Int32Array(cap);
  const comments: RawComment[] = [];
  let n = 0;
  let i = 0;
  const push = (k: number, s: number, e: number): void => {
    if (n === cap) {
      cap *= 2;
      const k2 = new Int16Array(cap);
      k2.set(kind);
      kind = k2;
      const s2 = new Int32Array(cap);
      s2.set(start);
      start = s2;
      const e2 = new Int32Array(cap);
      e2.set(end);
      end = e2;
    }
    kind[n] = k;
    start[n] = s;
    end[n] = e;
    n++;
    if ((n & 1023) === 0) check();
  };
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9 || c === 12) {
      i++;
      continue;
    }
    if (c === 47) {
      const d = text.charCodeAt(i + 1);
      if (d === 47) {
        let j = i + 2;
        while (j < len) {
          const e = text.charCodeAt(j);
          if (e === 10 || e === 13) break;
          j++;
        }
        comments.push({ kind: 'line', value: text.slice(i + 2, j), start: i, end: j });
        i = j;
        continue;
      }
      if (d === 42) {
        const j = text.indexOf('*/', i + 2);
        if (j < 0) {
          lexDecline = 'lexer: unterminated comment';
          return undefined;
        }
        comments.push({ kind: 'block', value: text.slice(i + 2, j), start: i, end: j + 2 });
        i = j + 2;
        continue;
      }
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < len && isIdentPart(text.charCodeAt(j))) j++;
      const q = text.charCodeAt(j);
      if (q === 34 || q === 39) {
        const word = j - i === 3 ? text.slice(i, j) : j - i === 7 ? text.slice(i, j) : '';
        if (word === 'hex') {
          const d = digits(text, j + 1, true);
          if (text.charCodeAt(d) !== q) {
            lexDecline = 'lexer: malformed hex literal';
            return undefined;
          }
          push(T_HEXLIT, i, d + 1);
          i = d + 1;
          continue;
        }
        if (word === 'unicode') {
          const e = quoted(text, j);
          if (e < 0) {
            lexDecline = 'lexer: unterminated string';
            return undefined;
          }
          push(T_STRING, i, e);
          i = e;
          continue;
        }
      }
      const w = text.slice(i, j);
      let k = WORDS.get(w);
      if (k === undefined) {
        k = T_IDENT;
        if (w.startsWith('fixed') || w.startsWith('ufixed')) {
          if (FIXED_MXN.test(w)) k = w.charCodeAt(0) === 117 ? T_UFIXED : T_FIXED;
        }
      }
      push(k, i, j);
      i = j;
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      const [e, type] = number(text, i);
      push(type, i, e);
      i = e;
      continue;
    }
    if (c === 34 || c === 39) {
      const e = quoted(text, i);
      if (e < 0) {
        lexDecline = 'lexer: unterminated string';
        return undefined;
      }
      push(T_STRING, i, e);
      i = e;
      continue;
    }
    const candidates = PUNCT[c];
    let matched = '';
    if (candidates) {
      for (const p of candidates) {
        if (text.startsWith(p, i)) {
          matched = p;
          break;
        }
      }
    }
    if (!matched) {
      lexDecline = `lexer: unexpected character ${JSON.stringify(text[i])}`;
      return undefined;
    }
    push(LITERAL.get(matched)!, i, i + matched.length);
    i += matched.length;
  }
  push(EOF, len, len);
  return { n: n - 1, kind, start, end, comments };
}
