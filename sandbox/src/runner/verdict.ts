import { constants } from "node:os";
import type { Stage, Verdict } from "../schemas.js";
import { StepFlags, type StepRecord } from "./protocol.js";

const signalNames = new Map<number, string>(
  Object.entries(constants.signals).map(([name, no]) => [no, name]),
);

export function toStage(record: StepRecord): Stage {
  const signal = record.signal ? (signalNames.get(record.signal) ?? `SIG${record.signal}`) : undefined;
  return {
    stdout: record.stdout.toString("utf8"),
    stderr: record.stderr.toString("utf8"),
    exitCode: record.exitCode,
    ...(signal ? { signal } : {}),
    timeMs: record.cpuMs,
    wallMs: record.wallMs,
    memoryKb: record.maxRssKb,
    truncated: (record.flags & (StepFlags.stdoutTruncated | StepFlags.stderrTruncated)) !== 0,
  };
}

/**
 * How a finished step ended, before its output is compared. Order matters: a program
 * killed for memory often also shows a signal, and one killed on the clock a signal too,
 * so the limit that was hit wins over the symptom.
 */
export function stepVerdict(record: StepRecord, memoryLimitKb: number): Verdict {
  if (record.flags & StepFlags.spawnFailed) return "internal_error";
  if (record.flags & StepFlags.oomKill || record.maxRssKb > memoryLimitKb) return "memory_limit_exceeded";
  if (record.flags & (StepFlags.cpu | StepFlags.wall)) return "time_limit_exceeded";
  if (record.flags & (StepFlags.stdoutTruncated | StepFlags.stderrTruncated)) return "output_limit_exceeded";
  if (record.exitCode !== 0) return "runtime_error";
  return "accepted";
}
