import { defineAction, defineServerPlugin, taskAssignees, taskDueAt, z } from '@docpal/plugin-sdk'
import { actionUserFormPlugin } from '../manifest.ts'

/** Asks an assignee to fill a form: the run waits, then goes on with the answers as `steps.<id>.data`. */
export const userForm = defineAction({
  type: 'user-form',
  label: 'User form',
  description: 'Waits until an assignee submits a form; its answers become variables.',
  translations: {
    'zh-CN': {
      label: '用户表单',
      description: '等待指派人提交表单；其答复成为变量。',
      branches: { submitted: '已提交', timeout: '超时' },
      fields: { title: '标题', users: '指派给（用户）', roles: '指派角色', fields: '表单字段', name: '名称', type: '类型', required: '必填', dueInHours: '期限（小时）' },
    },
  },
  config: z
    .object({
      title: z.string().min(1).max(500),
      users: z.array(z.unknown()).max(100).default([]),
      roles: z.array(z.string().max(50)).max(20).default([]),
      fields: z
        .array(
          z
            .object({ name: z.string().min(1).max(200), type: z.enum(['text', 'long_text', 'number', 'date', 'switch']).default('text'), required: z.boolean().default(false) })
            .strict(),
        )
        .min(1)
        .max(50),
      dueInHours: z
        .number()
        .min(0.001)
        .max(24 * 365)
        .optional(),
    })
    .strict(),
  branches: ['submitted', 'timeout'],
  outputs: [
    { name: 'data', type: 'object' },
    { name: 'by', type: 'user' },
    { name: 'comment', type: 'text' },
  ],
  idempotent: true,
  assignees: (c) => ({ users: c.users, roles: c.roles }),
  run: (c) => ({ wait: { task: { kind: 'form', title: c.title, assignees: taskAssignees(c.users, c.roles), fields: c.fields, ...taskDueAt(c.dueInHours) } } }),
})

export default defineServerPlugin(actionUserFormPlugin, { actions: [userForm] })
