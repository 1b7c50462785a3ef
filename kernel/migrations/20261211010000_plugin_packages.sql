-- Installed plugin packages (issue 19): the tarball an admin installed, kept in the database so
-- every server process on it unpacks the same files (checksum verified) into its own
-- <data dir>/plugins, and a process started later finds them. Built-in plugins have no row.
create table plugin_packages (
  id text primary key,
  version text not null,
  sha256 text not null,
  archive bytea not null,
  installed_at timestamptz not null default now()
);
