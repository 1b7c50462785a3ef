import { useI18n } from '@docpal/plugin-sdk/client'

/** What the builder shows of a trigger or action type (GET /api/workflow-types). */
export interface TypeWords {
  readonly type: string
  readonly label: string
  readonly description?: string | null
  readonly translations?: Readonly<
    Record<
      string,
      {
        readonly label: string
        readonly description?: string | undefined
        readonly branches?: Readonly<Record<string, string>> | undefined
        readonly fields?: Readonly<Record<string, string>> | undefined
        readonly help?: Readonly<Record<string, string>> | undefined
      }
    >
  >
}

/**
 * A workflow type's label, description and branch names in the reader's language: the plugin's
 * own translation for the current locale when it ships one, else its English words. Read when
 * rendered, so a change of language shows at once.
 */
export function useTypeText() {
  const { locale } = useI18n()
  const words = (tt: TypeWords | undefined) => tt?.translations?.[locale.value]
  return {
    label: (tt: TypeWords | undefined, fallback = ''): string => words(tt)?.label ?? tt?.label ?? fallback,
    description: (tt: TypeWords | undefined): string | null => words(tt)?.description ?? tt?.description ?? null,
    branch: (tt: TypeWords | undefined, name: string): string => words(tt)?.branches?.[name] ?? name,
    /** The labels of the type's config fields in the reader's language, by property name (none: the names made readable). */
    fields: (tt: TypeWords | undefined): Readonly<Record<string, string>> => words(tt)?.fields ?? {},
    /** The help text of the type's config fields in the reader's language, by property name (none: the schema's English descriptions). */
    help: (tt: TypeWords | undefined): Readonly<Record<string, string>> => words(tt)?.help ?? {},
  }
}
