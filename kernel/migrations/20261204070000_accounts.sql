-- Accounts (issue 16): people sign in, belong to companies through memberships, and hold sessions
-- and API tokens. Only hashes of session and token secrets are stored.

alter table companies
  add column slug text,
  add column logo text,
  add column description text,
  add column created_by uuid,
  add column updated_at timestamptz not null default now();
update companies set slug = 'company-' || substr(replace(id::text, '-', ''), 1, 12) where slug is null;
alter table companies alter column slug set not null;
create unique index companies_slug_key on companies (slug);

alter table users
  add column password_hash text,
  add column email_verified_at timestamptz,
  add column last_login_at timestamptz,
  add column is_instance_admin boolean not null default false,
  add column updated_at timestamptz not null default now();
create unique index users_email_key on users (lower(email));

-- A user's role is per company now. Roles are text: owner, admin, member, and (permissions issue)
-- roles a company defines.
create table company_members (
  id uuid primary key default gen_random_uuid(),
  company_id uuid not null references companies(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  role text not null,
  invited_by uuid references users(id) on delete set null,
  joined_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  unique (company_id, user_id)
);
create index company_members_user_idx on company_members (user_id);
insert into company_members (company_id, user_id, role) select company_id, id, role from users;
alter table users drop column company_id, drop column role;

create table sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  token_hash text not null unique,
  current_company_id uuid references companies(id) on delete set null,
  ip_address text,
  user_agent text,
  created_at timestamptz not null default now(),
  last_activity_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_idx on sessions (user_id);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  name text not null,
  token_hash text not null unique,
  -- null: every company the user belongs to
  company_ids uuid[],
  -- 'read' or 'write'
  access text not null,
  expires_at timestamptz,
  last_used_at timestamptz,
  created_at timestamptz not null default now()
);
create index api_tokens_user_idx on api_tokens (user_id);
