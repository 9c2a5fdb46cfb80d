/**
 * A hand-written recursive-descent parser for Solidity that builds the very
 * tree the ANTLR pipeline (`parseRaw` in ../antlr.ts) builds: the same nodes,
 * keys in the same order, the same ranges. It follows the grammar of
 * @solidity-parser/parser and the choices its ANTLR prediction makes where
 * the grammar is ambiguous, and it declines (returns undefined) on anything
 * it is not certain of: a syntax error, a construct it does not support, a
 * choice it cannot make the way ANTLR does. The caller then runs ANTLR, so
 * declining is always safe, while accepting with a different tree is a bug.
 * `bench/parse-diff.ts` compares the two over real and mutated files.
 *
 * Where the grammar is ambiguous, ANTLR takes the first alternative, and so
 * does this parser: a name in an expression is an identifier (`address(x)`,
 * `payable(x)`, `a.b`, `a[1]`), a type only where nothing else parses (`T[]`,
 * `uint[2]`); `payable` after `address` is a name wherever one may stand
 * (`returns (address payable)`); `function (…)` in a contract is a state
 * variable wherever one parses; `(,) = f()` declares nothing; a storage
 * location is taken before a name (`bytes calldata`). The AST builder's own
 * quirks are kept too (see ASTBuilder.ts): `kind: 'abstract'`, a function
 * named like the last contract seen is a constructor, `emit`/`revert` are
 * statements only before an Identifier token (as `hideStatementKeywords`
 * rebuilds them), Yul bare names are `Identifier` items but `AssemblyCall`
 * operands.
 */
import type { SourceUnit } from '@solidity-parser/parser/dist/src/ast-types';
import type { Checkpoint } from '../../stop';
import type { RawParse } from '../antlr';
import {
  EOF, lex, lexDecline, lit, T_BOOL_LIT, T_BYTE, T_DECIMAL, T_FIXED, T_HEXLIT, T_HEXNUM, T_IDENT, T_INT, T_STRING, T_UFIXED, T_UINT, T_UNIT, T_VERSION, type Tokens,
} from './lexer';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Node = any;

/** Why the last `fastParseRaw` declined, for the differential harness. */
export let lastDecline = '';

/** Expressions nested deeper than this are left to the ANTLR path (which omits the deepest). */
const MAX_DEPTH = 200;

class Decline extends Error {}

const SEMI = lit(';');
const STAR = lit('*');
const OROR = lit('||');
const CARET = lit('^');
const TILDE = lit('~');
const GE = lit('>=');
const GT = lit('>');
const LT = lit('<');
const LE = lit('<=');
const ASSIGN = lit('=');
const AS = lit('as');
const IMPORT = lit('import');
const FROM = lit('from');
const LBRACE = lit('{');
const COMMA = lit(',');
const RBRACE = lit('}');
const ABSTRACT = lit('abstract');
const CONTRACT = lit('contract');
const INTERFACE = lit('interface');
const LIBRARY = lit('library');
const IS = lit('is');
const LPAREN = lit('(');
const RPAREN = lit(')');
const LAYOUT = lit('layout');
const ERROR = lit('error');
const USING = lit('using');
const FOR = lit('for');
const BITOR = lit('|');
const BITAND = lit('&');
const PLUS = lit('+');
const MINUS = lit('-');
const SLASH = lit('/');
const PERCENT = lit('%');
const EQ = lit('==');
const NE = lit('!=');
const STRUCT = lit('struct');
const MODIFIER = lit('modifier');
const FUNCTION = lit('function');
const RETURNS = lit('returns');
const EVENT = lit('event');
const ENUM = lit('enum');
const LBRACK = lit('[');
const RBRACK = lit(']');
const ADDRESS = lit('address');
const DOT = lit('.');
const MAPPING = lit('mapping');
const ARROW = lit('=>');
const MEMORY = lit('memory');
const STORAGE = lit('storage');
const CALLDATA = lit('calldata');
const IF = lit('if');
const ELSE = lit('else');
const TRY = lit('try');
const CATCH = lit('catch');
const WHILE = lit('while');
const UNCHECKED = lit('unchecked');
const ASSEMBLY = lit('assembly');
const DO = lit('do');
const RETURN = lit('return');
const THROW = lit('throw');
const EMIT = lit('emit');
const REVERT = lit('revert');
const VAR = lit('var');
const BOOL = lit('bool');
const STRING = lit('string');
const BYTE = lit('byte');
const INC = lit('++');
const DEC = lit('--');
const NEW = lit('new');
const COLON = lit(':');
const DELETE = lit('delete');
const NOT = lit('!');
const POW = lit('**');
const SHL = lit('<<');
const SHR = lit('>>');
const ANDAND = lit('&&');
const QUESTION = lit('?');
const OVERRIDE = lit('override');
const ANONYMOUS = lit('anonymous');
const BREAK = lit('break');
const CONSTANT = lit('constant');
const TRANSIENT = lit('transient');
const IMMUTABLE = lit('immutable');
const CONTINUE = lit('continue');
const EXTERNAL = lit('external');
const INDEXED = lit('indexed');
const INTERNAL = lit('internal');
const PAYABLE = lit('payable');
const PRIVATE = lit('private');
const PUBLIC = lit('public');
const VIRTUAL = lit('virtual');
const PURE = lit('pure');
const TYPE = lit('type');
const VIEW = lit('view');
const GLOBAL = lit('global');
const CONSTRUCTOR = lit('constructor');
const FALLBACK = lit('fallback');
const RECEIVE = lit('receive');
const PRAGMA = lit('pragma');
const LET = lit('let');
const YUL_ASSIGN = lit(':=');
const YUL_STACK_ASSIGN = lit('=:');
const SWITCH = lit('switch');
const CASE = lit('case');
const DEFAULT = lit('default');
const YUL_ARROW = lit('->');

function tokenSet(types: number[]): Uint8Array {
  const s = new Uint8Array(256);
  for (const t of types) s[t] = 1;
  return s;
}

/** The tokens the grammar's `identifier` rule accepts. */
const IDENT = tokenSet([FROM, LAYOUT, lit('at'), ERROR, ADDRESS, CALLDATA, REVERT, lit('callback'), lit('leave'), PAYABLE, GLOBAL, CONSTRUCTOR, RECEIVE, T_IDENT]);
/** The tokens of `elementaryTypeName`. */
const ELEMENTARY = tokenSet([ADDRESS, VAR, BOOL, STRING, BYTE, T_INT, T_UINT, T_BYTE, T_FIXED, T_UFIXED]);
const STORAGE_LOCATION = tokenSet([MEMORY, STORAGE, CALLDATA]);
const STATE_VAR_MODIFIER = tokenSet([PUBLIC, INTERNAL, PRIVATE, CONSTANT, TRANSIENT, IMMUTABLE, OVERRIDE]);
const USER_OPERATOR = tokenSet([STAR, CARET, TILDE, GE, GT, LT, LE, BITOR, BITAND, PLUS, MINUS, SLASH, PERCENT, EQ, NE]);
const VERSION_OPERATOR = tokenSet([CARET, TILDE, GE, GT, LT, LE, ASSIGN]);

/** Binary operators: [precedence level in the generated parser, right operand's level]. */
const BINARY = new Int8Array(256).fill(-1);
const BINARY_RIGHT = new Int8Array(256);
function bin(types: number[], level: number, right: number): void {
  for (const t of types) {
    BINARY[t] = level;
    BINARY_RIGHT[t] = right;
  }
}
bin([POW], 14, 14);
bin([STAR, SLASH, PERCENT], 13, 14);
bin([PLUS, MINUS], 12, 13);
bin([SHL, SHR], 11, 12);
bin([BITAND], 10, 11);
bin([CARET], 9, 10);
bin([BITOR], 8, 9);
bin([LT, GT, LE, GE], 7, 8);
bin([EQ, NE], 6, 7);
bin([ANDAND], 5, 6);
bin([OROR], 4, 5);
bin([ASSIGN, ...['|=', '^=', '&=', '<<=', '>>=', '+=', '-=', '*=', '/=', '%='].map(lit)], 2, 3);

class Parser {
  private p = 0;
  private depth = 0;
  /** The deepest expression nesting (as the AST builder counts it) completed since it was last reset. */
  private deepest = 0;
  private currentContract: string | undefined;
  private readonly kind: Int16Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private steps = 0;

  constructor(
    private readonly text: string,
    toks: Tokens,
    private readonly check: Checkpoint,
  ) {
    this.kind = toks.kind;
    this.start = toks.start;
    this.end = toks.end;
  }

  private fail(why: string): never {
    throw new Decline(`${why} at ${this.start[this.p]}`);
  }

  private k(off = 0): number {
    return this.kind[this.p + off];
  }

  private expect(t: number, what: string): number {
    if (this.kind[this.p] !== t) this.fail(`expected ${what}`);
    return this.p++;
  }

  private txt(i: number): string {
    return this.text.slice(this.start[i], this.end[i]);
  }

  /** Text of tokens from..to inclusive, joined without the whitespace (ANTLR's getText). */
  private joined(from: number, to: number): string {
    if (from === to) return this.txt(from);
    let s = '';
    for (let i = from; i <= to; i++) s += this.txt(i);
    return s;
  }

  private meta(node: Node, from: number): Node {
    node.range = [this.start[from], this.end[this.p - 1] - 1];
    return node;
  }

  private tick(): void {
    if (++this.steps >= 256) {
      this.steps = 0;
      this.check();
    }
  }

  // ---------------------------------------------------------------- source unit

  sourceUnit(): SourceUnit {
    const children: Node[] = [];
    while (this.k() !== EOF) {
      this.tick();
      children.push(this.sourceItem());
    }
    const n = this.p;
    const range: [number, number] = n === 0 ? [this.start[0], this.start[0]] : [this.start[0], this.end[n - 1] - 1];
    return { type: 'SourceUnit', children, range } as SourceUnit;
  }

  private sourceItem(): Node {
    const t = this.k();
    switch (t) {
      case PRAGMA:
        return this.pragma();
      case IMPORT:
        return this.importDirective();
      case ABSTRACT:
      case CONTRACT:
      case INTERFACE:
      case LIBRARY:
        return this.contract();
      case ENUM:
        return this.enumDefinition();
      case EVENT:
        return this.eventDefinition();
      case STRUCT:
        return this.structDefinition();
      case FUNCTION:
        if (!IDENT[this.k(1)]) this.fail('function without a name at file level');
        return this.functionDefinition();
      case USING:
        return this.usingFor();
      case TYPE:
        return this.typeDefinition();
      case CONSTRUCTOR:
      case FALLBACK:
      case RECEIVE:
        this.fail('special function at file level');
    }
    if (t === ERROR && IDENT[this.k(1)] && this.k(2) === LPAREN) return this.customError();
    return this.fileLevelConstant();
  }

  private pragma(): Node {
    const from = this.p++;
    const nameTok = this.identTok();
    const name = this.txt(nameTok);
    let value: string;
    if (this.k() === STAR && this.k(1) === SEMI) {
      this.p++;
      value = '*';
    } else if (VERSION_OPERATOR[this.k()] || this.k() === T_VERSION || this.k() === T_DECIMAL) {
      const parts: string[] = [];
      for (;;) {
        if (this.k() === OROR) {
          parts.push('||');
          this.p++;
        }
        const s = this.p;
        if (VERSION_OPERATOR[this.k()]) this.p++;
        if (this.k() !== T_VERSION && this.k() !== T_DECIMAL) this.fail('pragma version');
        this.p++;
        parts.push(this.joined(s, this.p - 1));
        const n = this.k();
        if (n === SEMI) break;
        if (n !== OROR && !VERSION_OPERATOR[n] && n !== T_VERSION && n !== T_DECIMAL) this.fail('pragma version');
      }
      value = parts.join(' ');
    } else if (IDENT[this.k()] && this.k(1) === SEMI) {
      value = this.txt(this.p++);
    } else this.fail('pragma value');
    this.expect(SEMI, "';'");
    return this.meta({ type: 'PragmaDirective', name, value }, from);
  }

  private importDirective(): Node {
    const from = this.p++;
    let unitAlias: string | null = null;
    let unitAliasIdentifier: Node = null;
    let symbolAliases: [string, string | null][] | null = null;
    let symbolAliasesIdentifiers: [Node, Node][] | null = null;
    let pathTok: number;
    if (this.k() === T_STRING) {
      pathTok = this.p++;
      if (this.k() === AS) {
        this.p++;
        const a = this.identTok();
        unitAlias = this.txt(a);
        unitAliasIdentifier = this.identNode(a);
      }
    } else if (this.k() === LBRACE) {
      this.p++;
      symbolAliases = [];
      symbolAliasesIdentifiers = [];
      for (;;) {
        const s = this.identTok();
        let a: number | undefined;
        if (this.k() === AS) {
          this.p++;
          a = this.identTok();
        }
        symbolAliases.push([this.txt(s), a === undefined ? null : this.txt(a)]);
        symbolAliasesIdentifiers.push([this.identNode(s), a === undefined ? null : this.identNode(a)]);
        if (this.k() !== COMMA) break;
        this.p++;
      }
      this.expect(RBRACE, "'}'");
      this.expect(FROM, "'from'");
      pathTok = this.expect(T_STRING, 'import path');
    } else {
      let first: number | undefined;
      if (this.k() === STAR) this.p++;
      else if (IDENT[this.k()] && this.k() !== FROM) first = this.p++;
      else this.fail('import');
      let alias: number | undefined;
      if (this.k() === AS) {
        this.p++;
        alias = this.identTok();
      }
      const a = alias ?? first;
      if (a !== undefined) {
        unitAlias = this.txt(a);
        unitAliasIdentifier = this.identNode(a);
      }
      this.expect(FROM, "'from'");
      pathTok = this.expect(T_STRING, 'import path');
    }
    this.expect(SEMI, "';'");
    const raw = this.txt(pathTok);
    const q = raw.charCodeAt(0);
    if (q !== 34 && q !== 39) this.fail('unicode import path');
    const path = raw.substring(1, raw.length - 1);
    const pathLiteral = { type: 'StringLiteral', value: path, parts: [path], isUnicode: [false], range: [this.start[pathTok], this.end[pathTok] - 1] };
    return this.meta({ type: 'ImportDirective', path, pathLiteral, unitAlias, unitAliasIdentifier, symbolAliases, symbolAliasesIdentifiers }, from);
  }

  private contract(): Node {
    const from = this.p;
    if (this.k() === ABSTRACT) this.p++;
    const t = this.k();
    if (t !== CONTRACT && t !== INTERFACE && t !== LIBRARY) this.fail('contract kind');
    this.p++;
    const name = this.txt(this.identTok());
    this.currentContract = name;
    const baseContracts: Node[] = [];
    if (this.k() === LAYOUT) this.fail('custom storage layout');
    if (this.k() === IS) {
      this.p++;
      for (;;) {
        const s = this.p;
        const baseName = this.userDefinedTypeName();
        let args: Node[] = [];
        if (this.k() === LPAREN) {
          this.p++;
          if (this.k() !== RPAREN) args = this.expressionList();
          this.expect(RPAREN, "')'");
        }
        baseContracts.push(this.meta({ type: 'InheritanceSpecifier', baseName, arguments: args }, s));
        if (this.k() !== COMMA) break;
        this.p++;
      }
    }
    if (this.k() === LAYOUT) this.fail('custom storage layout');
    this.expect(LBRACE, "'{'");
    const subNodes: Node[] = [];
    while (this.k() !== RBRACE) {
      this.tick();
      subNodes.push(this.contractPart());
    }
    this.p++;
    return this.meta({ type: 'ContractDefinition', name, baseContracts, subNodes, kind: this.txt(from) }, from);
  }

  private contractPart(): Node {
    switch (this.k()) {
      case FUNCTION:
        if (!IDENT[this.k(1)]) return this.functionTypeOrUnnamed();
        return this.functionDefinition();
      case CONSTRUCTOR:
        if (this.k(1) !== LPAREN) break;
        return this.functionDefinition();
      case FALLBACK:
        return this.functionDefinition();
      case RECEIVE:
        if (this.k(1) !== LPAREN) break;
        return this.functionDefinition();
      case MODIFIER:
        return this.modifierDefinition();
      case EVENT:
        return this.eventDefinition();
      case STRUCT:
        return this.structDefinition();
      case ENUM:
        return this.enumDefinition();
      case USING:
        return this.usingFor();
      case TYPE:
        return this.typeDefinition();
      case ERROR:
        if (IDENT[this.k(1)] && this.k(2) === LPAREN) return this.customError();
        break;
    }
    return this.stateVariable();
  }

  /**
   * `function (` in a contract: a state variable of a function type, or an
   * unnamed (fallback) function. Where both parse, ANTLR takes the state
   * variable, the first alternative of `contractPart`; so a function is
   * accepted only where a state variable cannot be (a body, or no name
   * before the `;`).
   */
  private functionTypeOrUnnamed(): Node {
    const s = this.p;
    const depth = this.depth;
    try {
      return this.stateVariable();
    } catch (err) {
      if (!(err instanceof Decline)) throw err;
    }
    this.p = s;
    this.depth = depth;
    const f = this.functionDefinition();
    if (f.body === null && IDENT[this.kind[this.p - 2]]) this.fail('function type or unnamed function');
    return f;
  }

  private stateVariable(): Node {
    const from = this.p;
    const typeName = this.typeName(false);
    let visibility = 'default';
    let internal = false;
    let pub = false;
    let priv = false;
    let isDeclaredConst = false;
    let isImmutable = false;
    let isTransient = false;
    let override: Node[] | null = null;
    while (STATE_VAR_MODIFIER[this.k()]) {
      const t = this.k();
      if (t === OVERRIDE) {
        const o = this.overrideSpecifier();
        override ??= o;
        continue;
      }
      this.p++;
      if (t === PUBLIC) pub = true;
      else if (t === INTERNAL) internal = true;
      else if (t === PRIVATE) priv = true;
      else if (t === CONSTANT) isDeclaredConst = true;
      else if (t === IMMUTABLE) isImmutable = true;
      else if (t === TRANSIENT) isTransient = true;
    }
    if (internal) visibility = 'internal';
    else if (pub) visibility = 'public';
    else if (priv) visibility = 'private';
    const idTok = this.identTok();
    let expression: Node = null;
    if (this.k() === ASSIGN) {
      this.p++;
      expression = this.expression(0);
    }
    this.expect(SEMI, "';'");
    const decl = this.meta(
      {
        type: 'VariableDeclaration', typeName, name: this.txt(idTok), identifier: this.identNode(idTok), expression, visibility, isStateVar: true, isDeclaredConst, isIndexed: false, isImmutable, isTransient, override, storageLocation: null,
      },
      from,
    );
    return this.meta({ type: 'StateVariableDeclaration', variables: [decl], initialValue: expression }, from);
  }

  private fileLevelConstant(): Node {
    const from = this.p;
    const typeName = this.typeName(false);
    this.expect(CONSTANT, "'constant'");
    const idTok = this.identTok();
    this.expect(ASSIGN, "'='");
    const initialValue = this.expression(0);
    this.expect(SEMI, "';'");
    return this.meta({ type: 'FileLevelConstant', typeName, name: this.txt(idTok), initialValue, isDeclaredConst: true, isImmutable: false }, from);
  }

  private customError(): Node {
    const from = this.p++;
    const name = this.txt(this.identTok());
    const parameters = this.parameterList();
    this.expect(SEMI, "';'");
    return this.meta({ type: 'CustomErrorDefinition', name, parameters }, from);
  }

  private typeDefinition(): Node {
    const from = this.p++;
    const name = this.txt(this.identTok());
    this.expect(IS, "'is'");
    if (!ELEMENTARY[this.k()]) this.fail('elementary type');
    const e = this.p++;
    const definition = this.meta({ type: 'ElementaryTypeName', name: this.txt(e), stateMutability: null }, e);
    this.expect(SEMI, "';'");
    return this.meta({ type: 'TypeDefinition', name, definition }, from);
  }

  private usingFor(): Node {
    const from = this.p++;
    let libraryName: string | null = null;
    const functions: string[] = [];
    const operators: (string | null)[] = [];
    if (this.k() === LBRACE) {
      this.p++;
      for (;;) {
        const s = this.p;
        this.userDefinedTypeName();
        functions.push(this.joined(s, this.p - 1));
        if (this.k() === AS) {
          this.p++;
          if (!USER_OPERATOR[this.k()]) this.fail('user-definable operator');
          operators.push(this.txt(this.p++));
        } else operators.push(null);
        if (this.k() !== COMMA) break;
        this.p++;
      }
      this.expect(RBRACE, "'}'");
    } else {
      const s = this.p;
      this.userDefinedTypeName();
      libraryName = this.joined(s, this.p - 1);
    }
    this.expect(FOR, "'for'");
    let typeName: Node = null;
    if (this.k() === STAR) this.p++;
    else typeName = this.typeName(false, true);
    let isGlobal = false;
    if (this.k() === GLOBAL) {
      this.p++;
      isGlobal = true;
    }
    this.expect(SEMI, "';'");
    return this.meta({ type: 'UsingForDeclaration', isGlobal, typeName, libraryName, functions, operators }, from);
  }

  private structDefinition(): Node {
    const from = this.p++;
    const name = this.txt(this.identTok());
    this.expect(LBRACE, "'{'");
    const members: Node[] = [];
    while (this.k() !== RBRACE) {
      members.push(this.variableDeclaration());
      this.expect(SEMI, "';'");
    }
    this.p++;
    return this.meta({ type: 'StructDefinition', name, members }, from);
  }

  private enumDefinition(): Node {
    const from = this.p++;
    const name = this.txt(this.identTok());
    this.expect(LBRACE, "'{'");
    const members: Node[] = [];
    const value = (): void => {
      const v = this.identTok();
      members.push(this.meta({ type: 'EnumValue', name: this.txt(v) }, v));
    };
    if (IDENT[this.k()]) value();
    while (this.k() === COMMA) {
      this.p++;
      value();
    }
    this.expect(RBRACE, "'}'");
    return this.meta({ type: 'EnumDefinition', name, members }, from);
  }

  private eventDefinition(): Node {
    const from = this.p++;
    const name = this.txt(this.identTok());
    this.expect(LPAREN, "'('");
    const parameters: Node[] = [];
    if (this.k() !== RPAREN) {
      for (;;) {
        const s = this.p;
        const typeName = this.typeName(true);
        let isIndexed = false;
        if (this.k() === INDEXED) {
          this.p++;
          isIndexed = true;
        }
        let idTok: number | undefined;
        if (IDENT[this.k()]) idTok = this.p++;
        parameters.push(
          this.meta(
            {
              type: 'VariableDeclaration', typeName, name: idTok === undefined ? null : this.txt(idTok), identifier: idTok === undefined ? null : this.identNode(idTok), isStateVar: false, isIndexed, storageLocation: null, expression: null,
            },
            s,
          ),
        );
        if (this.k() !== COMMA) break;
        this.p++;
      }
    }
    this.expect(RPAREN, "')'");
    let isAnonymous = false;
    if (this.k() === ANONYMOUS) {
      this.p++;
      isAnonymous = true;
    }
    this.expect(SEMI, "';'");
    return this.meta({ type: 'EventDefinition', name, parameters, isAnonymous }, from);
  }

  private overrideSpecifier(): Node[] {
    this.p++;
    const list: Node[] = [];
    if (this.k() === LPAREN) {
      this.p++;
      for (;;) {
        list.push(this.userDefinedTypeName());
        if (this.k() !== COMMA) break;
        this.p++;
      }
      this.expect(RPAREN, "')'");
    }
    return list;
  }

  private modifierDefinition(): Node {
    const from = this.p++;
    const name = this.txt(this.identTok());
    let parameters: Node = null;
    if (this.k() === LPAREN) parameters = this.parameterList();
    let isVirtual = false;
    let override: Node[] | null = null;
    for (;;) {
      if (this.k() === VIRTUAL) {
        this.p++;
        isVirtual = true;
      } else if (this.k() === OVERRIDE) {
        const o = this.overrideSpecifier();
        override ??= o;
      } else break;
    }
    let body: Node = null;
    if (this.k() === SEMI) this.p++;
    else if (this.k() === LBRACE) body = this.block();
    else this.fail("expected ';' or a block");
    return this.meta({ type: 'ModifierDefinition', name, parameters, body, isVirtual, override }, from);
  }

  private functionDefinition(): Node {
    const from = this.p;
    const d = this.k();
    this.p++;
    let nameTok: number | undefined;
    if (d === FUNCTION && IDENT[this.k()]) nameTok = this.p++;
    const params = this.parameterList();
    const modifiers: Node[] = [];
    let stateMutability: string | null = null;
    let ext = false;
    let internal = false;
    let pub = false;
    let priv = false;
    let isVirtual = false;
    let override: Node[] | null = null;
    for (;;) {
      const t = this.k();
      if (t === EXTERNAL) ext = true;
      else if (t === PUBLIC) pub = true;
      else if (t === INTERNAL) internal = true;
      else if (t === PRIVATE) priv = true;
      else if (t === VIRTUAL) isVirtual = true;
      else if (t === PURE || t === CONSTANT || t === VIEW || (t === PAYABLE && this.k(1) !== LPAREN)) {
        stateMutability ??= this.txt(this.p);
      } else if (t === OVERRIDE) {
        const o = this.overrideSpecifier();
        override ??= o;
        continue;
      } else if (IDENT[t]) {
        if (t === PAYABLE) this.fail('payable(...) as a modifier');
        const s = this.p++;
        let args: Node[] | null = null;
        if (this.k() === LPAREN) {
          this.p++;
          args = this.k() === RPAREN ? [] : this.expressionList();
          this.expect(RPAREN, "')'");
        }
        modifiers.push(this.meta({ type: 'ModifierInvocation', name: this.txt(s), arguments: args }, s));
        continue;
      } else break;
      this.p++;
    }
    let returnParameters: Node[] | null = null;
    if (this.k() === RETURNS) {
      this.p++;
      returnParameters = this.parameterList();
    }
    let body: Node = null;
    if (this.k() === SEMI) this.p++;
    else if (this.k() === LBRACE) body = this.block();
    else this.fail("expected ';' or a block");
    let visibility = 'default';
    if (ext) visibility = 'external';
    else if (internal) visibility = 'internal';
    else if (pub) visibility = 'public';
    else if (priv) visibility = 'private';
    let name: string | null = null;
    let parameters: Node[] = params;
    let isConstructor = false;
    let isFallback = false;
    let isReceiveEther = false;
    if (d === CONSTRUCTOR) {
      isConstructor = true;
      returnParameters = null;
    } else if (d === FALLBACK) {
      isFallback = true;
    } else if (d === RECEIVE) {
      isReceiveEther = true;
      parameters = [];
      returnParameters = null;
    } else {
      name = nameTok === undefined ? '' : this.txt(nameTok);
      isConstructor = name === this.currentContract;
      isFallback = name === '';
    }
    return this.meta(
      {
        type: 'FunctionDefinition', name, parameters, returnParameters, body, visibility, modifiers, override, isConstructor, isReceiveEther, isFallback, isVirtual, stateMutability,
      },
      from,
    );
  }

  private parameterList(): Node[] {
    this.expect(LPAREN, "'('");
    const list: Node[] = [];
    if (this.k() !== RPAREN) {
      for (;;) {
        const s = this.p;
        const typeName = this.typeName(true);
        let storageLocation: string | null = null;
        if (STORAGE_LOCATION[this.k()]) storageLocation = this.txt(this.p++);
        let idTok: number | undefined;
        if (IDENT[this.k()]) idTok = this.p++;
        list.push(
          this.meta(
            {
              type: 'VariableDeclaration', typeName, name: idTok === undefined ? null : this.txt(idTok), identifier: idTok === undefined ? null : this.identNode(idTok), storageLocation, isStateVar: false, isIndexed: false, expression: null,
            },
            s,
          ),
        );
        if (this.k() !== COMMA) break;
        this.p++;
      }
    }
    this.expect(RPAREN, "')'");
    return list;
  }

  private variableDeclaration(): Node {
    const s = this.p;
    const typeName = this.typeName(false);
    let storageLocation: string | null = null;
    if (STORAGE_LOCATION[this.k()] && (this.k() !== CALLDATA || IDENT[this.k(1)])) storageLocation = this.txt(this.p++);
    const idTok = this.identTok();
    return this.meta({ type: 'VariableDeclaration', typeName, name: this.txt(idTok), identifier: this.identNode(idTok), storageLocation, isStateVar: false, isIndexed: false, expression: null }, s);
  }

  // ---------------------------------------------------------------- types

  private identTok(): number {
    if (!IDENT[this.k()]) this.fail('expected an identifier');
    return this.p++;
  }

  private identNode(i: number): Node {
    return { type: 'Identifier', name: this.txt(i), range: [this.start[i], this.end[i] - 1] };
  }

  private userDefinedTypeName(): Node {
    const s = this.identTok();
    while (this.k() === DOT) {
      this.p++;
      this.identTok();
    }
    return this.meta({ type: 'UserDefinedTypeName', namePath: this.joined(s, this.p - 1) }, s);
  }

  /**
   * `typeName`. `optionalName`: whether an identifier may follow the type but
   * need not (parameters, event parameters, a mapping's value), where
   * `address payable` followed by `)` or `,` is the type `address` and a
   * parameter named `payable`, as ANTLR predicts it.
   */
  private typeName(optionalName: boolean, nothingFollows = false): Node {
    const s = this.p;
    const t = this.k();
    let node: Node;
    if (t === ADDRESS && this.k(1) === PAYABLE) {
      const after = this.k(2);
      if (nothingFollows) {
        this.p += 2;
        node = this.meta({ type: 'ElementaryTypeName', name: 'address', stateMutability: 'payable' }, s);
      } else if (optionalName && (after === RPAREN || after === COMMA)) {
        this.p++;
        node = this.meta({ type: 'ElementaryTypeName', name: 'address', stateMutability: null }, s);
      } else if (IDENT[after] || STORAGE_LOCATION[after] || after === LBRACK || STATE_VAR_MODIFIER[after] || after === INDEXED) {
        this.p += 2;
        node = this.meta({ type: 'ElementaryTypeName', name: 'address', stateMutability: 'payable' }, s);
      } else this.fail('address payable');
    } else if (ELEMENTARY[t]) {
      this.p++;
      node = this.meta({ type: 'ElementaryTypeName', name: this.txt(s), stateMutability: null }, s);
    } else if (IDENT[t]) {
      node = this.userDefinedTypeName();
    } else if (t === MAPPING) {
      node = this.mapping();
    } else if (t === FUNCTION) {
      node = this.functionTypeName();
    } else this.fail('expected a type');
    while (this.k() === LBRACK) {
      this.p++;
      let length: Node = null;
      if (this.k() !== RBRACK) length = this.expression(0);
      this.expect(RBRACK, "']'");
      node = this.meta({ type: 'ArrayTypeName', baseTypeName: node, length }, s);
    }
    return node;
  }

  private functionTypeName(): Node {
    const s = this.p++;
    const parameterTypes = this.functionTypeParameters();
    let internal = false;
    let external = false;
    let stateMutability: string | null = null;
    for (;;) {
      const t = this.k();
      if (t === INTERNAL) internal = true;
      else if (t === EXTERNAL) external = true;
      else if (t === PURE || t === VIEW || t === CONSTANT) stateMutability ??= this.txt(this.p);
      else if (t === PAYABLE) {
        const n = this.k(1);
        if (!(n === INTERNAL || n === EXTERNAL || n === PURE || n === VIEW || n === CONSTANT || n === RETURNS || (IDENT[n] && n !== PAYABLE) || STORAGE_LOCATION[n] || STATE_VAR_MODIFIER[n])) this.fail('payable after a function type');
        stateMutability ??= 'payable';
      } else break;
      this.p++;
    }
    let returnTypes: Node[] = [];
    if (this.k() === RETURNS) {
      this.p++;
      returnTypes = this.functionTypeParameters();
    }
    return this.meta({ type: 'FunctionTypeName', parameterTypes, returnTypes, visibility: internal ? 'internal' : external ? 'external' : 'default', stateMutability }, s);
  }

  private functionTypeParameters(): Node[] {
    this.expect(LPAREN, "'('");
    const list: Node[] = [];
    if (this.k() !== RPAREN) {
      for (;;) {
        const s = this.p;
        const typeName = this.typeName(false, true);
        let storageLocation: string | null = null;
        if (STORAGE_LOCATION[this.k()]) storageLocation = this.txt(this.p++);
        list.push(this.meta({ type: 'VariableDeclaration', typeName, name: null, identifier: null, storageLocation, isStateVar: false, isIndexed: false, expression: null }, s));
        if (this.k() !== COMMA) break;
        this.p++;
      }
    }
    this.expect(RPAREN, "')'");
    return list;
  }

  private mapping(): Node {
    const s = this.p++;
    this.expect(LPAREN, "'('");
    let keyType: Node;
    const t = this.k();
    if (ELEMENTARY[t]) {
      const e = this.p++;
      keyType = this.meta({ type: 'ElementaryTypeName', name: this.txt(e), stateMutability: null }, e);
    } else keyType = this.userDefinedTypeName();
    let keyName: Node = null;
    if (IDENT[this.k()]) keyName = this.identNode(this.p++);
    this.expect(ARROW, "'=>'");
    const valueType = this.typeName(true);
    let valueName: Node = null;
    if (IDENT[this.k()]) valueName = this.identNode(this.p++);
    this.expect(RPAREN, "')'");
    return this.meta({ type: 'Mapping', keyType, keyName, valueType, valueName }, s);
  }

  // ---------------------------------------------------------------- statements

  private block(): Node {
    const s = this.expect(LBRACE, "'{'");
    const statements: Node[] = [];
    while (this.k() !== RBRACE) {
      if (this.k() === EOF) this.fail("expected '}'");
      statements.push(this.statement());
    }
    this.p++;
    return this.meta({ type: 'Block', statements }, s);
  }

  private statement(): Node {
    this.tick();
    const s = this.p;
    switch (this.k()) {
      case LBRACE:
        return this.block();
      case IF: {
        this.p++;
        this.expect(LPAREN, "'('");
        const condition = this.expression(0);
        this.expect(RPAREN, "')'");
        const trueBody = this.statement();
        let falseBody: Node = null;
        if (this.k() === ELSE) {
          this.p++;
          falseBody = this.statement();
        }
        return this.meta({ type: 'IfStatement', condition, trueBody, falseBody }, s);
      }
      case WHILE: {
        this.p++;
        this.expect(LPAREN, "'('");
        const condition = this.expression(0);
        this.expect(RPAREN, "')'");
        const body = this.statement();
        return this.meta({ type: 'WhileStatement', condition, body }, s);
      }
      case DO: {
        this.p++;
        const body = this.statement();
        this.expect(WHILE, "'while'");
        this.expect(LPAREN, "'('");
        const condition = this.expression(0);
        this.expect(RPAREN, "')'");
        this.expect(SEMI, "';'");
        return this.meta({ type: 'DoWhileStatement', condition, body }, s);
      }
      case FOR: {
        this.p++;
        this.expect(LPAREN, "'('");
        let initExpression: Node = null;
        if (this.k() === SEMI) this.p++;
        else initExpression = this.simpleStatement();
        let conditionExpression: Node = null;
        if (this.k() === SEMI) this.p++;
        else {
          conditionExpression = this.expression(0);
          this.expect(SEMI, "';'");
        }
        let loop: Node = null;
        if (this.k() !== RPAREN) loop = this.expression(0);
        this.expect(RPAREN, "')'");
        const body = this.statement();
        return this.meta({ type: 'ForStatement', initExpression, conditionExpression, loopExpression: { type: 'ExpressionStatement', expression: loop }, body }, s);
      }
      case CONTINUE:
        this.p++;
        this.expect(SEMI, "';'");
        return this.meta({ type: 'ContinueStatement' }, s);
      case BREAK:
        this.p++;
        this.expect(SEMI, "';'");
        return this.meta({ type: 'BreakStatement' }, s);
      case THROW:
        this.p++;
        this.expect(SEMI, "';'");
        return this.meta({ type: 'ThrowStatement' }, s);
      case RETURN: {
        this.p++;
        let expression: Node = null;
        if (this.k() !== SEMI) expression = this.expression(0);
        this.expect(SEMI, "';'");
        return this.meta({ type: 'ReturnStatement', expression }, s);
      }
      case UNCHECKED: {
        this.p++;
        const block = this.block();
        return this.meta({ type: 'UncheckedStatement', block }, s);
      }
      case EMIT: {
        this.p++;
        if (this.k() !== T_IDENT) this.fail('emit without a name');
        const call = this.expression(0);
        if (call.type !== 'FunctionCall') this.fail('emit of a non-call');
        this.expect(SEMI, "';'");
        return this.meta({ type: 'EmitStatement', eventCall: call }, s);
      }
      case REVERT:
        if (this.k(1) === T_IDENT) {
          this.p++;
          const call = this.expression(0);
          if (call.type !== 'FunctionCall') this.fail('revert of a non-call');
          this.expect(SEMI, "';'");
          return this.meta({ type: 'RevertStatement', revertCall: call }, s);
        }
        break;
      case TRY:
        return this.tryStatement();
      case ASSEMBLY:
        return this.inlineAssembly();
    }
    return this.simpleStatement();
  }

  private tryStatement(): Node {
    const s = this.p++;
    const expression = this.expression(0);
    let returnParameters: Node = null;
    if (this.k() === RETURNS) {
      this.p++;
      returnParameters = this.parameterList();
    }
    const body = this.block();
    const catchClauses: Node[] = [];
    do {
      const c = this.expect(CATCH, "'catch'");
      let kind: string | null = null;
      let parameters: Node = null;
      if (IDENT[this.k()]) {
        kind = this.txt(this.p++);
        if (kind !== 'Error' && kind !== 'Panic') this.fail('catch clause kind');
        parameters = this.parameterList();
      } else if (this.k() === LPAREN) parameters = this.parameterList();
      const cbody = this.block();
      catchClauses.push(this.meta({ type: 'CatchClause', isReasonStringType: kind === 'Error', kind, parameters, body: cbody }, c));
    } while (this.k() === CATCH);
    return this.meta({ type: 'TryStatement', expression, returnParameters, body, catchClauses }, s);
  }

  /** `simpleStatement`: a variable declaration statement or an expression statement. */
  private simpleStatement(): Node {
    const s = this.p;
    const t = this.k();
    if (t === VAR) {
      if (this.k(1) !== LPAREN) return this.finishDeclaration(s, [this.variableDeclaration()]);
      this.p += 2;
      const vars = this.listWithHoles(() => {
        const id = this.identTok();
        return { type: 'VariableDeclaration', name: this.txt(id), identifier: this.identNode(id), isStateVar: false, isIndexed: false, typeName: null, storageLocation: null, expression: null, range: [this.start[id], this.end[id] - 1] };
      })!;
      return this.finishDeclaration(s, vars);
    }
    if (t === LPAREN) {
      const vars = this.tryDeclarationList();
      if (vars) return this.finishDeclaration(s, vars);
      this.p = s;
    } else if (this.startsDeclaration()) {
      return this.finishDeclaration(s, [this.variableDeclaration()]);
    }
    const expression = this.expression(0);
    this.expect(SEMI, "';'");
    return this.meta({ type: 'ExpressionStatement', expression }, s);
  }

  private finishDeclaration(s: number, variables: Node[]): Node {
    let initialValue: Node = null;
    if (this.k() === ASSIGN) {
      this.p++;
      initialValue = this.expression(0);
    }
    this.expect(SEMI, "';'");
    return this.meta({ type: 'VariableDeclarationStatement', variables, initialValue }, s);
  }

  /**
   * Whether the statement at the cursor declares a variable: a type name
   * followed by a name or a storage location. Scans without building.
   */
  private startsDeclaration(): boolean {
    const t = this.k();
    if (t === MAPPING) return true;
    if (t === FUNCTION) return true;
    if (!ELEMENTARY[t] && !IDENT[t]) return false;
    let i = this.p + 1;
    if (t === ADDRESS && this.kind[i] === PAYABLE) {
      const n = this.kind[i + 1];
      if (IDENT[n] || STORAGE_LOCATION[n] || n === LBRACK) i++;
      else this.fail('address payable in a statement');
    }
    if (IDENT[t] && !ELEMENTARY[t]) {
      while (this.kind[i] === DOT && IDENT[this.kind[i + 1]]) i += 2;
    }
    while (this.kind[i] === LBRACK) {
      let depth = 0;
      for (;;) {
        const k = this.kind[i];
        if (k === EOF) return false;
        if (k === LBRACK || k === LPAREN || k === LBRACE) depth++;
        else if (k === RBRACK || k === RPAREN || k === RBRACE) {
          depth--;
          if (depth === 0) break;
        }
        i++;
      }
      i++;
    }
    const n = this.kind[i];
    if (STORAGE_LOCATION[n]) {
      if (n === CALLDATA && !IDENT[this.kind[i + 1]]) this.fail('calldata as a name');
      return true;
    }
    return IDENT[n] === 1;
  }

  /**
   * After a `(`: elements separated by commas, any of them empty (`(a, , b)`: null
   * there, and after a trailing comma), up to and past the `)`. Undefined when
   * `element` gives up (returns undefined), or, with `giveUp`, when a comma is
   * missing between two elements; without it that fails the parse.
   */
  private listWithHoles(element: () => Node | undefined, giveUp = false): Node[] | undefined {
    const items: Node[] = [];
    let expectElement = true;
    for (;;) {
      const t = this.k();
      if (t === COMMA) {
        if (expectElement) items.push(null);
        this.p++;
        expectElement = true;
        continue;
      }
      if (t === RPAREN) {
        if (expectElement && items.length > 0) items.push(null);
        this.p++;
        return items;
      }
      if (!expectElement) {
        if (giveUp) return undefined;
        this.fail("expected ',' or ')'");
      }
      const item = element();
      if (item === undefined) return undefined;
      items.push(item);
      expectElement = false;
    }
  }

  /** `( variableDeclarationList )` when every element is empty or a declaration; undefined otherwise. */
  private tryDeclarationList(): Node[] | undefined {
    this.p++;
    let sawDecl = false;
    const vars = this.listWithHoles(() => {
      if (!this.startsDeclaration()) {
        if (sawDecl) this.fail('mixed declaration list');
        return undefined;
      }
      const d = this.p;
      const typeName = this.typeName(false);
      let storageLocation: string | null = null;
      if (STORAGE_LOCATION[this.k()] && (this.k() !== CALLDATA || IDENT[this.k(1)])) storageLocation = this.txt(this.p++);
      const idTok = this.identTok();
      sawDecl = true;
      return this.meta({ type: 'VariableDeclaration', name: this.txt(idTok), identifier: this.identNode(idTok), typeName, storageLocation, isStateVar: false, isIndexed: false, expression: null }, d);
    }, true);
    if (!vars) return undefined;
    // `(,) = f()` is a declaration of nothing to ANTLR, though an assignment
    // to an empty tuple parses too; with no `=`, leave the choice to ANTLR.
    if (!sawDecl && (vars.length === 0 || this.k() !== ASSIGN)) this.fail('declaration list without declarations');
    if (this.k() !== ASSIGN && this.k() !== SEMI) this.fail('declaration list');
    return vars;
  }

  // ---------------------------------------------------------------- inline assembly

  private inlineAssembly(): Node {
    const s = this.p++;
    let language: string | null = null;
    if (this.k() === T_STRING) {
      const x = this.txt(this.p++);
      if (x.charCodeAt(0) !== 34 && x.charCodeAt(0) !== 39) this.fail('unicode assembly dialect');
      language = x.substring(1, x.length - 1);
    }
    const flags: string[] = [];
    if (this.k() === LPAREN) {
      this.p++;
      if (this.k() !== T_STRING || this.k(1) !== RPAREN) this.fail('assembly flags');
      const x = this.txt(this.p++);
      if (x.charCodeAt(0) !== 34 && x.charCodeAt(0) !== 39) this.fail('unicode assembly flag');
      flags.push(x.slice(1, x.length - 1));
      this.p++;
    }
    const body = this.yulBlock();
    return this.meta({ type: 'InlineAssemblyStatement', language, flags, body }, s);
  }

  private yulBlock(): Node {
    const s = this.expect(LBRACE, "'{'");
    const operations: Node[] = [];
    while (this.k() !== RBRACE) {
      if (this.k() === EOF) this.fail("expected '}'");
      operations.push(this.yulItem());
    }
    this.p++;
    return this.meta({ type: 'AssemblyBlock', operations }, s);
  }

  private yulItem(): Node {
    this.tick();
    const s = this.p;
    const t = this.k();
    switch (t) {
      case LBRACE:
        return this.yulBlock();
      case LET: {
        this.p++;
        const names = this.yulNames();
        let expression: Node = null;
        if (this.k() === YUL_ASSIGN) {
          this.p++;
          expression = this.yulExpression();
        }
        return this.meta({ type: 'AssemblyLocalDefinition', names, expression }, s);
      }
      case SWITCH: {
        this.p++;
        const expression = this.yulExpression();
        const cases: Node[] = [];
        for (;;) {
          const c = this.p;
          if (this.k() === CASE) {
            this.p++;
            const value = this.yulLiteral();
            const block = this.yulBlock();
            cases.push(this.meta({ type: 'AssemblyCase', block, value, default: false }, c));
          } else if (this.k() === DEFAULT) {
            this.p++;
            const block = this.yulBlock();
            cases.push(this.meta({ type: 'AssemblyCase', block, value: null, default: true }, c));
          } else break;
        }
        return this.meta({ type: 'AssemblySwitch', expression, cases }, s);
      }
      case FUNCTION: {
        this.p++;
        const name = this.txt(this.identTok());
        this.expect(LPAREN, "'('");
        let args: Node[] = [];
        if (this.k() !== RPAREN) args = this.yulIdentifierList();
        this.expect(RPAREN, "')'");
        let returnArguments: Node[] = [];
        if (this.k() === YUL_ARROW) {
          this.p++;
          returnArguments = this.yulIdentifierList();
        }
        const body = this.yulBlock();
        return this.meta({ type: 'AssemblyFunctionDefinition', name, arguments: args, returnArguments, body }, s);
      }
      case FOR: {
        this.p++;
        const pre = this.k() === LBRACE ? this.yulBlock() : this.yulExpression();
        const condition = this.yulExpression();
        const post = this.k() === LBRACE ? this.yulBlock() : this.yulExpression();
        const body = this.yulBlock();
        return this.meta({ type: 'AssemblyFor', pre, condition, post, body }, s);
      }
      case IF: {
        this.p++;
        const condition = this.yulExpression();
        const body = this.yulBlock();
        return this.meta({ type: 'AssemblyIf', condition, body }, s);
      }
      case BREAK:
        this.p++;
        return this.meta({ type: 'Break' }, s);
      case CONTINUE:
        this.p++;
        return this.meta({ type: 'Continue' }, s);
      case T_DECIMAL:
      case T_HEXNUM:
      case T_STRING:
      case T_HEXLIT:
      case T_BOOL_LIT: {
        const lit = this.yulLiteral();
        if (this.k() === YUL_STACK_ASSIGN || this.k() === T_UNIT) this.fail('stack assignment or unit in assembly');
        return lit;
      }
      case LPAREN:
        this.fail('parenthesised assignment in assembly');
    }
    if (!IDENT[t] && t !== RETURN && t !== BYTE) this.fail('assembly item');
    const n = this.k(1);
    if (n === YUL_ASSIGN || n === COMMA || (n === DOT && this.k(3) === YUL_ASSIGN) || (n === DOT && this.k(3) === COMMA)) {
      if (!IDENT[t]) this.fail('assembly assignment');
      const names = this.yulNames();
      this.expect(YUL_ASSIGN, "':='");
      const expression = this.yulExpression();
      return this.meta({ type: 'AssemblyAssignment', names, expression }, s);
    }
    if (n === COLON) this.fail('assembly label');
    if (n === LPAREN || n === DOT || !IDENT[t]) {
      if (n === LPAREN && this.yulCallIsAssignment()) this.fail('assignment to a parenthesised list in assembly');
      const e = this.yulExpression();
      if (this.k() === YUL_STACK_ASSIGN) this.fail('stack assignment in assembly');
      return e;
    }
    if (n === YUL_STACK_ASSIGN) this.fail('stack assignment in assembly');
    this.p++;
    return this.identNode(s);
  }

  /** Whether `name(…)` at the cursor is followed by `:=` after its closing parenthesis. */
  private yulCallIsAssignment(): boolean {
    let depth = 0;
    for (let i = this.p + 1; ; i++) {
      const k = this.kind[i];
      if (k === EOF) return false;
      if (k === LPAREN) depth++;
      else if (k === RPAREN && --depth === 0) return this.kind[i + 1] === YUL_ASSIGN;
    }
  }

  /** `assemblyIdentifierOrList` without the parenthesised form. */
  private yulNames(): Node[] {
    if (this.k() === LPAREN) this.fail('parenthesised names in assembly');
    const first = this.identTok();
    if (this.k() === DOT) {
      this.p++;
      const member = this.identTok();
      if (this.k() === COMMA) this.fail('member in a list of names');
      return [this.meta({ type: 'AssemblyMemberAccess', expression: this.identNode(first), memberName: this.identNode(member) }, first)];
    }
    const names = [this.identNode(first)];
    while (this.k() === COMMA) {
      this.p++;
      names.push(this.identNode(this.identTok()));
    }
    return names;
  }

  private yulIdentifierList(): Node[] {
    const names = [this.identNode(this.identTok())];
    while (this.k() === COMMA) {
      this.p++;
      names.push(this.identNode(this.identTok()));
    }
    return names;
  }

  private yulLiteral(): Node {
    const s = this.p;
    switch (this.k()) {
      case T_DECIMAL:
        this.p++;
        return this.meta({ type: 'DecimalNumber', value: this.txt(s) }, s);
      case T_HEXNUM:
        this.p++;
        return this.meta({ type: 'HexNumber', value: this.txt(s) }, s);
      case T_BOOL_LIT:
        this.p++;
        return this.meta({ type: 'BooleanLiteral', value: this.txt(s) === 'true' }, s);
      case T_STRING: {
        const x = this.txt(this.p++);
        if (this.k() === T_STRING) this.fail('string of several parts in assembly');
        if (x.charCodeAt(0) !== 34 && x.charCodeAt(0) !== 39) this.fail('unicode string in assembly');
        const value = x.substring(1, x.length - 1);
        return this.meta({ type: 'StringLiteral', value, parts: [value], isUnicode: [false] }, s);
      }
      case T_HEXLIT: {
        const parts: string[] = [];
        while (this.k() === T_HEXLIT) {
          const x = this.txt(this.p++);
          parts.push(x.substring(4, x.length - 1));
        }
        return this.meta({ type: 'HexLiteral', value: parts.join(''), parts }, s);
      }
    }
    this.fail('assembly literal');
  }

  private yulExpression(): Node {
    if (++this.depth > MAX_DEPTH) this.fail('expression nests too deeply');
    const s = this.p;
    const t = this.k();
    let node: Node;
    if (t === T_DECIMAL || t === T_HEXNUM || t === T_STRING || t === T_HEXLIT || t === T_BOOL_LIT) {
      node = this.yulLiteral();
    } else if (IDENT[t] && this.k(1) === DOT) {
      this.p++;
      this.p++;
      const member = this.identTok();
      node = this.meta({ type: 'AssemblyMemberAccess', expression: this.identNode(s), memberName: this.identNode(member) }, s);
    } else if (IDENT[t] || t === RETURN || t === BYTE) {
      this.p++;
      const args: Node[] = [];
      if (this.k() === LPAREN) {
        this.p++;
        if (this.k() !== RPAREN) {
          args.push(this.yulExpression());
          while (this.k() === COMMA) {
            this.p++;
            args.push(this.yulExpression());
          }
        }
        this.expect(RPAREN, "')'");
      }
      node = this.meta({ type: 'AssemblyCall', functionName: this.txt(s), arguments: args }, s);
    } else this.fail('assembly expression');
    this.depth--;
    return node;
  }

  // ---------------------------------------------------------------- expressions

  private expressionList(): Node[] {
    const list: Node[] = [this.expression(0)];
    while (this.k() === COMMA) {
      this.p++;
      list.push(this.expression(0));
    }
    return list;
  }

  /** `expression` at precedence `minLevel`, as the generated left-recursive rule parses it. */
  private expression(minLevel: number): Node {
    this.tick();
    if (++this.depth > MAX_DEPTH) this.fail('expression nests too deeply');
    const saved = this.deepest;
    this.deepest = 0;
    const s = this.p;
    let left = this.prefix();
    // How deeply the builder's visitExpression calls nest for this node: a
    // chain of n left-associative operators nests n deep without recursing here.
    let d = this.deepest + 1;
    for (;;) {
      this.deepest = 0;
      const t = this.k();
      if (t === INC || t === DEC) {
        if (27 < minLevel) break;
        this.p++;
        left = this.meta({ type: 'UnaryOperation', operator: this.txt(this.p - 1), subExpression: left, isPrefix: false }, s);
        d = Math.max(d, this.deepest) + 1;
        continue;
      }
      if (t === LBRACK) {
        if (25 < minLevel) break;
        this.p++;
        if (this.k() === COLON) {
          this.p++;
          if (this.k() === RBRACK) {
            this.p++;
            left = this.meta({ type: 'IndexRangeAccess', base: left }, s);
            d = Math.max(d, this.deepest) + 1;
          } else {
            const indexEnd = this.expression(0);
            this.expect(RBRACK, "']'");
            left = this.meta({ type: 'IndexRangeAccess', base: left, indexEnd }, s);
            d = Math.max(d, this.deepest) + 1;
          }
          continue;
        }
        if (this.k() === RBRACK) this.fail('empty index');
        const index = this.expression(0);
        if (this.k() === COLON) {
          this.p++;
          if (this.k() === RBRACK) {
            this.p++;
            left = this.meta({ type: 'IndexRangeAccess', base: left, indexStart: index }, s);
            d = Math.max(d, this.deepest) + 1;
          } else {
            const indexEnd = this.expression(0);
            this.expect(RBRACK, "']'");
            left = this.meta({ type: 'IndexRangeAccess', base: left, indexStart: index, indexEnd }, s);
            d = Math.max(d, this.deepest) + 1;
          }
          continue;
        }
        this.expect(RBRACK, "']'");
        left = this.meta({ type: 'IndexAccess', base: left, index }, s);
        d = Math.max(d, this.deepest) + 1;
        continue;
      }
      if (t === DOT) {
        if (23 < minLevel) break;
        this.p++;
        const m = this.identTok();
        left = this.meta({ type: 'MemberAccess', expression: left, memberName: this.txt(m) }, s);
        d = Math.max(d, this.deepest) + 1;
        continue;
      }
      if (t === LBRACE) {
        if (22 < minLevel) break;
        if (!IDENT[this.k(1)] || this.k(2) !== COLON) break;
        this.p++;
        const arguments_ = this.nameValueList();
        this.expect(RBRACE, "'}'");
        left = this.meta({ type: 'NameValueExpression', expression: left, arguments: arguments_ }, s);
        d = Math.max(d, this.deepest) + 1;
        continue;
      }
      if (t === LPAREN) {
        if (21 < minLevel) break;
        left = this.call(left, s);
        d = Math.max(d, this.deepest) + 1;
        continue;
      }
      if (t === QUESTION) {
        if (3 < minLevel) break;
        this.p++;
        const trueExpression = this.expression(0);
        this.expect(COLON, "':'");
        const falseExpression = this.expression(3);
        left = this.meta({ type: 'Conditional', condition: left, trueExpression, falseExpression }, s);
        d = Math.max(d, this.deepest) + 1;
        continue;
      }
      const level = t >= 0 ? BINARY[t] : -1;
      if (level < 0 || level < minLevel) break;
      const op = this.p++;
      const right = this.expression(BINARY_RIGHT[t]);
      left = this.meta({ type: 'BinaryOperation', operator: this.txt(op), left, right }, s);
      d = Math.max(d, this.deepest) + 1;
    }
    this.depth--;
    if (d > MAX_DEPTH) this.fail('expression nests too deeply');
    this.deepest = Math.max(saved, d);
    return left;
  }

  private call(callee: Node, s: number): Node {
    this.p++;
    let args: Node[] = [];
    const names: string[] = [];
    const identifiers: Node[] = [];
    if (this.k() === LBRACE) {
      this.p++;
      if (this.k() !== RBRACE) {
        const nv = this.nameValueList();
        args = nv.arguments;
        for (const n of nv.names) names.push(n);
        for (const n of nv.identifiers) identifiers.push(n);
      }
      this.expect(RBRACE, "'}'");
    } else if (this.k() !== RPAREN) args = this.expressionList();
    this.expect(RPAREN, "')'");
    return this.meta({ type: 'FunctionCall', expression: callee, arguments: args, names, identifiers }, s);
  }

  private nameValueList(): Node {
    const s = this.p;
    const names: string[] = [];
    const identifiers: Node[] = [];
    const args: Node[] = [];
    for (;;) {
      const id = this.identTok();
      this.expect(COLON, "':'");
      names.push(this.txt(id));
      identifiers.push(this.identNode(id));
      args.push(this.expression(0));
      if (this.k() !== COMMA) break;
      this.p++;
      if (this.k() === RBRACE) break;
    }
    return this.meta({ type: 'NameValueList', names, identifiers, arguments: args }, s);
  }

  /** The prefix operators and primary expressions. */
  private prefix(): Node {
    const s = this.p;
    const t = this.k();
    switch (t) {
      case NEW: {
        this.p++;
        const typeName = this.typeName(false, true);
        return this.meta({ type: 'NewExpression', typeName }, s);
      }
      case LPAREN:
        return this.tuple();
      case LBRACK: {
        this.p++;
        const components: Node[] = [];
        if (this.k() !== RBRACK) {
          components.push(this.expression(0));
          while (this.k() === COMMA) {
            this.p++;
            components.push(this.expression(0));
          }
        }
        this.expect(RBRACK, "']'");
        return this.meta({ type: 'TupleExpression', components, isArray: true }, s);
      }
      case INC:
      case DEC:
        return this.unary(s, 19);
      case PLUS:
      case MINUS:
        return this.unary(s, 18);
      case DELETE:
        return this.unary(s, 17);
      case NOT:
        return this.unary(s, 16);
      case TILDE:
        return this.unary(s, 15);
      case T_BOOL_LIT:
        this.p++;
        return this.meta({ type: 'BooleanLiteral', value: this.txt(s) === 'true' }, s);
      case T_DECIMAL:
      case T_HEXNUM: {
        this.p++;
        let subdenomination: string | null = null;
        if (this.k() === T_UNIT) subdenomination = this.txt(this.p++);
        return this.meta({ type: 'NumberLiteral', number: this.txt(s), subdenomination }, s);
      }
      case T_HEXLIT: {
        const parts: string[] = [];
        while (this.k() === T_HEXLIT) {
          const x = this.txt(this.p++);
          parts.push(x.substring(4, x.length - 1));
        }
        return this.meta({ type: 'HexLiteral', value: parts.join(''), parts }, s);
      }
      case T_STRING: {
        const parts: string[] = [];
        const isUnicode: boolean[] = [];
        while (this.k() === T_STRING) {
          let x = this.txt(this.p++);
          const u = x.slice(0, 7) === 'unicode';
          if (u) x = x.slice(7);
          const single = x[0] === "'";
          const inner = x.substring(1, x.length - 1);
          parts.push(single ? inner.replace(/\\'/g, "'") : inner.replace(/\\"/g, '"'));
          isUnicode.push(u);
        }
        return this.meta({ type: 'StringLiteral', value: parts.join(''), parts, isUnicode }, s);
      }
      case TYPE:
        this.p++;
        return this.meta({ type: 'Identifier', name: 'type' }, s);
      case VAR:
        this.fail('var in an expression');
        break;
      case MAPPING:
      case FUNCTION:
        this.fail('type in an expression');
    }
    if (t === ADDRESS && this.k(1) === PAYABLE) this.fail('address payable in an expression');
    if (IDENT[t]) {
      if (this.typeNameAhead()) return this.typeName(false);
      this.p++;
      return this.meta({ type: 'Identifier', name: this.txt(s) }, s);
    }
    if (ELEMENTARY[t]) return this.typeName(false);
    this.fail('expected an expression');
  }

  private unary(s: number, level: number): Node {
    const op = this.txt(this.p++);
    const subExpression = this.expression(level);
    return this.meta({ type: 'UnaryOperation', operator: op, subExpression, isPrefix: true }, s);
  }

  /**
   * Whether a primary expression that starts with a name is a type name:
   * only a path `a.b.c` followed by brackets of which one is empty (`T[]`)
   * can be nothing else; ANTLR takes every other such expression for an
   * identifier with member and index accesses.
   */
  private typeNameAhead(): boolean {
    let i = this.p + 1;
    while (this.kind[i] === DOT && IDENT[this.kind[i + 1]]) i += 2;
    while (this.kind[i] === LBRACK) {
      if (this.kind[i + 1] === RBRACK) return true;
      let depth = 0;
      for (;;) {
        const k = this.kind[i];
        if (k === EOF) return false;
        if (k === LBRACK || k === LPAREN || k === LBRACE) depth++;
        else if (k === RBRACK || k === RPAREN || k === RBRACE) {
          depth--;
          if (depth === 0) break;
        }
        i++;
      }
      i++;
    }
    return false;
  }

  private tuple(): Node {
    const s = this.p++;
    const components = this.listWithHoles(() => this.expression(0))!;
    return this.meta({ type: 'TupleExpression', components, isArray: false }, s);
  }
}

/**
 * Parses `text` as `parseRaw` does through ANTLR, or returns undefined when
 * the fast parser is not certain to build the same tree (see the module
 * comment). Lets `AnalysisStopped` from `check` propagate.
 */
export function fastParseRaw(text: string, check: Checkpoint): RawParse | undefined {
  const toks = lex(text, check);
  if (!toks) {
    lastDecline = lexDecline;
    return undefined;
  }
  const parser = new Parser(text, toks, check);
  let ast: SourceUnit;
  try {
    ast = parser.sourceUnit();
  } catch (err) {
    if (err instanceof Decline) {
      lastDecline = err.message;
      return undefined;
    }
    if (err instanceof RangeError) {
      lastDecline = 'stack overflow';
      return undefined;
    }
    throw err;
  }
  lastDecline = '';
  return { ast, errors: [], comments: toks.comments, droppedNodes: 0, omitted: [], slowPath: false };
}
