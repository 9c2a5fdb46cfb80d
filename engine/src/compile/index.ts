/** Compilation: compiler choice, import resolution, solc standard JSON, compiler findings. */
export { prepareCompile, runCompile, type CompileInput, type PreparedCompile, type CompileOutcome, type EffectiveSettings, type SolcOutput, type SolcContract, type SolcError, type AbiEntry, type AbiParam } from './compile';
export { bundledCompilers, chooseCompiler, wantedVersion, pragmaRange, loadCompiler, packageRoot, type CompilerCandidate, type CompilerHandle, type CompilerSource, type NativeLoader, type ReadCallback } from './compilers';
export { findProjectRoot, scanImports, scanPragmas, readFoundryToml, loadRemappings, ImportResolver, gatherSources, blankComments } from './imports';
export { COMPILER_ERROR_META, COMPILER_WARNING_META, UNRESOLVED_IMPORT_META, compilerFinding } from './diagnostics';
