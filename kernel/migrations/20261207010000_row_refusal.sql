-- A create whose new row lies outside the writer's create scope (issue 17) is refused by its own
-- INSERT statement: the statement's answer tests the inserted row against the rule and calls this
-- when it fails. The raise aborts the statement, so the row (and its audit entry) are never
-- written, with no transaction around it and no second query. SQLSTATE DPR01 becomes 403
-- KRN_ERR_PERMISSION_ROW (records/row-rules.ts).
create function docpal_refuse_row() returns boolean language plpgsql volatile as $$
begin
  raise exception 'the written row lies outside the writer''s permitted rows' using errcode = 'DPR01';
end
$$;
