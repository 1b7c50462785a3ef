-- Permissions (issue 17, plan 5.6): grants of actions on an app, a table or a view to a role or
-- to one user, with row rules (filters in the query grammar) and field rules for tables.
-- Owners and admins are never restricted; a resource without rules keeps the default (members
-- may work with records, only owners and admins manage).

-- Roles a company defines beside owner, admin and member (company_members.role holds the name).
create table company_roles (
  company_id uuid not null references companies(id) on delete cascade,
  name varchar(50) not null,
  label varchar(100) not null,
  created_at timestamptz not null default now(),
  primary key (company_id, name)
);

create table permissions (
  id uuid primary key default gen_random_uuid(),
  company_id uuid not null references companies(id) on delete cascade,
  resource_type varchar(20) not null check (resource_type in ('app', 'table', 'view', 'dashboard')),
  resource_id uuid not null,
  -- Exactly one of them: the rule is for everyone with the role, or for one person.
  role varchar(50),
  user_id uuid references users(id) on delete cascade,
  actions text[] not null,
  -- Row rules in the query filter grammar, column references stored as column ids (renames keep them).
  read_filter jsonb,
  edit_filter jsonb,
  delete_filter jsonb,
  hidden_fields text[] not null default '{}',
  read_only_fields text[] not null default '{}',
  position int not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((role is null) <> (user_id is null))
);
create index permissions_resource_idx on permissions (company_id, resource_type, resource_id, position);
