import { StepError } from '@docpal/plugin-sdk'

/** The response body as text, refused once it passes `max` bytes (the rest is not read). */
export async function readBounded(res: Response, max: number): Promise<string> {
  const length = Number(res.headers.get('content-length') ?? NaN)
  if (Number.isFinite(length) && length > max) {
    await res.body?.cancel()
    throw new StepError('tooLarge', 'the response is {length} bytes; at most {max} bytes are read (plugin setting maxResponseBytes)', { length, max })
  }
  if (!res.body) return ''
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel()
      throw new StepError('largerThan', 'the response is larger than {max} bytes; at most {max} bytes are read (plugin setting maxResponseBytes)', { max })
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}
