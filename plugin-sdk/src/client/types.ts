import type { Component } from 'vue'

/** A column as the browser sees it (`GET /api/tables/:id`). */
export interface ColumnInfo {
  readonly id: string
  readonly name: string
  readonly type: string
  readonly config: Record<string, unknown>
  readonly required: boolean
  readonly order: number
}

export interface TableMeta {
  readonly id: string
  readonly appId: string
  readonly name: string
  readonly description?: string | null
  readonly columns: ReadonlyArray<ColumnInfo>
  readonly layouts?: Record<string, unknown>
}

export interface RecordData {
  readonly id: string
  readonly createdAt: string
  readonly updatedAt: string
  readonly createdBy: string | null
  readonly fields: Record<string, unknown>
}

/** Props every field display receives: the value as the API returns it. */
export interface FieldDisplayProps {
  value: unknown
  column: ColumnInfo
}

/**
 * Props of a field editor. It emits `update:modelValue` on every change and `commit` when a pick
 * ends the edit by itself; the host ends every other edit (Enter, Tab, a click away, Esc): see
 * `editing/commit.ts` for the whole contract, which the testing kit checks for every editor.
 */
export interface FieldEditorProps {
  modelValue: unknown
  column: ColumnInfo
}

/** Props of a config editor: the column's `config`, edited in place through `update:modelValue`. */
export interface FieldConfigEditorProps {
  modelValue: Record<string, unknown>
  /** The table being built, with the other columns (formulas and lookups refer to them). */
  table: TableMeta | null
}

/** Props of a filter value input for one operator. */
export interface FilterInputProps {
  modelValue: unknown
  column: ColumnInfo
  op: string
}

/** The client half of a field type: how its values are shown, edited, configured and filtered. */
export interface FieldTypeClient {
  readonly type: string
  /** A short glyph or emoji shown beside the type's label (`A`, `#`, `📅`). */
  readonly icon?: string
  readonly display: Component
  /** Omitted for computed fields, which cannot be written. Follows the contract of `editing/commit.ts`. */
  readonly editor?: Component
  /**
   * The editor is a text box: a key typed on a selected grid cell opens it holding that text
   * (type-to-edit). Other editors open with the stored value, as Enter does.
   */
  readonly editsText?: boolean
  /**
   * A value from text a person typed or pasted (a cell copied from a spreadsheet): `"1,234.5"` to
   * a number, an option's label to its id. Text it cannot read is answered as it is, so the server
   * refuses it with a message. Absent: the text itself (blank is null).
   */
  parseText?(text: string, column: ColumnInfo): unknown
  /** A value as text for the clipboard, the way `parseText` reads it back. Absent: its raw text. */
  toText?(value: unknown, column: ColumnInfo): string
  /**
   * Stored values (as the audit log keeps them: ids of linked records or of users) as the API
   * answers them, in the same order, so `display` shows names rather than ids. Called once for
   * all the values a page of history shows. Absent: stored values are displayed as they are.
   */
  resolveStored?(values: ReadonlyArray<unknown>, column: ColumnInfo): Promise<unknown[]>
  readonly configEditor?: Component
  /**
   * A config setting's name as `configEditor` labels it, in the current language (`targetTableId`
   * -> "Linked table" / "关联表"): the column dialog names a required setting left empty with it.
   * Absent or undefined: the config schema's `title`, else the key in words.
   */
  settingLabel?(key: string): string | undefined
  readonly filterInput?: Component
  /** Config for a new column of this type. */
  defaultConfig?(): Record<string, unknown>
}

/** Props of a view renderer. The view context carries the view, its table and its data loader. */
export interface ViewRendererProps {
  viewId: string
}

export interface ViewConfigEditorProps {
  modelValue: Record<string, unknown>
  table: TableMeta
}

export interface ViewTypeClient {
  readonly type: string
  readonly icon?: string
  readonly renderer: Component
  readonly configEditor?: Component
  defaultConfig?(table: TableMeta): Record<string, unknown>
  /**
   * Why this view type cannot show `table` (a calendar without a date field), in the person's
   * language; undefined when it can. The new-view dialog disables the type and shows the reason.
   */
  unavailable?(table: TableMeta): string | undefined
}

/** Props of a widget renderer: its saved config and, for widgets that show data, the answer of `POST /api/widget-types/:type/data`. */
export interface WidgetRendererProps {
  config: Record<string, unknown>
  data: unknown
}

/** The client half of a dashboard widget. */
export interface WidgetClient {
  readonly type: string
  readonly icon?: string
  readonly renderer: Component
  readonly configEditor?: Component
  defaultConfig?(table: TableMeta | undefined): Record<string, unknown>
}

/** A variable the builder offers at a step: `token` is the text to insert (`{{trigger.record.Amount}}`), `label` what people read. */
export interface StepVariable {
  readonly label: string
  readonly token: string
}

/**
 * The client half of a workflow action: an editor of the step's config shown by the workflow
 * builder instead of the form it generates from the action's JSON Schema. Props: `modelValue`
 * (the config), `variables` (groups of {label, token} available at this step); it emits
 * `update:modelValue` with the whole new config (`stepEditorProps`). The server still checks the
 * config against the action's schema when the workflow is saved.
 */
export interface WorkflowStepClient {
  readonly type: string
  readonly configEditor: Component
}

export type Messages = Record<string, string | Record<string, unknown>>

/** The client half of a plugin: what its `client` module exports as default. */
export interface ClientPlugin {
  readonly id: string
  readonly fieldTypes?: ReadonlyArray<FieldTypeClient>
  readonly viewTypes?: ReadonlyArray<ViewTypeClient>
  readonly widgets?: ReadonlyArray<WidgetClient>
  /** Config editors of the plugin's workflow actions, by action type. */
  readonly workflowSteps?: ReadonlyArray<WorkflowStepClient>
  /** Strings by locale (`en`, `zh-CN`), merged into the host's i18n under the plugin's id. */
  readonly messages?: Readonly<Record<string, Messages>>
}
