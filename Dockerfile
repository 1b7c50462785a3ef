# syntax=docker/dockerfile:1
# DocPal's image: the web app and the server (TypeScript to JavaScript, each package's dist/) built
# in a first stage, which also installs the runtime tree with production dependencies only; the
# second stage is that tree on plain Node, run as an unprivileged user, with a health check on
# /api/health. Size: bench/image-size.ts (about 294 MB over the base image, 54 MB compressed).
#   docker build -t docpal .   (docker-compose.yml builds it too)

FROM node:20.20-bookworm-slim AS build
RUN npm i -g pnpm@12.4.2
WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build
# The runtime tree in /prod: sources and built files, production dependencies of the server and
# the plugins only (the web app ships as static files; its build tools stay here).
RUN sh host-server/scripts/runtime-tree.sh /app /prod

FROM node:20.20-bookworm-slim
WORKDIR /app
# No package manager in the final image: the tree arrives installed (pnpm's links are relative).
COPY --from=build /prod /app
RUN mkdir -p /data && chown node:node /data

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DOCPAL_DATA_DIR=/data
USER node
EXPOSE 8080
VOLUME ["/data"]
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node itself (not a package manager) as PID 1's child-free process: SIGTERM reaches the server,
# which closes gracefully (close-with-grace).
WORKDIR /app/host-server
CMD ["node", "--conditions=compiled", "--max-semi-space-size=32", "--heap-growing-percent=100", "dist/main.bundle.js"]
