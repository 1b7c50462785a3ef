#!/usr/bin/env node
// The SDK ships TypeScript sources: tsx's loader lets Node run them without a build step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/build/cli.ts')
process.exitCode = await main(process.argv.slice(2))
