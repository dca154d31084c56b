# syntax=docker/dockerfile:1
# One image per Waybill process, chosen at build time:
#   docker build --build-arg SERVICE=tracking -t waybill-tracking .
# SERVICE is a folder under services/ (shipment-intake, tracking, sla-monitor, notifications,
# or standalone, the default: all four in one process with embedded Postgres).
# There is no build step: tools/run-ts.js runs the TypeScript with ts-node + swc, which needs
# the dev dependencies (typescript), so `npm ci` installs everything.
FROM node:20-bookworm-slim

WORKDIR /app

COPY package.json package-lock.json ./
# patch-package applies patches/ after install (kafkajs' record encoding, see patches/README.md).
COPY patches ./patches
RUN npm ci --no-audit --no-fund && npm cache clean --force

COPY tsconfig.base.json tsconfig.json ./
COPY tools ./tools
COPY infra/postgres ./infra/postgres
COPY libs ./libs
COPY services ./services

# Build the web pages at image build time: the app user cannot write services/web/dist.
RUN node tools/run-ts.js services/standalone/src/web/build-web-app.ts

# The standalone host keeps its embedded Postgres data under .waybill; Postgres refuses root.
RUN mkdir -p /app/.waybill && chown node:node /app/.waybill
USER node

ARG SERVICE=standalone
ENV SERVICE=${SERVICE} \
    NODE_ENV=production
EXPOSE 3000 3001 3002 3003 3004

# exec: node becomes the main process and receives SIGTERM from `docker stop` directly.
CMD ["sh", "-c", "exec node tools/run-ts.js \"services/${SERVICE}/src/main.ts\""]
