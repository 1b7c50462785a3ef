-- Relations, lookups and aggregations keep their values in a column of the record's own table
-- (stored_column = 'm_<hex>'), maintained by the kernel on every write; stored_signature is what
-- the values were computed from, so a change of definition refills them.
alter table data_table_columns add column stored_column text, add column stored_signature text;
