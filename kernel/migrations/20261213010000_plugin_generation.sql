-- Several server processes on one database (issue 19): a plugin enabled or disabled in one process
-- changes which field types the others may plan columns with, and a notification can arrive after
-- the next request. The generation counts committed plugin changes (enable, disable, update,
-- uninstall); a schema change reads it under a SHARED advisory lock that plugin changes take
-- EXCLUSIVE (plugins/plugin-generation.ts) and, when it is not the generation this process last
-- applied, brings its plugins up to date before planning. One row, updated only by plugin changes.
create table plugin_generation (
  only_row boolean primary key default true check (only_row),
  n bigint not null default 0
);
insert into plugin_generation default values;
