#!/usr/bin/env node
// `docpal plugins <command> [--server URL]`: a running server's plugin actions from any folder.
import { load } from './run.js'

const { main } = await load('cli/docpal')
await main(process.argv.slice(2))
