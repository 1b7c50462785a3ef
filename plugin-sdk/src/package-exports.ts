/**
 * The file a package.json `exports` field maps `key` (`./server`, `./client`) to: a plain string,
 * or its `import` (else `default`) condition. One reading for the kernel, the packer and the tests.
 */
export function packageExport(exportsField: unknown, key: string): string | undefined {
  const entry = exportsField && typeof exportsField === 'object' ? (exportsField as Record<string, unknown>)[key] : undefined
  if (typeof entry === 'string') return entry
  const v = entry && typeof entry === 'object' ? ((entry as Record<string, unknown>)['import'] ?? (entry as Record<string, unknown>)['default']) : undefined
  return typeof v === 'string' ? v : undefined
}
