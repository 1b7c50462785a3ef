import { i18n } from '../i18n.ts'

/** Strings of the shared building blocks, under `fieldKit.` (plugins keep theirs under their id). */
const messages = {
  en: {
    value: 'Value',
    values: 'Values',
    empty: '(empty)',
    untitled: 'Untitled',
    yes: 'Yes',
    no: 'No',
    options: 'Options',
    option: 'Option',
    addOption: 'Add option',
    optionLabel: 'Label',
    optionColor: 'Color',
    moveUp: 'Move up',
    moveDown: 'Move down',
    remove: 'Remove',
    noOptions: 'No options yet',
    pickDate: 'Pick a date',
    from: 'From',
    to: 'To',
    pickColumn: 'Choose a field',
    loading: 'Loading...',
    maxLength: 'Maximum length',
  },
  'zh-CN': {
    value: '值',
    values: '多个值',
    empty: '(空)',
    untitled: '未命名',
    yes: '是',
    no: '否',
    options: '选项',
    option: '选项',
    addOption: '添加选项',
    optionLabel: '名称',
    optionColor: '颜色',
    moveUp: '上移',
    moveDown: '下移',
    remove: '删除',
    noOptions: '暂无选项',
    pickDate: '选择日期',
    from: '开始',
    to: '结束',
    pickColumn: '选择字段',
    loading: '加载中...',
    maxLength: '最大长度',
  },
}

for (const [locale, m] of Object.entries(messages)) i18n.global.mergeLocaleMessage(locale, { fieldKit: m })

/** A kit string in the current locale. */
export const kt = (key: keyof (typeof messages)['en']): string => i18n.global.t(`fieldKit.${key}`)
