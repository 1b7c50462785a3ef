-- Several server processes on one database (issue 19): each process caches a company's permission
-- rules. A rule saved through another process bumps the versions of the company's tables, so
-- record reads and writes use it at once (their guards); this counter makes every other use of
-- the rules (table and view metadata, app lists) current from the next request on too: every save
-- bumps it in its own transaction, each request reads it with its credentials check
-- (host-server/src/auth/freshness-check.ts), and a process behind forgets its cached rules first.
create table permission_rules_generation (
  only_row boolean primary key default true check (only_row),
  n bigint not null default 0
);
insert into permission_rules_generation default values;

create function docpal_permission_rules_saved() returns trigger language plpgsql as $$
begin
  update permission_rules_generation set n = n + 1;
  return null;
end
$$;

create trigger permissions_saved after insert or update or delete on permissions
  for each statement execute function docpal_permission_rules_saved();
