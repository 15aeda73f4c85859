# codeground/platform-api: the platform API on Debian trixie's Node.js 20, from the tree that
# `npm run images` stages (built dist/, production node_modules). Build it with `npm run images`.
FROM debian:trixie-slim
# Identical to the first RUN of sandbox-node.Dockerfile, so the Node.js layer is shared.
RUN apt-get update && apt-get install -y --no-install-recommends nodejs ca-certificates \
  && apt-get clean && rm -rf /var/lib/apt/lists/* /usr/share/doc /usr/share/man
COPY app /app
RUN groupadd --system --gid 10001 codeground \
  && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home codeground \
  && mkdir -p /data && chown 10001:10001 /data && chmod 700 /data
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080 DATA_DIR=/data LANG=C.UTF-8
USER 10001:10001
WORKDIR /data
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "/app/platform-api/bin/codeground-api.js"]
CMD ["serve"]
