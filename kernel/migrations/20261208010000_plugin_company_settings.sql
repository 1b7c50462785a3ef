-- Plugin settings per company (issue 16, Tenancy): a plugin that declares `settingsScope: 'company'`
-- keeps one settings value per company here; instance-wide settings stay in plugin_state.config.
-- A company's rows go with the company.
create table plugin_company_settings (
  plugin_id text not null,
  company_id uuid not null references companies(id) on delete cascade,
  config jsonb not null,
  updated_at timestamptz not null default now(),
  primary key (plugin_id, company_id)
);
