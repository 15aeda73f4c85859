/** The judge's verdicts in words a learner reads. */
const WORDS: Record<string, string> = {
  accepted: "Accepted",
  wrong_answer: "Wrong answer",
  compilation_error: "Compilation error",
  runtime_error: "Runtime error",
  time_limit_exceeded: "Time limit exceeded",
  memory_limit_exceeded: "Memory limit exceeded",
  output_limit_exceeded: "Output limit exceeded",
  internal_error: "Judging failed",
};

export const verdictText = (verdict: string | null | undefined): string =>
  verdict ? (WORDS[verdict] ?? verdict) : "Judging…";
