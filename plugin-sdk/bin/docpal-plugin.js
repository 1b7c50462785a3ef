#!/usr/bin/env node
// `docpal-plugin pack`: builds a plugin package into an installable tarball.
import { load } from './run.js'

const { main } = await load('build/cli')
process.exitCode = await main(process.argv.slice(2))
