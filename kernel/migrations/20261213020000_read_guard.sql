-- Several server processes on one database (issue 19): a read served by a process that has not yet
-- heard of another's schema change (the notification is tens of milliseconds behind the commit)
-- would answer with the old columns although the change had committed before the read began. The
-- page and record reads call this once per statement (a one-time filter) with the versions of the
-- tables their compiled metadata depends on. STABLE, so it reads in the calling statement's own
-- snapshot: a change that committed before the read's snapshot makes DPW02 (the process reads the
-- table again and answers from the new metadata, records/write-support.ts); one committed later is
-- not seen, and the read is answered as of before it, consistently. Unlike docpal_write_guard it
-- takes no lock: a read never waits for a schema change under way.
create function docpal_read_guard(ids uuid[], versions integer[]) returns boolean language plpgsql stable as $$
declare
  v integer;
begin
  for i in 1 .. coalesce(array_length(ids, 1), 0) loop
    select d.version into v from data_tables d where d.id = ids[i];
    if v is distinct from versions[i] then
      raise exception 'a table this read depends on changed since its metadata was read' using errcode = 'DPW02';
    end if;
  end loop;
  return true;
end
$$;
