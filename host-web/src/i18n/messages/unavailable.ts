import { defineMessages } from '../define.ts'

/** A column whose field type's plugin is disabled or gone (components/unavailable). */
export default defineMessages({
  en: {
    unavailable: {
      label: 'Unavailable',
      value: 'Unavailable',
      fallback: 'The plugin that provides this field type is disabled or not installed. Its data is kept; enable the plugin to use the column again.',
    },
  },
  'zh-CN': {
    unavailable: {
      label: '不可用',
      value: '不可用',
      fallback: '提供此字段类型的插件已停用或未安装。数据仍会保留；重新启用插件后即可再次使用此列。',
    },
  },
})
