-- Several server processes on one database (issue 19): each process caches sessions, tokens and a
-- person's companies and roles for 30 s. A logout, a revoked token or a membership change made
-- through another process must end those entries from the next request on, not when a
-- notification arrives. Every such change bumps the person's `credentials_changed` in its own
-- transaction (these triggers, whichever code path or cascade made it); each request reads the
-- number of its person (batched, one statement for the requests of a moment) and uses a cached
-- entry only when it was read at that number (host-server/src/auth/freshness-check.ts).
alter table users add column credentials_changed bigint not null default 0;

create function docpal_credentials_changed() returns trigger language plpgsql as $$
begin
  update users u set credentials_changed = u.credentials_changed + 1
    from (select distinct user_id from changed_rows) c
    where u.id = c.user_id;
  return null;
end
$$;

-- Statement-level with a transition table: a cascade that ends a thousand sessions bumps each
-- person once, and a housekeeping delete that ends none bumps no one.
create trigger sessions_ended after delete on sessions
  referencing old table as changed_rows for each statement execute function docpal_credentials_changed();
create trigger api_tokens_ended after delete on api_tokens
  referencing old table as changed_rows for each statement execute function docpal_credentials_changed();
create trigger company_members_left after delete on company_members
  referencing old table as changed_rows for each statement execute function docpal_credentials_changed();
create trigger company_members_joined after insert on company_members
  referencing new table as changed_rows for each statement execute function docpal_credentials_changed();

-- Updates of what a cached entry holds (a transition table cannot go with a column list, so these
-- are per row); last_activity_at and last_used_at, written as credentials are used, bump nothing.
create function docpal_credential_row_changed() returns trigger language plpgsql as $$
begin
  update users set credentials_changed = credentials_changed + 1 where id in (old.user_id, new.user_id);
  return null;
end
$$;
create trigger sessions_changed after update of user_id, current_company_id, expires_at on sessions
  for each row when ((old.user_id, old.current_company_id, old.expires_at) is distinct from (new.user_id, new.current_company_id, new.expires_at)) execute function docpal_credential_row_changed();
create trigger api_tokens_changed after update of user_id, company_ids, access, expires_at on api_tokens
  for each row when ((old.user_id, old.company_ids, old.access, old.expires_at) is distinct from (new.user_id, new.company_ids, new.access, new.expires_at)) execute function docpal_credential_row_changed();
create trigger company_members_changed after update of user_id, company_id, role on company_members
  for each row when ((old.user_id, old.company_id, old.role) is distinct from (new.user_id, new.company_id, new.role)) execute function docpal_credential_row_changed();

-- The person's own row: an instance-admin grant or removal.
create function docpal_user_admin_changed() returns trigger language plpgsql as $$
begin
  new.credentials_changed := old.credentials_changed + 1;
  return new;
end
$$;
create trigger users_admin_changed before update of is_instance_admin on users
  for each row when (old.is_instance_admin is distinct from new.is_instance_admin) execute function docpal_user_admin_changed();
