-- An upload's chunks are compressed with lz4 rather than the default pglz (issue 15): each 1 MiB
-- chunk is stored while the upload streams in, and pglz made PostgreSQL spend 20-30 ms a MiB on a
-- CSV (lz4: ~15 ms, about the same size). Builds without lz4 (PGlite) keep pglz.
do $$
begin
  alter table import_files alter column bytes set compression lz4;
exception when others then
  null;
end $$;
