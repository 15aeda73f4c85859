#!/usr/bin/env node
// `npm run images`: every image, built from this checkout after `npm run build` (the npm script
// runs it first): the language images (`npm run sandbox:images`, run alongside), the service
// images codeground/platform-api and codeground/sandbox-node, and deploy/stack.yml's
// codeground/postgres, codeground/redis and codeground/edge.
//
// No registry is reachable, so nothing is pulled: the base is Debian trixie (Node.js 20 from
// Debian's own packages), bootstrapped with debootstrap like the language images' bookworm base.
// The application tree is staged here, on the host, where the native modules (argon2,
// better-sqlite3) are already built for Node 20: the built dist/ folders, the portal and widget
// bundles, and node_modules hard-linked from the checkout's, then pruned to production packages.
// An image is rebuilt only when what it is built from changed (a label records the hash).
//
//   npm run images                 everything, skipping what is up to date
//   node scripts/images.mjs --force
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, mkdir, readdir, readFile, readlink, rm, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureBaseImage } from "@codeground/sandbox";

const root = fileURLToPath(new URL("..", import.meta.url));
const stage = path.join(root, ".build", "images");
const app = path.join(stage, "app");
const force = process.argv.includes("--force");
const verbose = process.argv.includes("--verbose");
const BASE = "debian:trixie-slim";
/** The language images' base, which `npm run sandbox:images` makes sure of. */
const SUPPORT_BASE = "debian:bookworm-slim";
const HASH_LABEL = "codeground.context-hash";

/** The stack's own PostgreSQL, Redis and edge, from Debian bookworm's packages: one folder each. */
const SUPPORT_IMAGES = [
  { tag: "codeground/postgres", dir: "postgres" },
  { tag: "codeground/redis", dir: "redis" },
  { tag: "codeground/edge", dir: "edge" },
];

export const SERVICE_IMAGES = [
  { tag: "codeground/platform-api", dockerfile: "platform-api.Dockerfile" },
  { tag: "codeground/sandbox-node", dockerfile: "sandbox-node.Dockerfile" },
];

/** What goes into /app: [folder in the checkout, entries of it]. node_modules comes separately. */
const TREE = [
  ["sdk", ["package.json", "dist"]],
  ["platform-api", ["package.json", "bin", "dist", "bank", "portal/dist"]],
  ["sandbox", ["package.json", "bin", "dist", "languages", "agent"]],
  ["widget", ["package.json", "dist"]],
];

function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd ?? root,
      stdio: ["ignore", "pipe", "pipe"],
      env: opts.env,
    });
    const tail = [];
    const take = (chunk) => {
      for (const line of chunk.toString().split("\n")) {
        if (!line) continue;
        if (verbose) console.log(`  ${line}`);
        tail.push(line);
        if (tail.length > 30) tail.shift();
      }
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(tail)
        : reject(new Error(`${cmd} ${args.join(" ")} failed (exit ${code}):\n${tail.join("\n")}`)),
    );
  });
}

async function stageTree() {
  for (const [dir, entries] of TREE) {
    for (const entry of entries) {
      const from = path.join(root, dir, entry);
      if (!existsSync(from)) {
        throw new Error(
          `${path.join(dir, entry)} is missing: run \`npm run build\` first (npm run images does).`,
        );
      }
    }
  }
  await rm(stage, { recursive: true, force: true });
  await mkdir(app, { recursive: true });
  for (const [dir, entries] of TREE) {
    for (const entry of entries) {
      await cp(path.join(root, dir, entry), path.join(app, dir, entry), { recursive: true });
    }
  }
  // The root manifest without its development tools, and the widget out of the workspaces: its
  // bundle is all the API serves, so lit and CodeMirror need not be installed.
  const manifest = JSON.parse(await readFile(path.join(root, "package.json"), "utf8"));
  delete manifest.devDependencies;
  delete manifest.scripts;
  manifest.workspaces = manifest.workspaces.filter((w) => w !== "widget");
  await writeFile(path.join(app, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  await cp(path.join(root, "package-lock.json"), path.join(app, "package-lock.json"));
  // Hard links: instant, and no rebuild of the native modules. npm prune only unlinks entries; its
  // one write, node_modules/.package-lock.json, is unlinked first so the checkout's copy is untouched.
  await run("cp", ["-al", path.join(root, "node_modules"), path.join(app, "node_modules")]);
  await unlink(path.join(app, "node_modules", ".package-lock.json")).catch(() => {});
  await rm(path.join(app, "node_modules", "@codeground", "widget"), { force: true });
  await run("npm", ["prune", "--omit=dev", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], {
    cwd: app,
    env: { ...process.env, npm_config_workspaces: undefined },
  });
  // Caches and build records the running services never read.
  for (const cache of [".cache", ".vite"])
    await rm(path.join(app, "node_modules", cache), { recursive: true, force: true });
  for (const [dir] of TREE) await rm(path.join(app, dir, "dist", ".tsbuildinfo"), { force: true });
}

/** sha256 over the staged tree (paths, link targets and contents) and the Dockerfile. */
async function treeHash(dockerfile) {
  const hash = createHash("sha256");
  hash.update(await readFile(path.join(root, "deploy", "images", dockerfile)));
  const walk = async (dir) => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      hash.update(path.relative(stage, full));
      if (entry.isDirectory()) await walk(full);
      else if (entry.isSymbolicLink()) hash.update(`-> ${await readlink(full)}`);
      else if (entry.isFile()) hash.update(await readFile(full));
    }
  };
  await walk(app);
  return hash.digest("hex");
}

async function imageLabel(tag) {
  try {
    const [line] = await run("docker", [
      "image",
      "inspect",
      "--format",
      `{{index .Config.Labels "${HASH_LABEL}"}}`,
      tag,
    ]);
    return line?.trim() ?? "";
  } catch {
    return "";
  }
}

/** `codeground-sandbox images` in a child process, its lines prefixed; resolves to whether it succeeded. */
function languageImages() {
  const args = [path.join(root, "sandbox", "dist", "cli.js"), "images", ...process.argv.slice(2)];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = (stream, out) => {
    let rest = "";
    stream.on("data", (chunk) => {
      const lines = (rest + chunk.toString()).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) out.write(`[languages] ${line}\n`);
    });
    stream.on("end", () => rest && out.write(`[languages] ${rest}\n`));
  };
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  return new Promise((resolve) => {
    child.on("error", (err) => {
      console.error(`[languages] ${err.message}`);
      resolve(false);
    });
    child.on("close", (code) => resolve(code === 0));
  });
}

async function imageId(tag) {
  const [line] = await run("docker", ["image", "inspect", "--format", "{{.Id}}", tag]);
  return line.trim();
}

/** sha256 over a folder's files (names and contents) and the id of the image it builds on. */
async function folderHash(dir, baseId) {
  const hash = createHash("sha256").update(baseId);
  for (const name of (await readdir(dir)).sort())
    hash.update(name).update(await readFile(path.join(dir, name)));
  return hash.digest("hex");
}

async function build(tag, hash, args) {
  if (!force && (await imageLabel(tag)) === hash) {
    console.log(`${tag}: skipped (up to date)`);
    return;
  }
  console.log(`${tag}: building`);
  const t = Date.now();
  await run("docker", ["build", "-q", "--label", `${HASH_LABEL}=${hash}`, "-t", tag, ...args], {
    env: { ...process.env, DOCKER_BUILDKIT: process.env.DOCKER_BUILDKIT ?? "0" },
  });
  console.log(`${tag}: built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

const started = Date.now();
const onOutput = verbose ? { onOutput: (l) => console.log(`  ${l}`) } : {};
// Both bases first (each may be a debootstrap), then the language images in a process of their
// own, alongside the builds below: the two halves share no image and take turns on the cores.
for (const tag of [SUPPORT_BASE, BASE])
  console.log(`base image ${tag}: ${await ensureBaseImage({ tag, ...onOutput })}`);
const languages = languageImages();
const bookwormId = await imageId(SUPPORT_BASE);
for (const image of SUPPORT_IMAGES) {
  const dir = path.join(root, "deploy", "images", image.dir);
  await build(image.tag, await folderHash(dir, bookwormId), [dir]);
}
console.log("staging the application tree (.build/images/app)");
await stageTree();
const size = Number((await run("du", ["-sm", app]))[0].split("\t")[0]);
console.log(`  ${size} MB staged`);
const baseId = await imageId(BASE);
for (const image of SERVICE_IMAGES) {
  await cp(path.join(root, "deploy", "images", image.dockerfile), path.join(stage, image.dockerfile));
  const hash = createHash("sha256")
    .update(await treeHash(image.dockerfile))
    .update(baseId)
    .digest("hex");
  await build(image.tag, hash, ["-f", path.join(stage, image.dockerfile), stage]);
}
const languagesDone = await languages;
console.log(`images ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (!languagesDone) process.exit(1);
