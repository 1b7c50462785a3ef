// Both select types share one option list, defined in the SDK so other types can cast from it.
export { SelectConfigSchema as multipleSelectConfigSchema, checkSelectConfig, optionIdSchema, optionRefSchema } from '@docpal/plugin-sdk'
export type { SelectConfig as MultipleSelectConfig } from '@docpal/plugin-sdk'
