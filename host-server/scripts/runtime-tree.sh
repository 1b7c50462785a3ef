#!/usr/bin/env sh
# The tree the container runs, from a built checkout: sources and built files of the server, the
# plugins and the examples, the built web app (static files only), and production dependencies of
# those packages alone (not the web app's build tools, not test packages). The Dockerfile's build
# stage runs it; bench/image-size.ts runs it on this machine to report the size and to start the
# server from the result (there is no container engine here).
#   host-server/scripts/runtime-tree.sh <built checkout> <destination>
set -eu
src=$1
dest=$2
mkdir -p "$dest/host-web"
cd "$src"
cp -r package.json pnpm-lock.yaml pnpm-workspace.yaml patches kernel plugin-sdk plugin-testing plugins host-server examples "$dest/"
cp -r host-web/package.json host-web/dist "$dest/host-web/"
cd "$dest"
find . -name node_modules -prune -exec rm -rf {} +
find . -name '*.test.ts' -delete
NODE_ENV=production pnpm install --prod --frozen-lockfile --filter '@docpal/host-server...' --filter './plugins/**' --filter './examples/**'
