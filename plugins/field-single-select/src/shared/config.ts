// Both select types share one option list, defined in the SDK so other types can cast from it.
export { SelectConfigSchema as singleSelectConfigSchema, checkSelectConfig, optionIdSchema, optionRefSchema } from '@docpal/plugin-sdk'
export type { SelectConfig as SingleSelectConfig } from '@docpal/plugin-sdk'
