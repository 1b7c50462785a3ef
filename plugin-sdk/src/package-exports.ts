/**
 * The file a package.json `exports` field maps `key` (`./server`, `./client`) to: a plain string,
 * or its `import` (else `default`) condition; with `compiled`, the `compiled` condition first (the
 * JavaScript that `host-server/scripts/build-server.mjs` writes to `dist/`). One reading for the
 * kernel, the packer and the tests.
 */
export function packageExport(exportsField: unknown, key: string, compiled = false): string | undefined {
  const entry = exportsField && typeof exportsField === 'object' ? (exportsField as Record<string, unknown>)[key] : undefined
  if (typeof entry === 'string') return entry
  if (!entry || typeof entry !== 'object') return undefined
  const conditions = entry as Record<string, unknown>
  const v = (compiled ? conditions['compiled'] : undefined) ?? conditions['import'] ?? conditions['default']
  return typeof v === 'string' ? v : undefined
}
