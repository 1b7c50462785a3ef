/**
 * Plugins build SQL only with drizzle's `sql` template: values become parameters. Identifiers are
 * handed to plugins as ready `SQL` fragments by the kernel; plugins never name tables or columns.
 */
export { sql, SQL } from 'drizzle-orm'
