import os from 'node:os'
import { benchAddColumn } from './add-column.ts'
import { benchAdvancedFields } from './advanced-fields.ts'
import { benchBulkInsert } from './bulk-insert.ts'
import { benchConcurrency, benchConcurrencyEmbedded } from './concurrency.ts'
import { benchCreateTable } from './create-table.ts'
import { benchRetype } from './retype.ts'
import { benchSchemaEmbedded } from './schema-embedded.ts'
import { benchEmbeddedWorkload } from './embedded-workload.ts'
import { benchPageQuery } from './page-query.ts'
import { benchSearch } from './search.ts'
import { benchSearchFirstPage } from './search-first-page.ts'
import { benchExport } from './export.ts'
import { benchWeb } from './web.ts'
import { benchPluginInstall } from './plugin-install.ts'
import { benchArchiveBombs } from './archive-bombs.ts'
import { benchColdStart } from './cold-start.ts'
import { benchImageSize } from './image-size.ts'
import { benchIndexCost } from './index-cost.ts'
import { benchImport } from './import.ts'
import { benchGridEdit } from './grid-edit.ts'
import { benchAuditCost } from './audit-cost.ts'
import { benchAuth } from './auth.ts'
import { benchWorkflows } from './workflows.ts'
import { benchProcesses } from './processes.ts'

/** `pnpm bench`: every figure of the kernel, advanced-field, web and plugin issues, each beside its baseline. */
console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, PostgreSQL on loopback`)
await benchCreateTable()
await benchBulkInsert()
await benchBulkInsert(100_000, 1_000)
await benchPageQuery()
await benchIndexCost()
await benchSearch()
await benchSearchFirstPage()
await benchExport()
await benchAddColumn()
await benchRetype()
await benchSchemaEmbedded()
await benchEmbeddedWorkload()
await benchConcurrency()
await benchConcurrencyEmbedded()
await benchAuth()
await benchAdvancedFields()
await benchWeb()
await benchPluginInstall()
await benchArchiveBombs(false)
await benchColdStart()
await benchImageSize()
await benchImport()
await benchGridEdit()
await benchAuditCost()
await benchWorkflows()
await benchProcesses()
