-- Audit entries no longer check their company and user by foreign key (issue 16: the log's cost
-- on a single create was 22-24% against <= 10%). Each entry paid two RI triggers, each a
-- `select ... for key share` of the company's and the user's row, which concurrent writers of one
-- company all lock (multixacts): about 40% of the entry's database CPU (docs/benchmarks.md).
-- Both ids come from the authenticated actor, never from input. What the keys also did:
-- - deleting a company took its log by cascade: companies-service.ts deletes it in the same
--   transaction instead;
-- - deleting a user would have set `user_id` null, which the append-only trigger refuses (no
--   code deletes users); an entry now keeps the id of who did it, and reads show no name for an
--   id whose account is gone.
alter table audit_logs drop constraint if exists audit_logs_company_id_fkey, drop constraint if exists audit_logs_user_id_fkey;

-- A batched entry (`record.bulk_create`) is found by the records it lists through the span of
-- their ids, `[min, max]`, one GiST key per entry, instead of a GIN index holding all of them
-- (5,000 keys for a 5,000-row request: ~4.5 ms of its ~30 ms of audit work). Record ids are
-- time-ordered (UUIDv7), so a batch's span holds few other records; `record_ids @> array[X]`
-- then checks the entry really lists X.
create type audit_id_span as range (subtype = uuid);
alter table audit_logs add column record_span audit_id_span;
alter table audit_logs disable trigger audit_logs_append_only;
update audit_logs set record_span = audit_id_span((select x from unnest(record_ids) x order by x limit 1), (select x from unnest(record_ids) x order by x desc limit 1), '[]')
  where record_ids is not null and cardinality(record_ids) > 0;
alter table audit_logs enable trigger audit_logs_append_only;
create index audit_logs_record_span_idx on audit_logs using gist (record_span) where record_span is not null;
drop index audit_logs_record_ids_idx;
