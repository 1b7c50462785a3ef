import { createError } from '@docpal/plugin-sdk'
import { STARTING_MESSAGE } from '../http/starting-server.ts'

/** The host's own error codes (HTTP-level); kernel codes live in @docpal/kernel. */
export const hostCodes = {
  HST_ERR_BAD_JSON: createError<[string]>('HST_ERR_BAD_JSON', (why) => `The request body is not valid JSON: ${why}`, 400),
  HST_ERR_JSON_TOO_DEEP: createError<[number]>(
    'HST_ERR_JSON_TOO_DEEP',
    (limit) => `The request body nests arrays and objects more than ${limit} levels deep (DOCPAL_MAX_JSON_DEPTH).`,
    400,
  ),
  HST_ERR_BAD_ENCODING: createError<[string]>('HST_ERR_BAD_ENCODING', (why) => `The request body is not well-formed Unicode: ${why}. Send UTF-8 text.`, 400),
  HST_ERR_BODY_TOO_LARGE: createError<[number]>(
    'HST_ERR_BODY_TOO_LARGE',
    (limit) => `The request body is larger than ${limit} bytes (${(limit / 1048576).toFixed(limit % 1048576 ? 2 : 0)} MiB); send less (bulk inserts: split into several requests).`,
    413,
  ),
  HST_ERR_UNSUPPORTED_MEDIA_TYPE: createError<[string, string]>(
    'HST_ERR_UNSUPPORTED_MEDIA_TYPE',
    (got, want) => `A body of type '${got}' is not accepted here; send it as ${want}.`,
    415,
  ),
  HST_ERR_HOST_NOT_ALLOWED: createError<[string]>(
    'HST_ERR_HOST_NOT_ALLOWED',
    (host) => `Requests for host '${host}' are not served here; add it to DOCPAL_ALLOWED_HOSTS (or set PUBLIC_URL) if DocPal should answer to that name.`,
    421,
  ),
  HST_ERR_CROSS_ORIGIN: createError<[string]>(
    'HST_ERR_CROSS_ORIGIN',
    (origin) => `A change requested by a page from ${origin} is refused; allow that origin in DOCPAL_CORS_ORIGINS if it should use the API.`,
    403,
  ),
  HST_ERR_BAD_REQUEST: createError<[string]>('HST_ERR_BAD_REQUEST', (why) => `The request is malformed: ${why}.`, 400),
  HST_ERR_URL_TOO_LONG: createError(
    'HST_ERR_URL_TOO_LONG',
    'The request URL, or a part of its path, is too long; send long queries as a body (e.g. POST /api/tables/:id/records/query).',
    414,
  ),
  HST_ERR_HEADERS_TOO_LARGE: createError('HST_ERR_HEADERS_TOO_LARGE', 'The request line and headers are too large (URL, cookies); send long queries as a body.', 431),
  HST_ERR_ROUTE_NOT_FOUND: createError<[string, string]>('HST_ERR_ROUTE_NOT_FOUND', (m, url) => `No endpoint ${m} ${url}; see /api/docs for the API.`, 404),
  HST_ERR_DB_REJECTED_VALUE: createError<[string]>('HST_ERR_DB_REJECTED_VALUE', (why) => `The database rejected a value: ${why}`, 400),
  HST_ERR_STATEMENT_TIMEOUT: createError(
    'HST_ERR_STATEMENT_TIMEOUT',
    'The request ran longer than the statement timeout and was stopped: narrow the filter, ask for a smaller page, or simplify the formula fields it reads. An admin can raise DOCPAL_STATEMENT_TIMEOUT_MS.',
    422,
  ),
  HST_ERR_RESPONSE_TOO_LARGE: createError<[number, number]>(
    'HST_ERR_RESPONSE_TOO_LARGE',
    (size, max) => `The answer would be ${String(size)} bytes, above the limit of ${String(max)} (DOCPAL_MAX_RESPONSE): ask for a smaller page (limit) or fewer fields.`,
    422,
  ),
  HST_ERR_BUSY: createError<[number]>(
    'HST_ERR_BUSY',
    (n) => `${String(n)} bulk inserts are already running or waiting (DOCPAL_BULK_CONCURRENCY + DOCPAL_BULK_QUEUE); send this one again in a few seconds (see Retry-After).`,
    429,
  ),
  HST_ERR_EXPORTS_BUSY: createError<[number]>(
    'HST_ERR_EXPORTS_BUSY',
    (n) => `${String(n)} exports are already running or waiting; ask for this one again in a few seconds (see Retry-After).`,
    429,
  ),
  HST_ERR_DB_CONFLICT: createError<[string]>('HST_ERR_DB_CONFLICT', (why) => `The change conflicts with another one: ${why}; try again.`, 409),
  HST_ERR_PLUGIN_NO_CLIENT: createError<[string]>('HST_ERR_PLUGIN_NO_CLIENT', (id) => `Plugin ${id} has no client half (no "./client" export in its package.json).`, 404),
  HST_ERR_PLUGIN_CLIENT_BUILD: createError<[string, string]>(
    'HST_ERR_PLUGIN_CLIENT_BUILD',
    (id, why) => `The client half of plugin ${id} does not build: ${why}. Fix the plugin or disable it.`,
    500,
  ),
  HST_ERR_CATALOG_UNAVAILABLE: createError<[string, string]>(
    'HST_ERR_CATALOG_UNAVAILABLE',
    (where, why) => `The plugin catalog at ${where} could not be read: ${why}. Check DOCPAL_PLUGIN_CATALOG.`,
    502,
  ),
  HST_ERR_CATALOG_NO_PLUGIN: createError<[string, string | undefined]>(
    'HST_ERR_CATALOG_NO_PLUGIN',
    (id, version) => `The plugin catalog lists no plugin '${id}'${version ? ` at version ${version}` : ''}.`,
    404,
  ),
  HST_ERR_CATALOG_DOWNLOAD: createError<[string, string]>('HST_ERR_CATALOG_DOWNLOAD', (where, why) => `The plugin could not be downloaded from ${where}: ${why}.`, 502),
  HST_ERR_PLUGIN_ARCHIVE_MISSING: createError(
    'HST_ERR_PLUGIN_ARCHIVE_MISSING',
    'Send the plugin .tgz as the body (Content-Type application/gzip), or JSON {"catalog": "<plugin id>", "version": "x.y.z"} to install from the catalog.',
    400,
  ),
  HST_ERR_AUTH_REQUIRED: createError<[string]>(
    'HST_ERR_AUTH_REQUIRED',
    (why) => `${why} Log in (POST /api/auth/login, which sets the session cookie) or send an API token as "Authorization: Bearer <token>".`,
    401,
  ),
  HST_ERR_AUTH_BAD_CREDENTIALS: createError('HST_ERR_AUTH_BAD_CREDENTIALS', 'The email or the password is wrong.', 401),
  HST_ERR_CSRF: createError(
    'HST_ERR_CSRF',
    'This change comes with the session cookie but without the X-DocPal-CSRF header (the value of the docpal_csrf cookie); the web app sends it, scripts should use an API token.',
    403,
  ),
  HST_ERR_FORBIDDEN: createError<[string, string]>('HST_ERR_FORBIDDEN', (who, what) => `Only ${who} may ${what}.`, 403),
  HST_ERR_VIEW_AS_READ_ONLY: createError('HST_ERR_VIEW_AS_READ_ONLY', 'Previewing as another role or member (X-DocPal-View-As) only reads: send changes without that header.', 403),
  HST_ERR_VIEW_AS_INVALID: createError('HST_ERR_VIEW_AS_INVALID', 'X-DocPal-View-As is `role:<role name>` or `user:<member id>` of this company.', 400),
  HST_ERR_TOKEN_READ_ONLY: createError('HST_ERR_TOKEN_READ_ONLY', 'This API token may only read; create a token with write access to make changes.', 403),
  HST_ERR_COMPANY_UNKNOWN: createError<[string]>(
    'HST_ERR_COMPANY_UNKNOWN',
    (id) => `Company '${id}' does not exist, or you are not a member of it (or your API token is not for it).`,
    404,
  ),
  HST_ERR_COMPANY_REQUIRED: createError(
    'HST_ERR_COMPANY_REQUIRED',
    'You belong to several companies (or to none): name the one this request is for with the X-DocPal-Company header, or create or join one.',
    400,
  ),
  HST_ERR_SESSION_UNKNOWN: createError<[string]>('HST_ERR_SESSION_UNKNOWN', (id) => `You have no session '${id}' (it ended already, or it is not yours).`, 404),
  HST_ERR_TOKEN_UNKNOWN: createError<[string]>('HST_ERR_TOKEN_UNKNOWN', (id) => `You have no API token '${id}' (it was revoked already, or it is not yours).`, 404),
  HST_ERR_SIGNUP_CLOSED: createError('HST_ERR_SIGNUP_CLOSED', 'Sign-up is by invitation only on this server (DOCPAL_SIGNUP=invite): ask an admin to invite you.', 403),
  HST_ERR_RATE_LIMITED: createError<[string]>('HST_ERR_RATE_LIMITED', (after) => `Too many attempts; try again in ${after} (see Retry-After).`, 429),
  HST_ERR_MAIL_FAILED: createError<[string]>(
    'HST_ERR_MAIL_FAILED',
    (why) => `The mail could not be sent: ${why}. Try again in a few minutes; if it keeps failing, an admin should check the SMTP settings (DOCPAL_SMTP_*).`,
    502,
  ),
  HST_ERR_PUBLIC_URL_REQUIRED: createError<[string]>(
    'HST_ERR_PUBLIC_URL_REQUIRED',
    (host) =>
      `Links in mails cannot point at '${host}', a host name the settings do not name: an admin should set PUBLIC_URL (or list the name in DOCPAL_ALLOWED_HOSTS); until then, open DocPal through that address.`,
    400,
  ),
  HST_ERR_OUTBOX_OFF: createError<[string]>(
    'HST_ERR_OUTBOX_OFF',
    (where) => `There is no development outbox: this server sends mail through ${where}. Look in the recipients' mailboxes.`,
    404,
  ),
  HST_ERR_LINK_INVALID: createError(
    'HST_ERR_LINK_INVALID',
    'This link is not valid any more: it was used already, it expired, or a newer mail replaced it. Ask for a new one.',
    400,
  ),
  HST_ERR_EMAIL_TAKEN: createError('HST_ERR_EMAIL_TAKEN', 'Another account uses this email address; choose another one.', 409),
  HST_ERR_PASSWORD_WRONG: createError('HST_ERR_PASSWORD_WRONG', 'The current password is wrong; enter the password you sign in with.', 400),
  HST_ERR_IMPORT_TOO_LARGE: createError<[number]>(
    'HST_ERR_IMPORT_TOO_LARGE',
    (limit) => `The file is larger than ${String(limit)} bytes (${(limit / 1048576).toFixed(0)} MiB, DOCPAL_MAX_IMPORT_BODY); split it into several files.`,
    413,
  ),
  HST_ERR_IMPORT_EMPTY: createError('HST_ERR_IMPORT_EMPTY', 'The file holds no rows to import (it is empty, or has only blank lines).', 400),
  HST_ERR_IMPORT_FORMAT: createError<[string]>('HST_ERR_IMPORT_FORMAT', (why) => `The file cannot be read as CSV, TSV or XLSX: ${why}.`, 400),
  HST_ERR_IMPORT_ENCODING: createError<[string]>(
    'HST_ERR_IMPORT_ENCODING',
    (why) => `The file's text encoding is not one DocPal reads: ${why}. Save it as UTF-8 (CSV UTF-8 in Excel) and try again.`,
    400,
  ),
  HST_ERR_IMPORT_CELL_TOO_LARGE: createError<[number, string, number]>(
    'HST_ERR_IMPORT_CELL_TOO_LARGE',
    (row, column, limit) =>
      `Row ${String(row)}, column ${column}: the cell is larger than ${String(limit)} characters, the most a field holds; shorten it or leave that column out.`,
    400,
  ),
  HST_ERR_IMPORT_MALFORMED: createError<[number, string]>('HST_ERR_IMPORT_MALFORMED', (row, why) => `Row ${String(row)} of the file cannot be read: ${why}.`, 400),
  HST_ERR_IMPORT_UNPACKED_TOO_LARGE: createError<[string]>(
    'HST_ERR_IMPORT_UNPACKED_TOO_LARGE',
    (why) => `The spreadsheet unpacks to more than DocPal reads (a zip bomb, or a workbook too large to import at once): ${why}.`,
    413,
  ),
  HST_ERR_IMPORT_NOT_FOUND: createError<[string]>(
    'HST_ERR_IMPORT_NOT_FOUND',
    (id) => `No import ${id} (uploads are kept for an hour, finished imports for a day); upload the file again.`,
    404,
  ),
  HST_ERR_IMPORT_STARTED: createError<[string, string]>(
    'HST_ERR_IMPORT_STARTED',
    (id, state) => `Import ${id} has already started (it is ${state}); upload the file again to import it once more.`,
    409,
  ),
  HST_ERR_IMPORT_ABANDONED: createError<[string, number]>(
    'HST_ERR_IMPORT_ABANDONED',
    (mode, written) =>
      mode === 'atomic'
        ? 'The server process running this import stopped before it finished. No row was kept (an all-or-nothing import is one transaction), though a table or columns it made may remain; upload the file again.'
        : `The server process running this import stopped before it finished. The rows written by then stay in the table (at least ${String(written)} by its last report); the rest was not imported: upload a file of the remaining rows.`,
    500,
  ),
  // Answered by the starting server itself (http/starting-server.ts), before the SDK has loaded.
  HST_ERR_STARTING: createError('HST_ERR_STARTING', STARTING_MESSAGE, 503),
  HST_ERR_REJOINING: createError(
    'HST_ERR_REJOINING',
    'This server process lost its connection to the database and is taking its place among the server processes again; retry in a few seconds.',
    503,
  ),
  HST_ERR_INTERNAL: createError('HST_ERR_INTERNAL', 'Something went wrong on the server; the change was not applied. The server log has the details.', 500),
} as const
