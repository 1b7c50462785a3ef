import { useTranslateOr } from './useTranslateOr.ts'
import { useTypes } from './useFieldTypes.ts'

interface TypeInfo {
  readonly type: string
  readonly label: string
  readonly plugin: string
}

/**
 * Field and view type names in the reader's language. The server answers the plugin's English
 * label; the plugin's client messages translate it, as `<plugin>.types.<type>`, or as
 * `<plugin>.label` when the plugin offers that one type of its kind (a field plugin's messages
 * name its field type so). Anything else shows the server's label; an unknown type, its id.
 */
export function useTypeLabels() {
  const types = useTypes()
  const translateOr = useTranslateOr()
  const labelOf = (info: TypeInfo, all: ReadonlyArray<TypeInfo>) => {
    const sole = all.filter((x) => x.plugin === info.plugin).length === 1
    return translateOr(`${info.plugin}.types.${info.type}`, sole ? translateOr(`${info.plugin}.label`, info.label) : info.label)
  }
  return {
    labelOf,
    field: (type: string): string => {
      const f = types.fieldType(type)
      return f ? labelOf(f, types.fieldTypes.value) : type
    },
    view: (type: string): string => {
      const v = types.viewTypes.value.find((x) => x.type === type)
      return v ? labelOf(v, types.viewTypes.value) : type
    },
  }
}
