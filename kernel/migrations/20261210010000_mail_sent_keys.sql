-- Idempotency keys of mails sent by plugins (a workflow step's `run.idempotencyKey` plus the
-- recipient): a retried or resumed step finds its key and does not mail again.
create table mail_sent_keys (
  key text primary key,
  created_at timestamptz not null default now()
);
create index mail_sent_keys_created_idx on mail_sent_keys (created_at);
