/**
 * Builds the sandbox images with the `docker` CLI: the Debian base (pulled, or
 * bootstrapped locally with debootstrap when no registry is reachable), the
 * agent image, and one image per language folder. An image is rebuilt only
 * when the files it is built from changed, which a label on the image records.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { constants as fsConstants } from "node:fs";
import { access, mkdtemp, readdir, readFile, readlink, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import PQueue from "p-queue";

export const BASE_IMAGE = "debian:bookworm-slim";
export const AGENT_IMAGE = "codeground-sandbox/agent";
export const CONTEXT_HASH_LABEL = "codeground.context-hash";
/** The id of the base image an image was built on: re-creating the base rebuilds everything. */
export const BASE_IMAGE_LABEL = "codeground.base-image";
const DEBIAN_MIRROR = "http://deb.debian.org/debian";
const DEBIAN_SUITE = "bookworm";

export interface ImageBuildEvent {
  image: string;
  action: "skipped" | "building" | "built" | "failed";
  detail?: string;
}

export interface BuildImagesOptions {
  /** Folder holding one sub-folder (Dockerfile + manifest.json) per language. */
  languagesDir: string;
  /** Folder holding the agent's Dockerfile and sources. */
  agentDir: string;
  /** Language ids to build; every folder with a Dockerfile when omitted. */
  languages?: string[];
  /** Rebuild even when the image's recorded context hash is current. */
  force?: boolean;
  /** How many language images build at once (default 3). */
  jobs?: number;
  /** Build every layer afresh (newer packages from Debian's mirror, as on a clean machine); implies `force`. */
  noCache?: boolean;
  onEvent?: (e: ImageBuildEvent) => void;
  onOutput?: (line: string) => void;
}

export interface EnsureBaseImageOptions {
  onEvent?: (e: ImageBuildEvent) => void;
  onOutput?: (line: string) => void;
  /** How long `docker pull` may try before falling back to debootstrap (default 30 s). */
  pullTimeoutMs?: number;
  /** Tag to make sure of (default debian:bookworm-slim, which the Dockerfiles build FROM). */
  tag?: string;
  /** Debian mirror for debootstrap and the image's apt sources (default http://deb.debian.org/debian). */
  mirror?: string;
}

/** The Debian release a `debian:<suite>-slim` or `debian:<suite>` tag names (bookworm for anything else). */
export function debianSuite(tag: string): string {
  const match = /^debian:([a-z]+)(?:-slim)?$/.exec(tag);
  return match?.[1] ?? DEBIAN_SUITE;
}

export function imageTag(languageId: string): string {
  return `codeground-sandbox/${languageId}`;
}

/** sha256 over every file of the language folder and the agent folder (sorted path + content). */
export async function contextHash(languageDir: string, agentDir: string): Promise<string> {
  return hashTrees([
    ["language", languageDir],
    ["agent", agentDir],
  ]);
}

/** The hash recorded on the agent image: its own folder only. */
export async function agentContextHash(agentDir: string): Promise<string> {
  return hashTrees([["agent", agentDir]]);
}

/**
 * Makes sure the base image exists: already present, else pulled, else built
 * from Debian's mirror with debootstrap and imported under the same tag.
 */
export async function ensureBaseImage(
  opts: EnsureBaseImageOptions = {},
): Promise<"present" | "pulled" | "bootstrapped"> {
  const { onEvent, onOutput } = opts;
  const tag = opts.tag ?? BASE_IMAGE;
  await checkEngine();
  if (await imageExists(tag)) {
    onEvent?.({ image: tag, action: "skipped", detail: "present" });
    return "present";
  }

  onEvent?.({ image: tag, action: "building", detail: "docker pull" });
  const pulled = await run("docker", ["pull", tag], {
    onLine: onOutput,
    timeoutMs: opts.pullTimeoutMs ?? 30_000,
  });
  if (pulled.code === 0 && (await imageExists(tag))) {
    onEvent?.({ image: tag, action: "built", detail: "pulled" });
    return "pulled";
  }

  onEvent?.({
    image: tag,
    action: "building",
    detail: `docker pull ${pulled.timedOut ? "timed out" : "failed"}; bootstrapping with debootstrap`,
  });
  try {
    await bootstrapBaseImage(tag, debianSuite(tag), opts.mirror ?? DEBIAN_MIRROR, onOutput);
  } catch (err) {
    onEvent?.({ image: tag, action: "failed", detail: (err as Error).message.split("\n")[0] });
    throw err;
  }
  onEvent?.({ image: tag, action: "built", detail: "bootstrapped with debootstrap" });
  return "bootstrapped";
}

/**
 * The first instruction after `FROM` of a Dockerfile: images that share it share that layer when
 * they build one after another (the C family's compilers, Node.js, the JDK), so they do.
 */
async function firstLayer(dockerfile: string): Promise<string> {
  const lines = (await readFile(dockerfile, "utf8"))
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  const from = lines.findIndex((l) => /^FROM\s/i.test(l));
  return `${lines[from] ?? ""}\n${lines[from + 1] ?? ""}`;
}

/**
 * Builds the agent image, then the language images, several at once (`jobs`): of the images whose
 * Dockerfiles start with the same layer, one builds first so that layer is built once. An
 * image whose labels show it was built from the current files on the current base image is
 * skipped. A failed image does not stop the others; the error lists every failure.
 */
export async function buildImages(opts: BuildImagesOptions): Promise<{ built: string[]; skipped: string[] }> {
  const { onEvent, onOutput, noCache = false } = opts;
  const force = opts.force === true || noCache;
  await checkEngine();
  const languages = opts.languages ?? (await languageIds(opts.languagesDir));
  for (const id of languages) {
    const dockerfile = path.join(opts.languagesDir, id, "Dockerfile");
    if (!(await isFile(dockerfile)))
      throw new Error(`unknown language "${id}": ${dockerfile} does not exist`);
  }
  if (!(await isFile(path.join(opts.agentDir, "Dockerfile")))) {
    throw new Error(`${path.join(opts.agentDir, "Dockerfile")} does not exist`);
  }

  const baseId = await imageId(BASE_IMAGE);
  if (!baseId) {
    throw new Error(
      `the base image ${BASE_IMAGE} is missing; call ensureBaseImage() first (npm run sandbox:images does)`,
    );
  }

  const built: string[] = [];
  const skipped: string[] = [];
  const failed: string[] = [];
  const build = async (job: { tag: string; dir: string; hash: string }): Promise<boolean> => {
    const labels = force ? undefined : await imageLabels(job.tag);
    if (labels?.[CONTEXT_HASH_LABEL] === job.hash && labels[BASE_IMAGE_LABEL] === baseId) {
      skipped.push(job.tag);
      onEvent?.({ image: job.tag, action: "skipped", detail: "up to date" });
      return true;
    }
    onEvent?.({ image: job.tag, action: "building" });
    const started = Date.now();
    const result = await run(
      "docker",
      [
        "build",
        // A failed step must not leave its intermediate container behind.
        "--force-rm",
        ...(noCache ? ["--no-cache"] : []),
        "--label",
        `${CONTEXT_HASH_LABEL}=${job.hash}`,
        "--label",
        `${BASE_IMAGE_LABEL}=${baseId}`,
        "-t",
        job.tag,
        job.dir,
      ],
      // The legacy builder sees local images in `COPY --from`, needs no buildx
      // plugin and works with every engine; an explicit DOCKER_BUILDKIT wins.
      {
        onLine: onOutput ? (line) => onOutput(`[${job.tag}] ${line}`) : undefined,
        env: { DOCKER_BUILDKIT: process.env.DOCKER_BUILDKIT ?? "0" },
      },
    );
    if (result.code !== 0) {
      const how = result.signal ? `killed by ${result.signal}` : `exit code ${result.code}`;
      onEvent?.({ image: job.tag, action: "failed", detail: result.tail.at(-1) ?? how });
      failed.push(
        `docker build of ${job.tag} (from ${job.dir}) failed with ${how}; last output:\n${result.tail.join("\n")}`,
      );
      return false;
    }
    built.push(job.tag);
    onEvent?.({ image: job.tag, action: "built", detail: `${((Date.now() - started) / 1000).toFixed(1)} s` });
    return true;
  };

  // The language Dockerfiles copy the agent binary out of the agent image: it comes first.
  if (!(await build({ tag: AGENT_IMAGE, dir: opts.agentDir, hash: await agentContextHash(opts.agentDir) }))) {
    throw new Error(failed.join("\n\n"));
  }
  const chains = new Map<string, { tag: string; dir: string; hash: string }[]>();
  for (const id of languages) {
    const dir = path.join(opts.languagesDir, id);
    const key = await firstLayer(path.join(dir, "Dockerfile"));
    const chain = chains.get(key) ?? [];
    chain.push({ tag: imageTag(id), dir, hash: await contextHash(dir, opts.agentDir) });
    chains.set(key, chain);
  }
  // The first image of each group builds its shared layer; the rest of the group follows at once,
  // from the layer cache, alongside the other groups.
  const queue = new PQueue({ concurrency: Math.max(1, opts.jobs ?? 3) });
  await Promise.all(
    [...chains.values()].map(async ([head, ...tail]) => {
      if (!head) return;
      await queue.add(() => build(head));
      await Promise.all(tail.map((job) => queue.add(() => build(job))));
    }),
  );
  if (failed.length > 0) throw new Error(failed.join("\n\n"));
  return { built, skipped };
}

// ---------------------------------------------------------------------------

async function bootstrapBaseImage(
  tag: string,
  suite: string,
  mirror: string,
  onOutput?: (line: string) => void,
): Promise<void> {
  if (typeof process.getuid === "function" && process.getuid() !== 0) {
    throw new Error(
      `${tag} is not present and cannot be pulled; building it with debootstrap needs root. ` +
        "Run this as root (with debootstrap installed: apt-get install debootstrap).",
    );
  }
  const debootstrap = await findExecutable("debootstrap");
  if (!debootstrap) {
    throw new Error(
      `${tag} is not present and cannot be pulled, and debootstrap is not installed. ` +
        "Install it with `apt-get install debootstrap` and run this again as root.",
    );
  }

  // /var/tmp rather than /tmp: the tree is a few hundred MB and /tmp is often a small tmpfs.
  const rootfs = await mkdtemp(path.join(process.env.TMPDIR ?? "/var/tmp", "cg-rootfs-"));
  try {
    const boot = await run(debootstrap, ["--variant=minbase", suite, rootfs, mirror], {
      onLine: onOutput,
    });
    if (boot.code !== 0) {
      throw new Error(`debootstrap of ${suite} from ${mirror} failed; last output:\n${boot.tail.join("\n")}`);
    }
    await slimRootfs(rootfs, suite, mirror);
    const imported = await pipeline(
      ["tar", ["--numeric-owner", "-C", rootfs, "-c", "."]],
      ["docker", ["import", "-c", 'CMD ["bash"]', "-", tag]],
      onOutput,
    );
    if (imported.code !== 0) {
      throw new Error(`docker import of ${tag} failed; last output:\n${imported.tail.join("\n")}`);
    }
  } finally {
    await removeRootfs(rootfs);
  }
}

/**
 * Deletes the bootstrap tree. A failed debootstrap can leave /proc or /sys
 * mounted inside it, so those are unmounted first and the tree is left alone
 * (with a message) if any mount remains: deleting through it would touch the host.
 */
async function removeRootfs(rootfs: string): Promise<void> {
  const mountsUnder = async () => {
    const table = await readFile("/proc/self/mounts", "utf8").catch(() => "");
    return table
      .split("\n")
      .map((line) => line.split(" ")[1]?.replace(/\\040/g, " "))
      .filter((m): m is string => m?.startsWith(`${rootfs}/`) === true)
      .sort((a, b) => b.length - a.length);
  };
  for (const mount of await mountsUnder()) await run("umount", ["-l", mount], { timeoutMs: 30_000 });
  const left = await mountsUnder();
  if (left.length > 0) {
    throw new Error(`could not unmount ${left.join(", ")}; remove ${rootfs} by hand after unmounting them`);
  }
  await rm(rootfs, { recursive: true, force: true });
}

/** Makes a debootstrapped tree look like Debian's own slim image: no docs, no caches, full apt sources. */
async function slimRootfs(rootfs: string, suite: string, mirror: string): Promise<void> {
  const emptyDirs = [
    "var/lib/apt/lists",
    "var/cache/apt",
    "var/cache/debconf",
    "usr/share/doc",
    "usr/share/man",
    "usr/share/info",
    "usr/share/locale",
    "usr/share/lintian",
    "tmp",
  ];
  for (const dir of emptyDirs) {
    const full = path.join(rootfs, dir);
    let entries: string[];
    try {
      entries = await readdir(full);
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (dir === "var/lib/apt/lists" && entry === "partial") continue;
      if (dir === "var/cache/apt" && entry === "archives") continue;
      if (dir === "var/cache/debconf" && entry.endsWith(".dat")) continue;
      if (dir === "usr/share/locale" && entry === "locale.alias") continue;
      await rm(path.join(full, entry), { recursive: true, force: true });
    }
  }
  for (const dir of ["var/cache/apt/archives", "var/cache/apt/archives/partial"]) {
    const full = path.join(rootfs, dir);
    const debs = (await readdir(full).catch(() => [] as string[])).filter((f) => f.endsWith(".deb"));
    for (const deb of debs) await rm(path.join(full, deb), { force: true });
  }
  await writeFile(
    path.join(rootfs, "etc/apt/sources.list"),
    [
      `deb ${mirror} ${suite} main`,
      `deb ${mirror} ${suite}-updates main`,
      `deb ${mirror.replace(/\/debian\/?$/, "/debian-security")} ${suite}-security main`,
      "",
    ].join("\n"),
  );
  // Same rules as Debian's official slim image: later package installs skip docs too.
  await writeFile(
    path.join(rootfs, "etc/dpkg/dpkg.cfg.d/docker"),
    [
      "path-exclude /usr/share/doc/*",
      "path-include /usr/share/doc/*/copyright",
      "path-exclude /usr/share/man/*",
      "path-exclude /usr/share/groff/*",
      "path-exclude /usr/share/info/*",
      "path-exclude /usr/share/lintian/*",
      "path-exclude /usr/share/linda/*",
      "path-exclude /usr/share/locale/*",
      "path-include /usr/share/locale/locale.alias",
      "",
    ].join("\n"),
  );
  await writeFile(
    path.join(rootfs, "etc/apt/apt.conf.d/docker-clean"),
    [
      'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };',
      'APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };',
      'Dir::Cache::pkgcache "";',
      'Dir::Cache::srcpkgcache "";',
      "",
    ].join("\n"),
  );
}

async function languageIds(languagesDir: string): Promise<string[]> {
  const entries = await readdir(languagesDir, { withFileTypes: true });
  const ids: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory() && (await isFile(path.join(languagesDir, entry.name, "Dockerfile"))))
      ids.push(entry.name);
  }
  return ids.sort();
}

async function hashTrees(trees: [prefix: string, dir: string][]): Promise<string> {
  const hash = createHash("sha256");
  for (const [prefix, dir] of trees) {
    const files = await listFiles(dir);
    for (const rel of files) {
      const full = path.join(dir, ...rel.split("/"));
      const info = await stat(full).catch(() => undefined);
      const content = info?.isFile() ? await readFile(full) : Buffer.from(`symlink:${await readlink(full)}`);
      hash.update(`${prefix}/${rel}\0${content.length}\0`);
      hash.update(content);
    }
  }
  return hash.digest("hex");
}

/** Every file under dir as a sorted list of "/"-separated relative paths. */
async function listFiles(dir: string, rel = ""): Promise<string[]> {
  const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(dir, child)));
    else files.push(child);
  }
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() ?? false;
}

async function findExecutable(name: string): Promise<string | undefined> {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), "/usr/sbin", "/sbin", "/usr/local/sbin"];
  for (const dir of dirs.filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      await access(candidate, fsConstants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

async function checkEngine(): Promise<void> {
  const res = await run("docker", ["version", "--format", "{{.Server.Version}}"], { timeoutMs: 30_000 });
  if (res.code !== 0) {
    throw new Error(`the Docker engine is not reachable (docker version failed):\n${res.tail.join("\n")}`);
  }
}

async function imageId(tag: string): Promise<string | undefined> {
  const res = await run("docker", ["image", "inspect", "--format", "{{.Id}}", tag], { timeoutMs: 30_000 });
  return res.code === 0 && res.stdout ? res.stdout : undefined;
}

async function imageExists(tag: string): Promise<boolean> {
  return (await imageId(tag)) !== undefined;
}

async function imageLabels(tag: string): Promise<Record<string, string> | undefined> {
  const res = await run("docker", ["image", "inspect", "--format", "{{json .Config.Labels}}", tag], {
    timeoutMs: 30_000,
  });
  if (res.code !== 0) return undefined;
  try {
    return (JSON.parse(res.stdout) as Record<string, string> | null) ?? undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  /** The last lines of stdout and stderr together, for error messages. */
  tail: string[];
}

interface RunOptions {
  onLine?: ((line: string) => void) | undefined;
  timeoutMs?: number;
  env?: Record<string, string>;
}

const TAIL_LINES = 25;
/** Colour codes the legacy builder wraps around stderr of RUN steps. */
const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, "g");

/** Splits a byte stream into lines ("\n" or "\r" ended), calling back for each non-empty one. */
function lineSplitter(onLine: (line: string) => void): { push(chunk: Buffer): void; end(): void } {
  let pending = "";
  const emit = (raw: string) => {
    const line = raw.replace(ANSI_ESCAPE, "").trimEnd();
    if (line.trim()) onLine(line);
  };
  return {
    push(chunk) {
      pending += chunk.toString("utf8");
      const parts = pending.split(/\r\n|\r|\n/);
      pending = parts.pop() ?? "";
      for (const line of parts) emit(line);
    },
    end() {
      emit(pending);
      pending = "";
    },
  };
}

function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...opts.env },
    });
    const tail: string[] = [];
    const onLine = (line: string) => {
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      opts.onLine?.(line);
    };
    const out = lineSplitter(onLine);
    const err = lineSplitter(onLine);
    let stdout = "";
    let timedOut = false;
    const timer =
      opts.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill("SIGKILL");
          }, opts.timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      if (stdout.length < 1 << 20) stdout += chunk.toString("utf8");
      out.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        e.code === "ENOENT"
          ? new Error(`${cmd} was not found on PATH${cmd === "docker" ? " (install the Docker CLI)" : ""}`)
          : e,
      );
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      out.end();
      err.end();
      resolve({ code, signal, timedOut, stdout: stdout.trim(), tail });
    });
  });
}

/** Runs `producer | consumer`, streaming the consumer's output and the producer's errors. */
function pipeline(
  producer: [string, string[]],
  consumer: [string, string[]],
  onOutput?: (line: string) => void,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const tail: string[] = [];
    const onLine = (line: string) => {
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      onOutput?.(line);
    };
    const from = spawn(producer[0], producer[1], { stdio: ["ignore", "pipe", "pipe"] });
    const to = spawn(consumer[0], consumer[1], { stdio: ["pipe", "pipe", "pipe"] });
    const fromErr = lineSplitter(onLine);
    const toOut = lineSplitter(onLine);
    const toErr = lineSplitter(onLine);
    from.stdout.pipe(to.stdin);
    // If the consumer dies early, the producer sees EPIPE; its exit code reports that.
    to.stdin.on("error", () => {});
    from.stderr.on("data", (c: Buffer) => fromErr.push(c));
    to.stdout.on("data", (c: Buffer) => toOut.push(c));
    to.stderr.on("data", (c: Buffer) => toErr.push(c));
    let fromCode: number | null = null;
    let fromDone = false;
    let toDone: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    const finish = () => {
      if (!fromDone || !toDone) return;
      fromErr.end();
      toOut.end();
      toErr.end();
      const code = fromCode !== 0 ? (fromCode ?? 1) : toDone.code;
      if (fromCode !== 0) tail.push(`${producer[0]} exited with code ${fromCode}`);
      resolve({ code, signal: toDone.signal, timedOut: false, stdout: "", tail });
    };
    from.on("error", reject);
    to.on("error", reject);
    from.on("close", (code) => {
      fromCode = code;
      fromDone = true;
      finish();
    });
    to.on("close", (code, signal) => {
      toDone = { code, signal };
      finish();
    });
  });
}
