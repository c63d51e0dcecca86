# syntax=docker/dockerfile:1
# The release bot as a container: compiled JavaScript on node:20-slim, as the unprivileged `node`
# user, its SQLite database on the /data volume. test/dockerfile-recipe.test.ts runs these same
# steps in a temporary directory (no container engine is needed), so keep to the steps it knows.

# 1. Compile the TypeScript (dist/) with the development toolchain.
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# 2. The production dependencies alone. better-sqlite3 is native: its install fetches the
#    prebuilt binary for this Node.js and glibc, or compiles it, for which this full image has
#    python3, make and g++ (the slim one has none). Same Debian (bookworm) as the runtime below.
FROM node:20-bookworm AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# 3. The runtime: no compiler, no TypeScript, no sources; files owned by root, read-only to the bot.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
ENV PORT=3000
ENV DATABASE_PATH=/data/release-bot.db
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY migrations ./migrations
COPY migrations-pg ./migrations-pg
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
# No curl in the slim image: node asks /healthz (200 when the database takes a write and Slack is connected).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and handles SIGTERM itself (src/cli.ts): in-flight steps finish or park, the outbox gets a few seconds, exit 0.
STOPSIGNAL SIGTERM
# V8 sizes its heap from the machine's memory and collects late; a bound keeps the bot's RSS
# near what it uses (about 26 MB live during a 500-connector train; `npm run bench`). Raise it
# with NODE_OPTIONS for an organisation of thousands of connectors.
CMD ["node", "--max-old-space-size=192", "dist/cli.js"]
