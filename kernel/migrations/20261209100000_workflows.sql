-- Workflows (issue 18, plan phases 3 and 5): definitions with versions, an outbox of record writes
-- filled inside the writing transaction, runs and their steps (each step's start and result are
-- stored before the next starts, so a run resumes after a crash), and human tasks.

create table workflows (
  id uuid primary key default gen_random_uuid(),
  company_id uuid not null references companies(id) on delete cascade,
  app_id uuid not null references apps(id) on delete cascade,
  name varchar(200) not null,
  description text not null default '',
  enabled boolean not null default false,
  -- The version runs start with; every save makes a new one (runs keep the one they started with).
  version int not null default 1,
  -- The table a record trigger watches (null for manual and scheduled triggers).
  watched_table_id uuid,
  -- Scheduled triggers: when the next run starts.
  next_fire_at timestamptz,
  -- Runs act as this user (the workflow's creator unless an admin changes it).
  run_as uuid not null references users(id),
  created_by uuid not null references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index workflows_app_idx on workflows (app_id, created_at);
create index workflows_watch_idx on workflows (watched_table_id) where enabled;
create index workflows_fire_idx on workflows (next_fire_at) where enabled and next_fire_at is not null;

create table workflow_versions (
  workflow_id uuid not null references workflows(id) on delete cascade,
  version int not null,
  -- {trigger: {type, config, conditions?}, steps: [{id, type, config, name?, branches?}]}
  definition jsonb not null,
  created_by uuid not null,
  created_at timestamptz not null default now(),
  primary key (workflow_id, version)
);

-- Record writes of watched tables, written by statement triggers in the writer's transaction.
create table workflow_outbox (
  id bigserial primary key,
  table_name text not null,
  op varchar(10) not null check (op in ('created', 'updated', 'deleted')),
  row_new jsonb,
  row_old jsonb,
  created_at timestamptz not null default now()
);

create table workflow_runs (
  id uuid primary key default gen_random_uuid(),
  company_id uuid not null references companies(id) on delete cascade,
  workflow_id uuid not null references workflows(id) on delete cascade,
  version int not null,
  status varchar(12) not null check (status in ('queued', 'running', 'waiting', 'completed', 'failed', 'cancelled')),
  -- The trigger's variables: {type, record?, before?, changed?, input?, tableId?, recordId?}.
  trigger jsonb not null,
  run_as uuid not null,
  started_by uuid,
  test boolean not null default false,
  -- A process holds a run while lease_until is ahead; an expired lease is taken over.
  lease_owner text,
  lease_until timestamptz,
  next_at timestamptz not null default now(),
  error jsonb,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);
create index workflow_runs_due_idx on workflow_runs (next_at) where status in ('queued', 'running', 'waiting');
create index workflow_runs_workflow_idx on workflow_runs (workflow_id, created_at desc);

create table workflow_run_steps (
  run_id uuid not null references workflow_runs(id) on delete cascade,
  -- Where the step sits: its id, prefixed by the branch path ("check/then/notify").
  path text not null,
  step_id text not null,
  type text not null,
  status varchar(12) not null check (status in ('running', 'waiting', 'completed', 'failed', 'skipped', 'cancelled')),
  attempt int not null default 1,
  input jsonb,
  output jsonb,
  branch text,
  error jsonb,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  primary key (run_id, path)
);

create table workflow_tasks (
  id uuid primary key default gen_random_uuid(),
  company_id uuid not null references companies(id) on delete cascade,
  run_id uuid not null references workflow_runs(id) on delete cascade,
  path text not null,
  kind varchar(10) not null check (kind in ('approval', 'form')),
  title text not null,
  assignee_users uuid[] not null default '{}',
  assignee_roles text[] not null default '{}',
  required int,
  fields jsonb,
  status varchar(10) not null default 'open' check (status in ('open', 'done', 'cancelled')),
  -- [{by, decision, comment, data, at}]
  responses jsonb not null default '[]',
  outcome jsonb,
  due_at timestamptz,
  created_at timestamptz not null default now(),
  completed_at timestamptz
);
create index workflow_tasks_open_idx on workflow_tasks (company_id, status) where status = 'open';
create index workflow_tasks_due_idx on workflow_tasks (due_at) where status = 'open' and due_at is not null;

-- Statement triggers attached to watched tables (workflows/outbox-triggers.ts): one insert per
-- statement whatever its row count. Transition tables are named n (new rows) and o (old rows).
-- No NOTIFY here: PostgreSQL serialises the commits of notifying transactions, which halved the
-- rate of concurrent creates; the writing process dispatches its own writes at once, and other
-- processes' engines find theirs at their next poll.
create function docpal_wf_created() returns trigger language plpgsql as $$
begin
  insert into workflow_outbox (table_name, op, row_new) select TG_TABLE_NAME, 'created', to_jsonb(n) from n;
  return null;
end
$$;

create function docpal_wf_updated() returns trigger language plpgsql as $$
begin
  insert into workflow_outbox (table_name, op, row_new, row_old)
    select TG_TABLE_NAME, 'updated', to_jsonb(n), to_jsonb(o) from n join o on o.id = n.id
    where to_jsonb(n) - 'updated_at' is distinct from to_jsonb(o) - 'updated_at';
  return null;
end
$$;

create function docpal_wf_deleted() returns trigger language plpgsql as $$
begin
  insert into workflow_outbox (table_name, op, row_old) select TG_TABLE_NAME, 'deleted', to_jsonb(o) from o;
  return null;
end
$$;
