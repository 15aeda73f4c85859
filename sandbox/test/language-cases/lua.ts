import type { LanguageCase } from "./types.js";

const lang: LanguageCase = {
  id: "lua",
  hello: 'print("hello")',
  sum: 'local a, b = io.read("n", "n")\nprint(a + b)',
  multi: [
    { name: "main.lua", content: 'local helper = require("helper")\nprint(helper.add(2, 3))' },
    { name: "helper.lua", content: "local M = {}\nfunction M.add(a, b) return a + b end\nreturn M" },
  ],
  compileError: "local x = = 1",
  runtimeError: 'error("boom")',
  busyLoop: "while true do end",
  memoryHog: 'local s = string.rep("x", 400 * 1024 * 1024)\nprint(#s)',
  lineError: {
    code: "local a = 1\nlocal b = = 2\nprint(a)\n",
    verdict: "compilation_error",
    where: /main\.lua:2:/,
  },
  outputFlood: 'local s = string.rep("x", 1000)\nwhile true do print(s) end',
  // Lua has no sockets of its own: it asks bash's /dev/tcp, as a learner could.
  network:
    'local ok = os.execute("bash -c \'exec 3<>/dev/tcp/1.1.1.1/80\' 2>/dev/null")\nprint(ok and "connected" or "no network")',
  readOnlyRoot: 'local f = io.open("/tmp/cg-probe", "w")\nprint(f and "written" or "read-only")',
};

export default lang;
