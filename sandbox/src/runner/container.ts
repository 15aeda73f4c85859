import { Writable } from "node:stream";
import type Docker from "dockerode";
import { type AgentEnd, ResultDecoder, type StepRecord } from "./protocol.js";

/** Marks every container the sandbox creates, so leftovers can be found and swept. */
export const SANDBOX_LABEL = "codeground.sandbox";
export const OWNER_PID_LABEL = "codeground.sandbox.pid";
export const OWNER_HOST_LABEL = "codeground.sandbox.host";
/**
 * A random id of the sandbox process that made the container. In a container the process is pid 1
 * at every start, so pid and host name alone would take a killed predecessor's containers for ours.
 */
export const OWNER_INSTANCE_LABEL = "codeground.sandbox.instance";

export interface ContainerSpec {
  image: string;
  /** Memory limit of the whole container in bytes (swap gets nothing extra). */
  memoryBytes: number;
  pidsLimit: number;
  workDirMb: number;
  nanoCpus: number;
  runtime: string;
  env: string[];
  labels: Record<string, string>;
}

export type Outcome =
  | { kind: "done"; records: StepRecord[] }
  | { kind: "failed"; records: StepRecord[]; message: string }
  /** The agent stopped answering before the end: killed on the deadline, or the container died. */
  | {
      kind: "lost";
      records: StepRecord[];
      deadline: boolean;
      oomKilled: boolean;
      /** How the container ended, as the engine tells it (for the log when no verdict explains it). */
      exitCode?: number | undefined;
    };

/**
 * Under runc the pids cgroup caps the learner's processes directly. Under gVisor the same
 * host cgroup also holds the sandbox kernel's own threads, and hitting it crashes the
 * sandbox, so the host cap gets headroom and the agent caps the learner with
 * RLIMIT_NPROC, which gVisor counts inside the sandbox.
 */
function hostPidsLimit(spec: ContainerSpec): number {
  return spec.runtime === "runsc" ? Math.max(2048, spec.pidsLimit * 16) : spec.pidsLimit;
}

/**
 * gVisor lets a process read the memory and descriptors of a same-uid init, non-dumpable or
 * not. So under runsc the agent starts as root of gVisor's own kernel (not the host's, which
 * gVisor never hands out) with just SETUID/SETGID/KILL/SETPCAP, and runs the learner's code as
 * 65534 with no capabilities. Under runc both are 65534 and the host kernel shields init.
 */
function identity(spec: ContainerSpec): { User: string; CapAdd: string[]; env: string[] } {
  if (spec.runtime !== "runsc") return { User: "65534:65534", CapAdd: [], env: [] };
  return {
    User: "0:0",
    CapAdd: ["SETUID", "SETGID", "KILL", "SETPCAP"],
    env: [`CG_NPROC=${spec.pidsLimit}`, "CG_LEARNER_UID=65534"],
  };
}

/**
 * The container settings that make a run safe: nothing here is negotiable per request.
 * Memory, pids and CPU are bounded; no network, no capabilities, no privilege gain,
 * a read-only root and one small writable tmpfs.
 */
export function createOptions(spec: ContainerSpec): Docker.ContainerCreateOptions {
  const who = identity(spec);
  return {
    Image: spec.image,
    User: who.User,
    WorkingDir: "/work",
    Env: [...spec.env, ...who.env],
    Labels: spec.labels,
    Hostname: "sandbox",
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: true,
    StdinOnce: true,
    Tty: false,
    NetworkDisabled: true,
    HostConfig: {
      NetworkMode: "none",
      Runtime: spec.runtime,
      ReadonlyRootfs: true,
      Tmpfs: {
        "/work": `rw,exec,nosuid,nodev,size=${spec.workDirMb}m,uid=65534,gid=65534,mode=0700`,
        // gVisor would otherwise give /tmp a writable tmpfs of its own; the host kernel
        // leaves it read-only with the root.
        ...(spec.runtime === "runsc" ? { "/tmp": "ro,nosuid,nodev,noexec,size=64k" } : {}),
      },
      // No IPC namespace objects at all: no /dev/shm to fill, one mount fewer to set up.
      IpcMode: "none",
      CapDrop: ["ALL"],
      CapAdd: who.CapAdd,
      SecurityOpt: ["no-new-privileges"],
      PidsLimit: hostPidsLimit(spec),
      Memory: spec.memoryBytes,
      MemorySwap: spec.memoryBytes,
      NanoCpus: spec.nanoCpus,
      Ulimits: [
        { Name: "nofile", Soft: 256, Hard: 256 },
        { Name: "core", Soft: 0, Hard: 0 },
      ],
      LogConfig: { Type: "none", Config: {} },
      AutoRemove: false,
      Privileged: false,
      Init: false,
    },
  };
}

/**
 * A started container whose agent waits on stdin for its one job. It is used once:
 * after `execute` it is removed, whatever happened.
 */
export class WarmContainer {
  private readonly decoder = new ResultDecoder();
  private ended = false;
  private readonly endedPromise: Promise<void>;
  private readonly agentDone: Promise<void>;
  private used = false;

  private constructor(
    readonly container: Docker.Container,
    private readonly stream: NodeJS.ReadWriteStream,
    docker: Docker,
    public memoryBytes: number,
  ) {
    let markAgentDone: () => void = () => undefined;
    this.agentDone = new Promise((resolve) => {
      markAgentDone = resolve;
    });
    const sink = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        try {
          this.decoder.push(chunk);
          if (this.decoder.end !== undefined) markAgentDone();
          done();
        } catch (err) {
          done(err as Error);
        }
      },
    });
    const discard = new Writable({ write: (_c, _e, done) => done() });
    docker.modem.demuxStream(stream, sink, discard);
    this.endedPromise = new Promise((resolve) => {
      const finish = () => {
        this.ended = true;
        resolve();
      };
      stream.on("end", finish);
      stream.on("close", finish);
      stream.on("error", finish);
      sink.on("error", finish);
    });
  }

  static async start(docker: Docker, spec: ContainerSpec): Promise<WarmContainer> {
    const container = await docker.createContainer(createOptions(spec));
    try {
      const stream = await container.attach({
        stream: true,
        stdin: true,
        stdout: true,
        stderr: true,
        hijack: true,
      });
      const warm = new WarmContainer(container, stream, docker, spec.memoryBytes);
      await container.start();
      return warm;
    } catch (err) {
      await container.remove({ force: true }).catch(() => undefined);
      throw err;
    }
  }

  get id(): string {
    return this.container.id;
  }

  /** False once the container has stopped (a warm container that died is useless). */
  get alive(): boolean {
    return !this.ended;
  }

  /** Raises the memory limit of the waiting container (swap still gets nothing extra). */
  async resize(memoryBytes: number): Promise<void> {
    await this.container.update({ Memory: memoryBytes, MemorySwap: memoryBytes });
    this.memoryBytes = memoryBytes;
  }

  /**
   * Sends the job, waits for the agent's end marker, the container's end or the deadline.
   * `onRecord` sees each step's record as the agent writes it.
   */
  async execute(job: Buffer, deadlineMs: number, onRecord?: (record: StepRecord) => void): Promise<Outcome> {
    if (this.used) throw new Error("a sandbox container runs one job only");
    this.used = true;
    this.decoder.onRecord = onRecord;
    this.stream.write(job);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<"deadline">((resolve) => {
      timer = setTimeout(() => resolve("deadline"), deadlineMs);
    });
    const first = await Promise.race([
      this.endedPromise.then(() => "ended" as const),
      this.agentDone,
      deadline,
    ]);
    clearTimeout(timer);
    const end: AgentEnd | undefined = this.decoder.end;
    const records = this.decoder.records;
    if (end?.kind === "done") return { kind: "done", records };
    if (end?.kind === "failed") return { kind: "failed", records, message: end.message };
    if (first === "deadline") {
      await this.container.kill().catch(() => undefined);
      return { kind: "lost", records, deadline: true, oomKilled: false };
    }
    const state = await this.container.inspect().catch(() => undefined);
    // Killed (137) without our deadline kill: the memory cap is the only thing left that SIGKILLs a
    // sandbox container. gVisor (runsc) does not always set OOMKilled when its cgroup kills it.
    const killed = state?.State?.ExitCode === 137;
    return {
      kind: "lost",
      records,
      deadline: false,
      oomKilled: state?.State?.OOMKilled === true || killed,
      exitCode: state?.State?.ExitCode,
    };
  }

  /** Removes the container; never throws (a container already gone is fine). */
  async dispose(): Promise<void> {
    try {
      this.stream.end();
    } catch {
      // the connection may already be closed
    }
    await this.container.remove({ force: true }).catch(() => undefined);
  }
}
