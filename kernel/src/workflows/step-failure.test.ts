import { describe, expect, it } from 'vitest'
import { StepError, defineAction, z } from '@docpal/plugin-sdk'
import { codes } from '../errors/codes.ts'
import { failedBranch, stepFailure } from './step-failure.ts'

const action = defineAction({
  type: 'probe',
  label: 'Probe',
  translations: { 'zh-CN': { label: '探针', errors: { tooMany: '最多 {max} 项；收到 {count} 项' } } },
  config: z.object({}),
  idempotent: true,
  run: () => undefined,
})

describe('stepFailure', () => {
  it('a catalogued error: its code, and its message in Chinese from the kernel book', () => {
    const f = stepFailure(codes.KRN_ERR_WORKFLOW_ACTION_UNAVAILABLE('ping'))
    expect(f.code).toBe('KRN_ERR_WORKFLOW_ACTION_UNAVAILABLE')
    expect(f.message).toContain("'ping'")
    expect(f.messages?.['zh-CN']).toBe('没有已启用的插件提供动作“ping”：请启用提供它的插件，或修改此步骤。')
  })

  it("a StepError: the action's template for its key, filled; none without a template", () => {
    const err = new StepError('tooMany', 'at most {max} items; it got {count}', { max: 10, count: 12 })
    expect(err.message).toBe('at most 10 items; it got 12')
    expect(stepFailure(err, action)).toEqual({ message: 'at most 10 items; it got 12', messages: { 'zh-CN': '最多 10 项；收到 12 项' } })
    expect(stepFailure(new StepError('other', 'no words'), action)).toEqual({ message: 'no words' })
  })

  it('a plain Error or a thrown value: English only', () => {
    expect(stepFailure(new Error('fetch failed'), action)).toEqual({ message: 'fetch failed' })
    expect(stepFailure('boom')).toEqual({ message: 'boom' })
  })

  it("a failed branch carries the child run's error in each language it has", () => {
    const f = failedBranch('sub', 'run-workflow', { message: 'at most 10 items', messages: { 'zh-CN': '最多 10 项' } })
    expect(f.code).toBe('KRN_ERR_WORKFLOW_FAILED_BRANCH')
    expect(f.message).toBe("Step 'sub' (run-workflow) ended on its 'failed' branch, which this workflow does not handle: at most 10 items")
    expect(f.messages?.['zh-CN']).toBe('步骤“sub”（run-workflow）走到了“失败”分支，而此工作流没有处理它：最多 10 项')
    expect(failedBranch('sub', 'run-workflow', null).message).toMatch(/does not handle\.$/)
  })
})
