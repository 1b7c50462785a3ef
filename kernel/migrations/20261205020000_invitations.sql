-- Companies, members, invitations (issue 16).

-- Exactly one owner per company. At most one: a partial unique index. At least one: a deferred
-- constraint trigger checks, at commit, every company whose owner row changed or went (a transfer
-- demotes and promotes in one transaction, so it passes; a company deleted with its members passes).
-- Data from before this migration could have two owners: the earliest joined keeps the role.
update company_members m set role = 'admin'
 where m.role = 'owner'
   and m.id <> (select o.id from company_members o where o.company_id = m.company_id and o.role = 'owner'
                order by o.joined_at, o.id limit 1);
create unique index company_members_one_owner on company_members (company_id) where role = 'owner';

create function company_members_owner_check() returns trigger language plpgsql as $$
begin
  if old.role = 'owner'
     and exists (select 1 from companies c where c.id = old.company_id)
     and not exists (select 1 from company_members m where m.company_id = old.company_id and m.role = 'owner') then
    raise exception 'company % would have no owner', old.company_id using errcode = '23514';
  end if;
  return null;
end $$;

create constraint trigger company_members_keep_owner
  after update or delete on company_members
  deferrable initially deferred
  for each row execute function company_members_owner_check();

-- Invitations: only hashes of the invite code (shown to the inviter) and of the magic-link token
-- (mailed) are stored. Single use (accepted_at), expiring, revocable (revoked_at).
create table company_invitations (
  id uuid primary key default gen_random_uuid(),
  company_id uuid not null references companies(id) on delete cascade,
  email text not null,
  role text not null check (role in ('admin', 'member')),
  code_hash text not null unique,
  token_hash text not null unique,
  invited_by uuid references users(id) on delete set null,
  accepted_by uuid references users(id) on delete set null,
  expires_at timestamptz not null,
  accepted_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);
create index company_invitations_company_idx on company_invitations (company_id, created_at);
