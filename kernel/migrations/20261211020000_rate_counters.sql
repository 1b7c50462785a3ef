-- Rate limit counters shared by the server processes on one PostgreSQL (issue 19): hits per key
-- (a route and an IP, or a login email) in a fixed window. Unlogged: a crash forgets the counts,
-- which only gives a caller a fresh window, and saves the WAL of every counted request.
create unlogged table rate_counters (
  key text primary key,
  hits integer not null,
  window_ends timestamptz not null
);
