#!/usr/bin/env node
// The scaffolder is TypeScript: tsx's loader lets Node run it without a build step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli.ts')
process.exitCode = await main(process.argv.slice(2))
