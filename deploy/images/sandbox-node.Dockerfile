# codeground/sandbox-node: one sandbox node, driving the Docker engine of the machine it runs on
# through its socket (mount /var/run/docker.sock). Runs as root because that socket is root's.
# The language images (codeground-sandbox/*) must be present on that engine. `npm run images`.
FROM debian:trixie-slim
# Identical to the first RUN of platform-api.Dockerfile, so the Node.js layer is shared.
RUN apt-get update && apt-get install -y --no-install-recommends nodejs ca-certificates \
  && apt-get clean && rm -rf /var/lib/apt/lists/* /usr/share/doc /usr/share/man
COPY app /app
ENV NODE_ENV=production SANDBOX_HOST=0.0.0.0 SANDBOX_PORT=7070 LANG=C.UTF-8
WORKDIR /app
EXPOSE 7070
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.SANDBOX_PORT||7070)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "/app/sandbox/bin/codeground-sandbox.js"]
CMD ["serve"]
