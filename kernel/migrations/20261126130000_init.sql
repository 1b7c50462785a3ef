create table companies (
  id uuid primary key,
  name text not null,
  created_at timestamptz not null default now()
);

create table users (
  id uuid primary key,
  company_id uuid not null references companies(id) on delete cascade,
  name text not null,
  email text,
  avatar text,
  role text not null default 'member',
  created_at timestamptz not null default now()
);

create table apps (
  id uuid primary key default gen_random_uuid(),
  company_id uuid not null references companies(id) on delete cascade,
  name text not null,
  icon text,
  description text,
  menu jsonb not null default '[]',
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index apps_company_idx on apps (company_id);

create table folders (
  id uuid primary key default gen_random_uuid(),
  company_id uuid not null references companies(id) on delete cascade,
  app_id uuid not null references apps(id) on delete cascade,
  parent_id uuid references folders(id) on delete cascade,
  name text not null,
  description text,
  "order" integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index folders_app_idx on folders (app_id);

create table folder_items (
  id uuid primary key default gen_random_uuid(),
  folder_id uuid not null references folders(id) on delete cascade,
  item_type text not null check (item_type in ('table', 'view', 'dashboard', 'folder')),
  item_id uuid not null,
  "order" integer not null default 0,
  created_at timestamptz not null default now(),
  unique (folder_id, item_type, item_id)
);

create table data_tables (
  id uuid primary key,
  company_id uuid not null references companies(id) on delete cascade,
  app_id uuid not null references apps(id) on delete cascade,
  name text not null,
  description text,
  table_name text not null unique,
  schema jsonb not null default '[]',
  default_card_view jsonb not null default '{}',
  default_form jsonb not null default '{}',
  default_detail_dashboard jsonb not null default '{}',
  user_card_view jsonb,
  form jsonb,
  detail_view jsonb,
  version integer not null default 1,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (app_id, name)
);

create table data_table_columns (
  id uuid primary key,
  data_table_id uuid not null references data_tables(id) on delete cascade,
  name text not null,
  type text not null,
  config jsonb not null default '{}',
  "order" integer not null default 0,
  required boolean not null default false,
  column_name text,
  data_type text,
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index data_table_columns_table_idx on data_table_columns (data_table_id);
create index data_table_columns_type_idx on data_table_columns (type) where archived_at is null;

create table views (
  id uuid primary key default gen_random_uuid(),
  company_id uuid not null references companies(id) on delete cascade,
  app_id uuid not null references apps(id) on delete cascade,
  data_table_id uuid not null references data_tables(id) on delete cascade,
  name text not null,
  description text,
  type text not null,
  schema jsonb not null default '{}',
  query_config jsonb not null default '{}',
  config jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index views_app_idx on views (app_id);
create index views_table_idx on views (data_table_id);

create table plugin_state (
  id text primary key,
  enabled boolean not null,
  config jsonb not null default '{}',
  updated_at timestamptz not null default now()
);

create table plugin_migrations (
  plugin_id text not null,
  id text not null,
  applied_at timestamptz not null default now(),
  primary key (plugin_id, id)
);
