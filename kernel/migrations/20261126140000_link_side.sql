-- Relation fields keep their links in a kernel-managed link table (column_name = 'lk_<hex>');
-- link_side says which end of it this column reads from ('src' owner side, 'dst' reverse side).
alter table data_table_columns add column link_side text check (link_side in ('src', 'dst'));
