-- Several server processes on one database (issue 19): plugin settings (instance and per company)
-- are held in memory by each process. A save through another process must count from the next
-- request on, not when its notification arrives: every save bumps this counter in its own
-- transaction (these triggers), each request reads it in the statement that also checks its
-- person's credentials (host-server/src/auth/freshness-check.ts), and a process behind reads
-- the settings again before it serves the request (plugins/settings-generation.ts).
create table plugin_settings_generation (
  only_row boolean primary key default true check (only_row),
  n bigint not null default 0
);
insert into plugin_settings_generation default values;

create function docpal_plugin_settings_saved() returns trigger language plpgsql as $$
begin
  update plugin_settings_generation set n = n + 1;
  return null;
end
$$;

create trigger plugin_state_settings_saved after insert or update of config on plugin_state
  for each statement execute function docpal_plugin_settings_saved();
create trigger plugin_company_settings_saved after insert or update or delete on plugin_company_settings
  for each statement execute function docpal_plugin_settings_saved();
