import type { KillKind } from '../kill-trial.ts'
import { must } from './must.ts'

const PLUGIN = 'field-email'
const TYPE = 'email'

/** Disables and enables a plugin in turn: afterwards its state is the acknowledged one or the one in flight, and its field type is offered exactly when enabled. */
export function pluginKind(): KillKind {
  return {
    name: 'plugin enable/disable',
    async prepare(api) {
      let acked = (await must(api, 'GET', `/api/plugins/${PLUGIN}`, undefined, 200)).state as string
      let pending: string | undefined
      const odd: string[] = []
      return {
        async run() {
          for (;;) {
            const to = acked === 'enabled' ? 'disabled' : 'enabled'
            pending = to
            const r = await api('POST', `/api/plugins/${PLUGIN}/${to === 'enabled' ? 'enable' : 'disable'}`)
            if (r.status === 200) acked = to
            else odd.push(`${to} answered ${r.status}: ${r.text.slice(0, 200)}`)
            pending = undefined
          }
        },
        async check() {
          const problems = [...odd]
          const state = (await must(api, 'GET', `/api/plugins/${PLUGIN}`, undefined, 200)).state as string
          if (state !== acked && state !== pending) problems.push(`${PLUGIN} is ${state}; acknowledged ${acked}${pending ? `, in flight ${pending}` : ''}`)
          const types = ((await must(api, 'GET', '/api/field-types', undefined, 200)) as Array<{ type: string }>).map((t) => t.type)
          if (types.includes(TYPE) !== (state === 'enabled')) problems.push(`${PLUGIN} is ${state} but field type '${TYPE}' is ${types.includes(TYPE) ? '' : 'not '}offered`)
          return problems
        },
      }
    },
  }
}
