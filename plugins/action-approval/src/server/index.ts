import { defineAction, defineServerPlugin, taskAssignees, taskDueAt, z } from '@docpal/plugin-sdk'
import { actionApprovalPlugin } from '../manifest.ts'

/**
 * Asks people to approve: the run waits until enough approve (or one rejects or asks for
 * changes, or the time runs out) and takes the branch of the decision, with the comment as output.
 */
export const approval = defineAction({
  type: 'approval',
  label: 'Approval',
  description: 'Waits for approvers (users, roles, or a user field of the record) to approve, reject or ask for changes.',
  translations: {
    'zh-CN': {
      label: '审批',
      description: '等待审批人（用户、角色或记录中的用户字段）批准、拒绝或要求修改。',
      branches: { approve: '批准', reject: '拒绝', changes: '要求修改', timeout: '超时' },
      fields: { title: '标题', users: '审批人（用户）', roles: '审批角色', required: '所需批准数', dueInHours: '期限（小时）' },
      help: {
        users: '用户 id，或变量，如 {{trigger.record.Manager}}',
        roles: '公司角色（所有者、管理员、成员或自定义角色）',
        required: '所需的批准数',
        dueInHours: '到期后走“超时”分支',
      },
    },
  },
  config: z
    .object({
      title: z.string().min(1).max(500),
      users: z.array(z.unknown()).max(100).default([]).describe('User ids, or variables such as {{trigger.record.Manager}}'),
      roles: z.array(z.string().max(50)).max(20).default([]).describe('Company roles (owner, admin, member, or your own)'),
      required: z
        .union([z.number().int().min(1).max(100), z.literal('all')])
        .default(1)
        .describe('Approvals needed'),
      dueInHours: z
        .number()
        .min(0.001)
        .max(24 * 365)
        .optional()
        .describe('Then the "timeout" branch'),
    })
    .strict(),
  branches: ['approve', 'reject', 'changes', 'timeout'],
  outputs: [
    { name: 'decision', type: 'text' },
    { name: 'comment', type: 'text' },
    { name: 'by', type: 'user' },
  ],
  idempotent: true,
  assignees: (c) => ({ users: c.users, roles: c.roles }),
  run: (c) => {
    const who = taskAssignees(c.users, c.roles)
    return { wait: { task: { kind: 'approval', title: c.title, assignees: who, required: c.required, ...taskDueAt(c.dueInHours) } } }
  },
})

export default defineServerPlugin(actionApprovalPlugin, { actions: [approval] })
