# syntax=docker/dockerfile:1
# One image for the API and the worker; docker-compose.yml picks the command of each:
#   node dist/api/main.js      the express API and web UI (the default command)
#   node dist/worker/main.js   the Temporal worker
# Built in stages: compile TypeScript and prebuild the workflow bundle with the dev dependencies,
# install the production dependencies alone, then ship only those and the compiled JavaScript.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The workflow bundle is built from the compiled workflows/ by @temporalio/worker's
# bundleWorkflowCode, so that the worker starts without webpack (WORKFLOW_BUNDLE_PATH below).
# web/ (the browser UI) goes where the compiled api/ finds it relative to itself: dist/web.
RUN npx tsc -p tsconfig.build.json \
  && node dist/scripts/build-workflow-bundle.js dist/workflow-bundle.js \
  && mkdir -p web \
  && cp -R web dist/web

FROM ${NODE_IMAGE} AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# @temporalio/core-bridge ships its native library for five platforms (about 140 MB): keep the one
# it loads here, chosen by its own getPrebuiltTargetName().
RUN npm ci --omit=dev --no-audit --no-fund \
  && npm cache clean --force \
  && node -e "const fs = require('fs'), path = require('path'); \
    const bridge = require('@temporalio/core-bridge/common'); \
    const releases = path.join(path.dirname(require.resolve('@temporalio/core-bridge/common')), 'releases'); \
    for (const target of fs.readdirSync(releases)) \
      if (target !== bridge.getPrebuiltTargetName()) fs.rmSync(path.join(releases, target), { recursive: true });"

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
WORKDIR /app
COPY package.json ./
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The code and dependencies stay root-owned (read-only to the process); only .data/ is writable,
# for the `file` notification sender (NOTIFY_FILE_PATH).
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "require('http').get({host:'127.0.0.1',port:process.env.PORT||3000,path:'/healthz',timeout:4000},(r)=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1)).on('timeout',()=>process.exit(1))"]
CMD ["node", "dist/api/main.js"]
