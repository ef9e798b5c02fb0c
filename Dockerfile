# tenantscan's container image: the packed npm package on a distroless Node.js 20 base (no shell,
# no package manager), run as the non-root user 65532. The Helm chart (charts/tenantscan) runs it
# with a read-only root filesystem and passes only arguments: the entrypoint is `tenantscan`.
#   docker build -t tenantscan/tenantscan:0.1.0 .
# Stage 1: build and pack exactly what `npm pack` ships (package.json "files"), then install its
# production dependencies from the lock file.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json README.md ./
COPY bin bin
COPY cli cli
COPY src src
COPY checks checks
COPY reports reports
COPY docs docs
COPY scripts/bundle.mjs scripts/bundle.mjs
RUN npm pack --pack-destination /tmp \
 && mkdir /app \
 && tar -xzf /tmp/tenantscan-*.tgz -C /app --strip-components=1 \
 && cp package-lock.json /app/ \
 && cd /app \
 && npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm package-lock.json

# Stage 2: the run time.
FROM gcr.io/distroless/nodejs20-debian12:nonroot
COPY --from=build /app /app
USER 65532:65532
WORKDIR /app
ENV NODE_ENV=production NO_COLOR=1
ENTRYPOINT ["/nodejs/bin/node", "/app/bin/tenantscan.js"]
CMD ["--help"]
