import type { LanguageCase } from "./types.js";

const lang: LanguageCase = {
  id: "r",
  hello: 'cat("hello\\n")',
  sum: 'x <- scan(file("stdin"), quiet = TRUE)\ncat(x[1] + x[2], "\\n", sep = "")',
  multi: [
    { name: "main.R", content: 'source("helper.R")\ncat(add(2, 3), "\\n", sep = "")' },
    { name: "helper.R", content: "add <- function(a, b) a + b" },
  ],
  compileError: "f <- function( {\n",
  runtimeError: 'stop("boom")',
  busyLoop: "repeat {}",
  // numeric() zero-fills what it allocates, so the 400 MB are touched, not only reserved.
  memoryHog: 'x <- numeric(50 * 1024 * 1024)\ncat(length(x), "\\n")',
  lineError: { code: "a <- 1\nb <- 2 +* 3\nprint(a)\n", verdict: "compilation_error", where: /main\.R:2:/ },
  outputFlood: 's <- strrep("x", 1000)\nrepeat cat(s, "\\n", sep = "")',
  network:
    'con <- tryCatch(socketConnection("1.1.1.1", 80, blocking = TRUE, timeout = 2), error = function(e) NULL, warning = function(w) NULL)\ncat(if (is.null(con)) "no network" else "connected", "\\n", sep = "")',
  readOnlyRoot:
    'ok <- tryCatch({ writeLines("x", "/tmp/cg-probe"); TRUE }, error = function(e) FALSE, warning = function(w) FALSE)\ncat(if (ok) "written" else "read-only", "\\n", sep = "")',
};

export default lang;
