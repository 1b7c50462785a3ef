-- Email (issue 16): the development outbox, used when no SMTP server is configured, and the
-- one-time tokens the account mails carry (only their hashes are stored).

create table mail_outbox (
  id uuid primary key default gen_random_uuid(),
  to_address text not null,
  kind text not null,
  locale text not null,
  subject text not null,
  text_body text not null,
  html_body text not null,
  company_id uuid references companies(id) on delete set null,
  created_at timestamptz not null default now()
);
create index mail_outbox_created_idx on mail_outbox (created_at desc, id desc);

-- purpose: verify-email, magic-link, password-reset, email-change. `email` is the address the token
-- was sent to (for email-change: the new address, switched to when the token is used).
create table account_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  purpose text not null,
  token_hash text not null unique,
  email text not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index account_tokens_user_idx on account_tokens (user_id, purpose);
