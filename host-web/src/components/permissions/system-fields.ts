import type { ColumnInfo } from '@docpal/plugin-sdk/client'

/**
 * The record's creator as row filters name it (`createdBy`): not a column of the table, so the
 * filter builder is given it as one, with the operators row rules use ("own records").
 */
export const CREATED_BY: ColumnInfo = { id: 'createdBy', name: 'createdBy', type: 'system_creator', config: {}, required: false, order: -1 }

export const SYSTEM_OPERATORS: Record<string, Array<{ op: string; takesValue: boolean }>> = {
  system_creator: [
    { op: 'is_current_user', takesValue: false },
    { op: 'is_not_current_user', takesValue: false },
  ],
}
