/**
 * The byte protocol spoken with cg-agent over the container's attached stdin/stdout.
 * The wire format is documented at the top of sandbox/agent/agent.c.
 */

export interface JobFile {
  name: string;
  content: string;
}

export interface JobStep {
  kind: "compile" | "run";
  argv: string[];
  stdin: string;
  cpuMs: number;
  wallMs: number;
  memoryKb: number;
  outputBytes: number;
}

export const StepFlags = {
  cpu: 1,
  wall: 2,
  stdoutTruncated: 4,
  stderrTruncated: 8,
  oomKill: 16,
  spawnFailed: 32,
} as const;

export interface StepRecord {
  index: number;
  exitCode: number | null;
  signal: number;
  cpuMs: number;
  wallMs: number;
  maxRssKb: number;
  flags: number;
  stdout: Buffer;
  stderr: Buffer;
}

export function encodeJob(files: JobFile[], steps: JobStep[]): Buffer {
  const parts: Buffer[] = [Buffer.from("CGJOB 1\n")];
  for (const file of files) {
    const name = Buffer.from(file.name);
    const data = Buffer.from(file.content);
    parts.push(Buffer.from(`F ${name.length} ${data.length}\n`), name, data);
  }
  for (const step of steps) {
    const stdin = Buffer.from(step.stdin);
    const kind = step.kind === "compile" ? "c" : "r";
    parts.push(
      Buffer.from(
        `S ${kind} ${step.cpuMs} ${step.wallMs} ${step.memoryKb} ${step.outputBytes} ${stdin.length} ${step.argv.length}\n`,
      ),
    );
    for (const arg of step.argv) {
      const bytes = Buffer.from(arg);
      parts.push(Buffer.from(`${bytes.length}\n`), bytes);
    }
    parts.push(stdin);
  }
  parts.push(Buffer.from("E\n"));
  return Buffer.concat(parts);
}

export type AgentEnd = { kind: "done" } | { kind: "failed"; message: string };

/** Incremental reader of the agent's output: feed chunks, collect records as they complete. */
export class ResultDecoder {
  private buffer: Buffer = Buffer.alloc(0);
  readonly records: StepRecord[] = [];
  end: AgentEnd | undefined;
  /** Called with each record as soon as it is complete (a test's result while later tests still run). */
  onRecord: ((record: StepRecord) => void) | undefined;

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    while (this.end === undefined && this.parseOne()) {
      // keep parsing
    }
  }

  private parseOne(): boolean {
    const newline = this.buffer.indexOf(10);
    if (newline < 0) return false;
    const header = this.buffer.subarray(0, newline).toString("latin1");
    const fields = header.split(" ");
    const num = (i: number) => {
      const value = Number(fields[i]);
      if (!Number.isInteger(value)) throw new Error(`malformed agent output: ${header.slice(0, 80)}`);
      return value;
    };
    if (header === "D") {
      this.end = { kind: "done" };
      this.buffer = this.buffer.subarray(newline + 1);
      return true;
    }
    if (fields[0] === "X") {
      const len = num(1);
      if (this.buffer.length < newline + 1 + len) return false;
      const message = this.buffer.subarray(newline + 1, newline + 1 + len).toString("utf8");
      this.end = { kind: "failed", message };
      return true;
    }
    if (fields[0] !== "R" || fields.length !== 10)
      throw new Error(`malformed agent output: ${header.slice(0, 80)}`);
    const outLen = num(8);
    const errLen = num(9);
    const start = newline + 1;
    if (this.buffer.length < start + outLen + errLen) return false;
    const exit = num(2);
    const record: StepRecord = {
      index: num(1),
      exitCode: exit < 0 ? null : exit,
      signal: num(3),
      cpuMs: num(4),
      wallMs: num(5),
      maxRssKb: num(6),
      flags: num(7),
      stdout: Buffer.from(this.buffer.subarray(start, start + outLen)),
      stderr: Buffer.from(this.buffer.subarray(start + outLen, start + outLen + errLen)),
    };
    this.records.push(record);
    this.buffer = this.buffer.subarray(start + outLen + errLen);
    this.onRecord?.(record);
    return true;
  }
}
