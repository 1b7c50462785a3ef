-- Which path wrote a record (issue 18, "form submitted" trigger): a write made through a table's
-- form sets docpal.write_source = 'form' for its own transaction; the created-record outbox row
-- keeps it, so the trigger knows a form submission from any other create.
alter table workflow_outbox add column source text;

create or replace function docpal_wf_created() returns trigger language plpgsql as $$
begin
  insert into workflow_outbox (table_name, op, row_new, source)
    select TG_TABLE_NAME, 'created', to_jsonb(n), nullif(current_setting('docpal.write_source', true), '') from n;
  return null;
end
$$;
