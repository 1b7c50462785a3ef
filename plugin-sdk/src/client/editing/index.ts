export { EDITOR_POPUP_ATTR, staysInEditor, type CommitWay, type EditCommit } from './commit.ts'
export { CellEditorFrame } from './cell-editor-frame.ts'
