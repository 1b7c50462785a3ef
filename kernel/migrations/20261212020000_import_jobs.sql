-- CSV/TSV/XLSX imports shared by the server processes on one PostgreSQL (issue 19): an upload, its
-- preview and, once started, its progress and report, so each request of an import may reach any
-- process. `lease_until` is pushed forward by the process running the import; a running import
-- whose lease passed lost its process and is reported failed.
create table import_jobs (
  id uuid primary key,
  company_id uuid not null references companies(id) on delete cascade,
  user_id text,
  file_name text not null,
  state text not null,
  size bigint not null default 0,
  facts jsonb,
  head bytea,
  settings jsonb,
  preview jsonb,
  mode text,
  table_id uuid,
  processed integer not null default 0,
  written integer not null default 0,
  rejected integer not null default 0,
  report jsonb not null default '[]',
  error jsonb,
  lease_until timestamptz,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index import_jobs_expiry on import_jobs (state, coalesce(finished_at, created_at));

-- The uploaded file, in chunks of about 1 MiB written as the upload streams in; read back in order
-- by whichever process previews or runs the import. Dropped with its job.
create table import_files (
  job_id uuid not null references import_jobs(id) on delete cascade,
  seq integer not null,
  bytes bytea not null,
  primary key (job_id, seq)
);
