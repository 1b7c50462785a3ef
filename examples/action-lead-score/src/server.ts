import { defineAction, definePlugin, defineServerPlugin, z } from '@docpal/plugin-sdk'

/**
 * A workflow action from outside the DocPal repository's plugins: the weighted sum of some values
 * (usually record fields through variables), capped, with a grade. It only computes, so running
 * it twice is harmless (`idempotent`).
 */
export const leadScore = defineAction({
  type: 'lead-score',
  label: 'Lead score',
  description: 'Weighted sum of values (e.g. {{trigger.record.Employees}}), capped at `max`, with a grade A-C.',
  config: z
    .object({
      parts: z
        .array(z.object({ value: z.unknown(), weight: z.number().min(-1000).max(1000) }).strict())
        .min(1)
        .max(50),
      max: z.number().positive().max(1_000_000).default(100),
    })
    .strict(),
  outputs: ['score', 'grade'],
  idempotent: true,
  run: (c) => {
    let score = 0
    for (const p of c.parts) {
      const v = typeof p.value === 'number' ? p.value : typeof p.value === 'string' && p.value.trim() !== '' ? Number(p.value) : p.value === true ? 1 : 0
      if (!Number.isFinite(v)) throw new Error(`'${String(p.value)}' is not a number`)
      score += v * p.weight
    }
    score = Math.max(0, Math.min(c.max, Math.round(score)))
    const grade = score >= c.max * 0.7 ? 'A' : score >= c.max * 0.4 ? 'B' : 'C'
    return { output: { score, grade } }
  },
})

export default defineServerPlugin(
  definePlugin({
    id: 'action-lead-score',
    name: 'Lead score',
    version: '1.0.0',
    kernel: '^1.0.0',
    dependsOn: [],
    category: 'workflow',
    description: 'Scores a record from weighted fields, as a workflow step.',
    capabilities: [],
  }),
  { actions: [leadScore] },
)
