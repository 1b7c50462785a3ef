-- Several server processes on one database (issue 19): each compiles a table's metadata once and
-- caches it, so a process that has not yet heard of another's schema change would write with old
-- column knowledge (a new stored count not maintained, a backfill that missed the write). Every
-- record write calls this with the tables its compiled statements depend on (the table and those
-- reachable through its relations) and the versions it compiled them at. It takes a SHARED
-- advisory lock per table for the rest of the transaction (a schema change takes the same key
-- EXCLUSIVE before its DDL and backfill, ddl/table-lock.ts; advisory locks write no tuples, unlike
-- SELECT ... FOR SHARE on a hot row), without waiting: while a schema change holds or awaits a
-- key, DPW01 says so at once (waiting here, inside a statement that already holds its table,
-- could deadlock with the change's ALTER). Then the versions: a change that committed since the
-- caller compiled makes DPW02. A volatile PL/pgSQL function reads with a snapshot of its own, so
-- it sees a change that committed after the calling statement started. Either SQLSTATE aborts the
-- write: records/write-guard.ts drops the cache and runs it again once with fresh metadata.
-- Written as loops of simple expressions and one indexed read per table: the same checks as
-- set-based queries (unnest, bool_and, a join) cost ~30x the CPU per call (measured: ~100 µs
-- against ~3 µs), which a single-record create notices.
create function docpal_write_guard(ids uuid[], versions integer[]) returns boolean language plpgsql volatile as $$
declare
  v integer;
begin
  for i in 1 .. coalesce(array_length(ids, 1), 0) loop
    if not pg_try_advisory_xact_lock_shared(hashtextextended(ids[i]::text, 19)) then
      raise exception 'a schema change of a table this write depends on is under way' using errcode = 'DPW01';
    end if;
  end loop;
  for i in 1 .. coalesce(array_length(ids, 1), 0) loop
    select d.version into v from data_tables d where d.id = ids[i];
    if v is distinct from versions[i] then
      raise exception 'a table this write depends on changed since its metadata was read' using errcode = 'DPW02';
    end if;
  end loop;
  return true;
end
$$;
