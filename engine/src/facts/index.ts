/** The shared facts rules read with `ctx.fact(...)`. */
export { AstIndex, forEachChild, isNode } from './ast-index';
export { programFact, type Program, type ContractInfo, type FunctionInfo, type StateVar, type ExternalCall, type ExternalCallKind, type ModifierUse } from './program';
export { taintFact, callerControlled, type Taint, type TaintSource } from './taint';
export { reentrancyFact, canReenter, limitedGas, sendsEth, type Reentrancy, type ReentrancyHazard, type StateWriteAfter } from './reentrancy';
export * from './ast-util';
export { TypedIndex, typedExpression, typedTypeOf, typeNameFromString, type TypedCall, type TypedDeclaration, type TypedExpression } from './typed';
