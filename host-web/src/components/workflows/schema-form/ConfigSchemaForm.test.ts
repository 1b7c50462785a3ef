import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n, registry, type TableMeta } from '@docpal/plugin-sdk/client'
import { z } from '@docpal/plugin-sdk'
import { condition } from '../../../../../plugins/action-condition/src/server/index.ts'
import { updateRecord } from '../../../../../plugins/action-update-record/src/server/index.ts'
import { approval } from '../../../../../plugins/action-approval/src/server/index.ts'
import { transform } from '../../../../../plugins/action-transform/src/server/index.ts'
import { runWorkflow } from '../../../../../plugins/action-run-workflow/src/server/index.ts'
import { recordUpdated } from '../../../../../plugins/trigger-record-updated/src/server/index.ts'
import { userForm } from '../../../../../plugins/action-user-form/src/server/index.ts'
import switchField from '../../../../../plugins/field-switch/src/client/index.tsx'
import { installMessages, setLocale } from '../../../i18n/install.ts'
import ConfigSchemaForm from './ConfigSchemaForm.vue'
import VariablePicker from './VariablePicker.vue'
import SchemaVariant from './SchemaVariant.vue'
import { defaultFor, kindOf, propertiesOf, resolve, variantIndex, variantLabel, variantsOf, withProperty, type Schema } from './schema.ts'

// The field map asks the server which field types are computed (GET /api/field-types); no server here.
vi.mock('../../../composables/useFieldTypes.ts', () => ({ useTypes: () => ({ fieldType: () => undefined }) }))
// The company's people and roles come from GET /api/users and /roles; here, two of each.
vi.mock('./usePeople.ts', async () => {
  const { ref } = await import('vue')
  return {
    usePeople: () => ({
      users: ref([
        { value: 'u-ann', label: 'Ann (ann@example.com)' },
        { value: 'u-bo', label: 'Bo (bo@example.com)' },
      ]),
      roles: ref([
        { value: 'admin', label: 'Admin' },
        { value: 'sales', label: 'Sales' },
      ]),
    }),
  }
})

/**
 * The builder's JSON-Schema form generator, over the schemas the server really sends: the shipped
 * plugins' zod configs through the same conversion GET /api/workflow-types uses.
 */
// The conversion of host-server/src/routes/types.ts `jsonSchema` (importing it would boot the kernel's modules).
const schemaOf = (s: z.ZodType): Schema => z.toJSONSchema(s, { target: 'draft-7', unrepresentable: 'any', io: 'input' })
const cond = schemaOf(condition.config)
const update = schemaOf(updateRecord.config)
const approve = schemaOf(approval.config)
const trans = schemaOf(transform.config)
const updated = schemaOf(recordUpdated.config)

const deals: TableMeta = {
  id: '5f0c6d3e-1111-4c2b-9d4e-000000000001',
  appId: 'a',
  name: 'Deals',
  columns: [
    { id: 'c1', name: 'Name', type: 'text', config: {}, required: false, order: 0 },
    { id: 'c2', name: 'Stage', type: 'text', config: {}, required: false, order: 1 },
  ],
}
const variables = [{ label: 'Record of Deals', tokens: [{ label: 'Name', token: '{{trigger.record.Name}}' }] }]
const global = { plugins: [ElementPlus, i18n] }
afterEach(() => setLocale('en'))
const last = (w: ReturnType<typeof mount>) => (w.emitted('update:modelValue')!.at(-1) as [unknown])[0]

describe('schema helpers', () => {
  it('chooses an input per node: table ids get a table picker, records a map, $ref and anyOf a variant', () => {
    const p = propertiesOf(update)
    expect(kindOf(p['tableId']!, 'tableId')).toBe('table')
    expect(kindOf(p['recordId']!, 'recordId')).toBe('string')
    expect(kindOf(p['fields']!, 'fields')).toBe('map')
    expect(kindOf(p['filter']!, 'filter')).toBe('any')
    expect(kindOf(propertiesOf(updated)['tableId']!, 'tableId')).toBe('table')
    expect(kindOf(propertiesOf(updated)['fields']!, 'fields')).toBe('array')
    expect(kindOf(propertiesOf(approve)['required']!)).toBe('variant')
    expect(kindOf(propertiesOf(approve)['dueInHours']!)).toBe('number')
    expect(kindOf(resolve(propertiesOf(cond)['test']!, cond))).toBe('variant')
    expect(kindOf(propertiesOf(schemaOf(runWorkflow.config))['workflowId']!, 'workflowId')).toBe('workflow')
  })

  it('starts a config with its required properties and their defaults', () => {
    expect(defaultFor(update, update)).toEqual({ tableId: '', fields: {} })
    expect(defaultFor(cond, cond)).toEqual({ test: { and: [] } })
    expect(defaultFor(approve, approve)).toEqual({ title: '' })
    expect(defaultFor(propertiesOf(approve)['required']!, approve)).toBe(1)
  })

  it('finds the variant a value is, and names variants by their discriminator', () => {
    const test = resolve(propertiesOf(cond)['test']!, cond)
    expect(variantIndex(test, { and: [] }, cond)).toBe(0)
    expect(variantIndex(test, { or: [] }, cond)).toBe(1)
    expect(variantIndex(test, { left: '{{trigger.record.Amount}}', op: 'gt', right: '5' }, cond)).toBe(2)
    expect(variantsOf(test).map((v) => variantLabel(v, cond))).toEqual(['and', 'or', 'left · op'])
    const req = propertiesOf(approve)['required']!
    expect(variantIndex(req, 'all', approve)).toBe(1)
    expect(variantIndex(req, 2, approve)).toBe(0)
    const ops = variantsOf(resolve((propertiesOf(trans)['outputs']!['additionalProperties'] as Schema) ?? {}, trans)).map((v) => variantLabel(v, trans))
    expect(ops).toEqual(['value', 'pick', 'map', 'filter', 'sum / count / min / max / avg', 'join', 'first / last'])
  })

  it('leaves out an emptied optional property, keeps a required one and the order', () => {
    expect(withProperty({ a: 1, b: 'x' }, 'b', '', false)).toEqual({ a: 1 })
    expect(withProperty({ a: 1, b: 'x' }, 'b', '', true)).toEqual({ a: 1, b: '' })
    expect(Object.keys(withProperty({ a: 1, b: 2 }, 'a', 3, true))).toEqual(['a', 'b'])
  })
})

describe('ConfigSchemaForm', () => {
  it("edits an update-record config: the table's fields as names, values with variables", async () => {
    const w = mount(ConfigSchemaForm, { props: { schema: update, modelValue: { tableId: deals.id, fields: { Stage: 'Open' } }, tables: [deals], variables }, global })
    expect(w.find('[data-test="schema-tableId"] [data-test=schema-table]').exists()).toBe(true)
    // The picker shows table names: its label is "Table", not the property's "Table id".
    expect(w.get('[data-test="schema-tableId"] .dp-schema-label').text()).toMatch(/^Table\*/)
    const row = w.get('[data-test=schema-map-row-Stage]')
    await row.get('input').setValue('Won')
    expect(last(w)).toEqual({ tableId: deals.id, fields: { Stage: 'Won' } })
    // The variable picker inserts its token into the value (at the cursor; here after the text).
    await w.setProps({ modelValue: last(w) })
    const picker = w.findAllComponents(VariablePicker).find((c) => c.element.closest('[data-test=schema-map-row-Stage]'))
    picker!.vm.$emit('pick', '{{trigger.record.Name}}')
    expect(last(w)).toEqual({ tableId: deals.id, fields: { Stage: 'Won{{trigger.record.Name}}' } })
    // A value of any type takes JSON (a filter) or text with variables.
    await w.get('[data-test=schema-filter] input').setValue('{"and": [{"field": "Stage", "op": "eq", "value": "Won"}]}')
    expect(last(w)).toMatchObject({ filter: { and: [{ field: 'Stage', op: 'eq', value: 'Won' }] } })
    await w.get('[data-test=schema-filter] input').setValue('{{steps.lookup.filter}}')
    expect(last(w)).toMatchObject({ filter: '{{steps.lookup.filter}}' })
    // An optional text emptied is left out (recordId), so the server sees no empty id.
    await w.setProps({ modelValue: { tableId: deals.id, recordId: 'x', fields: {} } })
    await w.get('[data-test=schema-recordId] input').setValue('')
    expect(last(w)).toEqual({ tableId: deals.id, fields: {} })
  })

  it("edits a field's value with the field type's own editor, or a variable: {x} switches, 'Enter a value instead' back", async () => {
    registry.register(switchField)
    installMessages()
    const withSwitch: TableMeta = { ...deals, columns: [...deals.columns, { id: 'c3', name: 'Signed', type: 'switch', config: {}, required: false, order: 2 }] }
    const w = mount(ConfigSchemaForm, {
      props: { schema: update, modelValue: { tableId: deals.id, fields: { Signed: null, Name: 'x' } }, tables: [withSwitch], variables },
      global,
    })
    const row = () => w.get('[data-test=schema-map-row-Signed]')
    // The switch's own editor, not a text box; a text field keeps its text box with variables.
    expect(row().find('[data-test=field-value-Signed] .el-switch').exists()).toBe(true)
    expect(row().find('[data-test=schema-text]').exists()).toBe(false)
    expect(w.get('[data-test=schema-map-row-Name]').find('[data-test=schema-text]').exists()).toBe(true)
    await row().get('.el-switch').trigger('click')
    expect(last(w)).toEqual({ tableId: deals.id, fields: { Signed: true, Name: 'x' } })
    // {x} makes it a variable: the value is the token, shown as text with its own picker.
    await w.setProps({ modelValue: last(w) })
    row().findComponent(VariablePicker).vm.$emit('pick', '{{trigger.record.Signed}}')
    expect(last(w)).toEqual({ tableId: deals.id, fields: { Signed: '{{trigger.record.Signed}}', Name: 'x' } })
    await w.setProps({ modelValue: last(w) })
    expect(row().find('.el-switch').exists()).toBe(false)
    expect((row().get('input[data-test=schema-text]').element as HTMLInputElement).value).toBe('{{trigger.record.Signed}}')
    await row().get('[data-test=field-value-typed]').trigger('click')
    expect(last(w)).toEqual({ tableId: deals.id, fields: { Signed: null, Name: 'x' } })
  })

  it("labels each field in the reader's language when the plugin ships it, else by its readable name", () => {
    const w = mount(ConfigSchemaForm, {
      props: { schema: approve, modelValue: { title: 'Approve', users: [] }, tables: [], variables, fieldLabels: { title: '标题', dueInHours: '期限（小时）' } },
      global,
    })
    expect(w.get('[data-test=schema-title] .dp-schema-label').text()).toContain('标题')
    expect(w.get('[data-test=schema-dueInHours] .dp-schema-label').text()).toContain('期限（小时）')
    expect(w.get('[data-test=schema-roles] .dp-schema-label').text()).toContain('Roles')
  })

  it("shows a variant left out at its default (an approval's Required: 1), as the server applies it", () => {
    const w = mount(ConfigSchemaForm, { props: { schema: approve, modelValue: { title: 'Approve', users: [] }, tables: [], variables }, global })
    expect((w.get('[data-test=schema-required] [data-test=schema-number] input').element as HTMLInputElement).value).toBe('1')
  })

  it("shows each field's help in the reader's language when the plugin ships it, else the schema's description", () => {
    const zh = approval.translations?.['zh-CN']
    const w = mount(ConfigSchemaForm, {
      props: {
        schema: approve,
        modelValue: { title: 'Approve', users: [] },
        tables: [],
        variables,
        fieldLabels: zh?.fields,
        fieldHelp: { required: zh?.help?.['required'] ?? '' },
      },
      global,
    })
    expect(w.get('[data-test=schema-required] .dp-schema-label small').text()).toBe('所需的批准数')
    // No translation given for roles here: its English description stays.
    expect(w.get('[data-test=schema-roles] .dp-schema-label small').text()).toBe('Company roles (owner, admin, member, or your own)')
  })

  it("switches a condition's test to a comparison and fills it in", async () => {
    const w = mount(ConfigSchemaForm, { props: { schema: cond, modelValue: { test: { and: [] } }, tables: [], variables }, global })
    w.findComponent(SchemaVariant).findComponent({ name: 'ElSelect' }).vm.$emit('update:modelValue', 2)
    expect(last(w)).toEqual({ test: { left: '', op: 'eq' } })
    await w.setProps({ modelValue: last(w) })
    await w.get('[data-test="schema-test.left"] input').setValue('{{trigger.record.Amount}}')
    expect(last(w)).toEqual({ test: { left: '{{trigger.record.Amount}}', op: 'eq' } })
  })

  it('shows the server error at the input its path names', () => {
    const w = mount(ConfigSchemaForm, {
      props: { schema: approve, modelValue: { title: 'Approve', users: [] }, tables: [], variables, error: { path: ['title'], message: 'Too long' } },
      global,
    })
    expect(w.get('[data-test=schema-title] [data-test=schema-error]').text()).toBe('Too long')
    expect(w.findAll('[data-test=schema-error]')).toHaveLength(1)
  })

  it('picks approvers and roles from the company by name, and keeps a typed variable', async () => {
    const w = mount(ConfigSchemaForm, {
      props: { schema: approve, modelValue: { title: 'Approve', users: ['u-bo', '{{trigger.record.Manager}}'], roles: ['sales'] }, tables: [], variables },
      global,
      attachTo: document.body,
    })
    await flushPromises()
    // Chosen ids read as names; a variable reads as itself.
    expect(w.get('[data-test=schema-users] [data-test=schema-tags]').text()).toContain('Bo (bo@example.com)')
    expect(w.get('[data-test=schema-users] [data-test=schema-tags]').text()).toContain('{{trigger.record.Manager}}')
    expect(w.get('[data-test=schema-roles] [data-test=schema-tags]').text()).toContain('Sales')
    // The roles list offers roles, not the table's field names.
    const roles = w.get('[data-test=schema-roles]').findComponent({ name: 'ElSelect' })
    expect(roles.findAllComponents({ name: 'ElOption' }).map((o) => o.props('label'))).toEqual(['Admin', 'Sales'])
    w.get('[data-test=schema-users]').findComponent({ name: 'ElSelect' }).vm.$emit('update:modelValue', ['u-bo', 'u-ann'])
    expect(last(w)).toEqual({ title: 'Approve', users: ['u-bo', 'u-ann'], roles: ['sales'] })
    w.unmount()
  })

  it("words a choice list's values in the reader's language (a form field's type, a comparison), others as the plugin wrote them", async () => {
    installMessages()
    setLocale('zh-CN')
    const shown = (w: ReturnType<typeof mount>, at: string) =>
      w
        .findAll(`[data-test="${at}"] [data-test=schema-enum] .el-select__selected-item`)
        .map((e) => e.text())
        .filter(Boolean)
    const form = mount(ConfigSchemaForm, {
      props: { schema: schemaOf(userForm.config), modelValue: { title: 'Notes', users: [], fields: [{ name: 'Notes', type: 'long_text' }] }, tables: [], variables },
      global,
    })
    await flushPromises()
    expect(shown(form, 'schema-fields.0.type')).toEqual(['长文本'])
    const test = mount(ConfigSchemaForm, { props: { schema: cond, modelValue: { test: { left: '{{trigger.record.Amount}}', op: 'notContains' } }, tables: [], variables }, global })
    await flushPromises()
    expect(shown(test, 'schema-test.op')).toEqual(['不包含'])
    // HTTP methods have no words of their own: they show as written.
    const hook = mount(ConfigSchemaForm, {
      props: { schema: schemaOf(z.object({ method: z.enum(['GET', 'POST']) })), modelValue: { method: 'POST' }, tables: [], variables },
      global,
    })
    await flushPromises()
    expect(shown(hook, 'schema-method')).toEqual(['POST'])
  })
})
