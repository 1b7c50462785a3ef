-- Audit log (issue 16, plan 2.5): who did what, written in the same statement or transaction as
-- the change. Append-only: no API changes or deletes an entry; only the retention purge deletes
-- (and deleting a company takes its log with it).
create table audit_logs (
  id uuid primary key default gen_random_uuid(),
  company_id uuid not null references companies(id) on delete cascade,
  user_id uuid references users(id) on delete set null,
  action varchar(100) not null,
  resource_type varchar(50) not null,
  resource_id uuid,
  resource_name text,
  -- The table a record or schema entry belongs to: a table's history in one index range.
  table_id uuid,
  metadata jsonb not null default '{}'::jsonb,
  ip_address inet,
  user_agent text,
  request_id text,
  created_at timestamptz not null default now()
);
-- Keyset pages of a company's log, newest first (scanned backwards, so the row comparison
-- `(created_at, id) < (...)` is an index condition); then per resource, per table, per person.
create index audit_logs_company_created_idx on audit_logs (company_id, created_at, id);
create index audit_logs_resource_idx on audit_logs (company_id, resource_type, resource_id, created_at, id);
create index audit_logs_table_idx on audit_logs (company_id, table_id, created_at, id) where table_id is not null;
create index audit_logs_user_idx on audit_logs (company_id, user_id, created_at, id);

-- Entries are never rewritten, whatever runs the statement.
create function audit_logs_refuse_update() returns trigger language plpgsql as $$
begin
  raise exception 'audit_logs is append-only' using errcode = '42501';
end $$;
create trigger audit_logs_append_only before update on audit_logs for each statement execute function audit_logs_refuse_update();

-- Days an entry is kept; null: forever.
alter table companies add column audit_retention_days integer;
