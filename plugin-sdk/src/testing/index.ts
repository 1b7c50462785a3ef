/**
 * `@docpal/plugin-sdk/testing`: a plugin's own tests against a real kernel. Needs `@docpal/kernel`
 * (an optional peer dependency of the SDK); the SDK's main entry never imports it.
 */
export { startTestKernel, type StartTestKernelOptions, type TestKernel, type TestTable, type TestRecord, type TestColumnInput, type TestQuery } from './test-kernel.ts'
export type { FilterNodeInput, SortInput } from './query-input.ts'
export { checkPluginContract, type ContractOptions } from './contract/index.ts'
export { formatProblems, type ContractProblem, type ContractCheck } from './contract/problem.ts'
export type { FieldTypeSamples } from './contract/samples.ts'
export { workspacePlugins } from './workspace.ts'
