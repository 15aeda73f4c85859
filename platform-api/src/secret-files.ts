import { closeSync, fstatSync, openSync, readSync } from "node:fs";

/** A secret is one short line; anything bigger is the wrong file. */
const MAX_SECRET_BYTES = 64 * 1024;

export interface SecretFiles {
  /** The environment with each `X_FILE` read into `X`. */
  env: NodeJS.ProcessEnv;
  /** The variables whose value came from a file, to name them so in a validation error. */
  fromFile: Set<string>;
  /** What is wrong, one sentence each, naming variables and paths, never a file's content. */
  problems: string[];
}

/**
 * `X_FILE=/path` for each secret-bearing variable `X`: the value is the file's content, its
 * trailing line break dropped, so a Docker or Kubernetes secret (`/run/secrets/<name>`) need
 * not be copied into the environment, where `docker inspect` and child processes see it. Only
 * the variables named here read a file; an empty `X` or `X_FILE` counts as unset.
 */
export function readSecretFiles(env: NodeJS.ProcessEnv, names: readonly string[]): SecretFiles {
  const out: NodeJS.ProcessEnv = { ...env };
  const fromFile = new Set<string>();
  const problems: string[] = [];
  for (const name of names) {
    const file = env[`${name}_FILE`];
    if (!file) continue;
    if (env[name]) {
      problems.push(`${name} and ${name}_FILE are both set; keep one of them`);
      continue;
    }
    const read = readSecretFile(file);
    if ("problem" in read) {
      problems.push(`${name}_FILE: ${file} ${read.problem}`);
      continue;
    }
    out[name] = read.value;
    fromFile.add(name);
  }
  return { env: out, fromFile, problems };
}

function readSecretFile(file: string): { value: string } | { problem: string } {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (error) {
    return { problem: cannotOpen(error as NodeJS.ErrnoException) };
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { problem: "is not a regular file" };
    if (info.size > MAX_SECRET_BYTES)
      return { problem: "is larger than 64 KiB; it should hold the value alone" };
    const bytes = Buffer.alloc(info.size);
    const length = readSync(fd, bytes, 0, info.size, 0);
    const value = bytes
      .subarray(0, length)
      .toString("utf8")
      .replace(/[\r\n]+$/, "");
    bytes.fill(0);
    if (value === "") return { problem: "is empty" };
    if (/[\r\n]/.test(value)) return { problem: "holds more than one line; it should hold the value alone" };
    return { value };
  } catch (error) {
    return { problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})` };
  } finally {
    closeSync(fd);
  }
}

function cannotOpen(error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT") return "does not exist";
  if (error.code === "EACCES") {
    const uid = process.getuid?.();
    return `is not readable by this process${uid === undefined ? "" : ` (uid ${uid})`}`;
  }
  return `cannot be read (${error.code ?? "error"})`;
}
