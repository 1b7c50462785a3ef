# syntax=docker/dockerfile:1
# DocPal's image: the web app and the server (TypeScript to JavaScript, each package's dist/) built
# in a first stage, production dependencies only in the second, run as an unprivileged user on
# plain Node, with a health check on /api/health.
#   docker build -t docpal .   (docker-compose.yml builds it too)

FROM node:20.20-bookworm-slim AS build
RUN npm i -g pnpm@12.4.2
WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build

FROM node:20.20-bookworm-slim
RUN npm i -g pnpm@12.4.2
WORKDIR /app
COPY --from=build /app /src
# Sources and manifests only (no dev dependencies, no tests), then production dependencies.
RUN cp -r /src/package.json /src/pnpm-lock.yaml /src/pnpm-workspace.yaml /src/kernel /src/plugin-sdk /src/plugin-testing /src/plugins /src/host-server /src/examples . \
 && mkdir -p host-web && cp -r /src/host-web/package.json /src/host-web/dist host-web/ \
 && rm -rf /src \
 && find . -name node_modules -prune -exec rm -rf {} + \
 && pnpm install --prod --frozen-lockfile \
 && mkdir -p /data && chown node:node /data

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
CMD ["node", "--conditions=compiled", "--max-semi-space-size=32", "dist/main.bundle.js"]
