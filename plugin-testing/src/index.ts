/**
 * `@docpal/plugin-testing`: a plugin's own tests against a real kernel. A package of its own (it
 * was `@docpal/plugin-sdk/testing`) because it imports the kernel, which imports the SDK: kept in
 * the SDK, the two packages would import each other.
 */
export { startTestKernel, type StartTestKernelOptions, type TestKernel, type TestTable, type TestRecord, type TestColumnInput, type TestQuery } from './test-kernel.ts'
export type { FilterNodeInput, SortInput } from './query-input.ts'
export { checkPluginContract, type ContractOptions } from './contract/index.ts'
export { formatProblems, type ContractProblem, type ContractCheck } from './contract/problem.ts'
export type { FieldTypeSamples } from './contract/samples.ts'
export { workspacePlugins } from './workspace.ts'
