import type { RuleDefinition } from '../framework';
import asmTricks from './asm-tricks';
import boolCompare from './bool-compare';
import boolStorage from './bool-storage';
import cacheArrayLength from './cache-array-length';
import cacheStorageRead from './cache-storage-read';
import calldataParams from './calldata-params';
import compoundAssign from './compound-assign';
import constantState from './constant-state';
import costlyLoop from './costly-loop';
import customErrors from './custom-errors';
import deadCodeSize from './dead-code-size';
import defaultInit from './default-init';
import externalNotPublic from './external-not-public';
import immutableState from './immutable-state';
import neZero from './ne-zero';
import payableAdmin from './payable-admin';
import prefixIncrement from './prefix-increment';
import privateConstants from './private-constants';
import selfCallThis from './self-call-this';
import shiftMulDiv from './shift-mul-div';
import shortRevertStrings from './short-revert-strings';
import splitRequire from './split-require';
import statePacking from './state-packing';
import strictInequality from './strict-inequality';
import structPacking from './struct-packing';
import uncheckedIncrement from './unchecked-increment';
import uncheckedMath from './unchecked-math';

/** Gas rules, one import per rule file, sorted by id. */
export const gasRules: RuleDefinition[] = [
  asmTricks,
  boolCompare,
  boolStorage,
  cacheArrayLength,
  cacheStorageRead,
  calldataParams,
  compoundAssign,
  constantState,
  costlyLoop,
  customErrors,
  deadCodeSize,
  defaultInit,
  externalNotPublic,
  immutableState,
  neZero,
  payableAdmin,
  prefixIncrement,
  privateConstants,
  selfCallThis,
  shiftMulDiv,
  shortRevertStrings,
  splitRequire,
  statePacking,
  strictInequality,
  structPacking,
  uncheckedIncrement,
  uncheckedMath,
];
