FROM node:20-bookworm-slim

RUN npm i -g pnpm@12.4.2

WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile

ENV HOST=0.0.0.0 \
    PORT=8080
EXPOSE 8080

CMD ["pnpm", "start"]
