-- Invitations may give a role the company defined (issue 17), not only admin or member; the
-- service checks the role exists when inviting, and a role with pending invitations cannot be
-- deleted. Ownership still moves only by transfer.
alter table company_invitations drop constraint if exists company_invitations_role_check;
alter table company_invitations add constraint company_invitations_role_check check (role <> 'owner');
