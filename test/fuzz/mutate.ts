/**
 * Deterministic mutation of real Solidity sources, shared by the fuzz test
 * (a fixed-seed sample in `npm test`) and `npm run bench:robust` (10,000+).
 *
 * Mutations are what editors and people do to code, plus what breaks parsers:
 * cut, duplicate and move spans, type a token in the middle of another,
 * truncate (a half-typed file), splice in code of another file, change the
 * line endings (`\n`, `\r\n`, `\r`, mixed), insert odd characters (bidi
 * controls, NUL, non-BMP) and machine-made code (deep loops, long
 * expressions, many locals) that once made the analysis slow.
 */
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

/** A small fast PRNG (mulberry32): the same seed gives the same inputs on every machine. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Every `.sol` file under `dir` (recursively), sorted, `.fixed.sol` outputs left out. */
export function solFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.sol') && !e.name.endsWith('.fixed.sol')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** The repository's own Solidity: rule fixtures, test fixtures and the examples. */
export function repoCorpus(): string[] {
  return [...solFiles(path.join(ROOT, 'test', 'rules')), ...solFiles(path.join(ROOT, 'test', 'fixtures')), ...solFiles(path.join(ROOT, 'examples'))];
}

/** OpenZeppelin and Solady sources from node_modules (for the benchmark). */
export function packageCorpus(): string[] {
  return [...solFiles(path.join(ROOT, 'node_modules', '@openzeppelin', 'contracts')), ...solFiles(path.join(ROOT, 'node_modules', 'solady', 'src'))];
}

/** Tokens typed into the middle of code: the fragments half-typed code is made of. */
const TOKENS = [
  '(', ')', '{', '}', '[', ']', ';', ',', '.', '=', '==', '+', '-', '*', '/', '%', '**', '<<', '>>', '&&', '||', '!', '?', ':', '=>', '->', ':=',
  'if', 'else', 'for', 'while', 'do', 'return', 'returns', 'function', 'modifier', 'contract', 'interface', 'library', 'struct', 'enum', 'event', 'error',
  'emit', 'revert', 'require(', 'assert(', 'assembly {', 'unchecked {', 'try', 'catch', 'new', 'delete', 'mapping(', 'memory', 'storage', 'calldata',
  'public', 'external', 'internal', 'private', 'view', 'pure', 'payable', 'constant', 'immutable', 'override', 'virtual', 'using', 'is', 'import',
  'pragma solidity ^0.8.0;', 'pragma solidity ^0.4.24;', 'pragma solidity ^0.6.0;', 'uint256', 'address', 'bool', 'bytes32', 'string', 'msg.sender',
  'msg.value', 'tx.origin', 'block.timestamp', 'this', 'x', 'a', '0', '1', '0x0', 'true', 'false', '"s"', "hex'00'", '.call{value: 1}("")',
  '.transfer(1)', '.send(1)', '.delegatecall(', 'selfdestruct(', 'ecrecover(', 'keccak256(abi.encodePacked(', 'shr(1, ', 'sload(', 'mstore(0, ',
  '_;', '// synor-disable-next-line', '/*', '*/', '//', '///', '"', "'", '\\', '\u2068', '\u202e', '\u200b', '\0', '\u{1F600}', '\t', ' ',
];

const LINE_BREAKS = ['\n', '\r\n', '\r'];

/** Code that once made one analysis cost seconds or minutes (see issue 10). */
function machineMade(rng: Rng): string {
  switch (rng.int(6)) {
    case 0: {
      const d = 10 + rng.int(30);
      return `function g${rng.int(99)}(address t) public { ${'for (;;) {'.repeat(d)}${rng.chance(0.5) ? 't.call("");' : ''}${'}'.repeat(d)} }`;
    }
    case 1: {
      const n = 100 + rng.int(600);
      return `function h${rng.int(99)}(uint a) public returns (uint) { return ${Array.from({ length: n }, () => rng.pick(['a', '1', 'a * 2', '(a)'])).join(rng.pick([' + ', ' * ', ' - ']))}; }`;
    }
    case 2: {
      const n = 100 + rng.int(500);
      return `function l${rng.int(99)}() public { ${Array.from({ length: n }, (_, i) => `uint v${i};`).join(' ')} }`;
    }
    case 3: {
      const d = 20 + rng.int(200);
      return `function p${rng.int(99)}(uint a) public returns (uint) { return ${'('.repeat(d)}a${')'.repeat(d)}; }`;
    }
    case 4: {
      const n = 50 + rng.int(300);
      return `uint256[] public table${rng.int(99)} = [${Array.from({ length: n }, (_, i) => String(i)).join(', ')}];`;
    }
    default: {
      const d = 5 + rng.int(20);
      return `function w${rng.int(99)}(address t, uint x) public { ${'while (x > 0) { x--; if (x == 1) {'.repeat(d)} t.call{value: x}(""); ${'}}'.repeat(d)} }`;
    }
  }
}

/** One mutation of `text`; `other` is another file of the corpus, for splices. */
export function mutateOnce(rng: Rng, text: string, other: string): string {
  const n = text.length;
  const at = () => rng.int(n + 1);
  const span = (max: number) => {
    const s = at();
    return [s, Math.min(n, s + 1 + rng.int(max))] as const;
  };
  switch (rng.int(12)) {
    case 0: {
      // Delete a span (a cut, a backspace held down).
      const [s, e] = span(rng.chance(0.7) ? 8 : 400);
      return text.slice(0, s) + text.slice(e);
    }
    case 1: {
      // Duplicate a span (a paste).
      const [s, e] = span(300);
      return text.slice(0, e) + text.slice(s, e) + text.slice(e);
    }
    case 2: {
      // Move a span elsewhere.
      const [s, e] = span(200);
      const cut = text.slice(0, s) + text.slice(e);
      const to = rng.int(cut.length + 1);
      return cut.slice(0, to) + text.slice(s, e) + cut.slice(to);
    }
    case 3:
    case 4: {
      // Type a token, maybe in the middle of another.
      const p = at();
      return text.slice(0, p) + rng.pick(TOKENS) + text.slice(p);
    }
    case 5:
      // Truncate: a file being typed from the top.
      return text.slice(0, at());
    case 6: {
      // Splice in a span of another file.
      const s = rng.int(other.length + 1);
      const e = Math.min(other.length, s + rng.int(600));
      const p = at();
      return text.slice(0, p) + other.slice(s, e) + text.slice(p);
    }
    case 7: {
      // All line breaks of one kind, or a mixture.
      if (rng.chance(0.5)) {
        const br = rng.pick(LINE_BREAKS);
        return text.replace(/\r\n|\r|\n/g, br);
      }
      return text.replace(/\r\n|\r|\n/g, () => rng.pick(LINE_BREAKS));
    }
    case 8: {
      // A stray line break or control character.
      const p = at();
      return text.slice(0, p) + rng.pick(['\r', '\n', '\r\n', '\r\r', '\n\r', '\u2028', '\u0085', '\f', '\v']) + text.slice(p);
    }
    case 9: {
      // Replace one character.
      const p = rng.int(Math.max(1, n));
      return text.slice(0, p) + String.fromCharCode(rng.chance(0.8) ? 32 + rng.int(95) : rng.int(0x3000)) + text.slice(p + 1);
    }
    case 10: {
      // Machine-made code at a line start.
      const lines = text.split('\n');
      const i = rng.int(lines.length + 1);
      lines.splice(i, 0, machineMade(rng));
      return lines.join('\n');
    }
    default: {
      // Swap two lines.
      const lines = text.split('\n');
      if (lines.length < 2) return text;
      const i = rng.int(lines.length);
      const j = rng.int(lines.length);
      [lines[i], lines[j]] = [lines[j], lines[i]];
      return lines.join('\n');
    }
  }
}

/** 1–4 mutations of `text`. */
export function mutate(rng: Rng, text: string, other: string): string {
  let t = text;
  const k = 1 + rng.int(rng.chance(0.3) ? 4 : 2);
  for (let i = 0; i < k; i++) t = mutateOnce(rng, t, other);
  return t;
}
