-- Bulk inserts and imports write one batched `record.bulk_create` entry per batch (issue 16: one
-- row per record, with the log's five indexes, cost a bulk insert ~45% of its throughput;
-- bench/audit-cost.ts, docs/benchmarks.md).
-- `record_ids`: the records a batched entry covers, so "the entries of record X" (a record's
-- timeline, `resourceId` filters, a member's row rules) still find its creation, through a GIN
-- index on `record_ids @> array[X]`. Null on every other entry and left out of the index.
-- `batch`: the records' values as compact json arrays (`[[id, [values...]], ...]`, column names
-- once in `metadata.columns`); the API answers them as `metadata.records` (audit/batched-entry.ts).
-- `json`, not jsonb: it is built as text and stored as such, about 5x cheaper to write than the
-- same values as jsonb objects, and it is read rarely.
alter table audit_logs add column record_ids uuid[], add column batch json;
create index audit_logs_record_ids_idx on audit_logs using gin (record_ids) where record_ids is not null;
-- lz4 compresses a batch several times faster than the default pglz; builds without lz4 (PGlite)
-- keep pglz.
do $$
begin
  alter table audit_logs alter column batch set compression lz4;
exception when others then
  null;
end $$;
