-- Workflows, flow control (issue 18): loops, parallel branches, sub-workflows and waits for events.

-- What a step fans out into once done: {"each": [...items]} (a loop over its branch) or {"all": true}
-- (every branch at once). Stored so a resumed run walks the same items it started with.
alter table workflow_run_steps add column fan jsonb;
-- What a waiting step waits for: {"until": iso} | {"task": true} | {"run": runId} | {"event": {name, key, until?}}.
alter table workflow_run_steps add column wait jsonb;

-- A run started by a step of another (a sub-workflow): its end completes that step when it waits.
alter table workflow_runs add column parent_run_id uuid references workflow_runs(id) on delete set null;
alter table workflow_runs add column parent_path text;
create index workflow_runs_parent_idx on workflow_runs (parent_run_id) where parent_run_id is not null;

-- Steps waiting for an event (sent by a step or POST /api/workflow-events), matched by company, name and key.
create table workflow_event_waits (
  run_id uuid not null references workflow_runs(id) on delete cascade,
  path text not null,
  company_id uuid not null references companies(id) on delete cascade,
  name text not null,
  key text,
  due_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (run_id, path)
);
create index workflow_event_waits_name_idx on workflow_event_waits (company_id, name, key);
