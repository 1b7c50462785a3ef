import { describe, expect, it } from 'vitest'
import { BodyShape, bodyProblem } from '../src/server/body-shape.ts'

describe('webhook body shape', () => {
  const shape = BodyShape.parse({ required: ['id'], properties: { id: 'integer', amount: 'number', tags: 'array' }, additional: false })
  it('accepts a body that fits (integers are numbers)', () => {
    expect(bodyProblem({ id: 3, amount: 2, tags: [] }, shape)).toBeUndefined()
  })
  it('names the first problem and its path', () => {
    expect(bodyProblem({}, shape)).toEqual({ message: "The body needs 'id'.", path: ['id'] })
    expect(bodyProblem({ id: 1.5 }, shape)?.path).toEqual(['id'])
    expect(bodyProblem({ id: 1, extra: true }, shape)?.path).toEqual(['extra'])
    expect(bodyProblem([1], shape)?.path).toEqual([])
    expect(bodyProblem(null, shape)?.path).toEqual([])
  })
  it('does not take inherited keys for declared properties', () => {
    const open = BodyShape.parse({})
    expect(bodyProblem(JSON.parse('{"constructor": 1, "__proto__": 2}'), open)).toBeUndefined()
  })
})
