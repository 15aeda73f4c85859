# Reads the learner's Java sources (in the order given, the main file first) and prints what the
# compile script needs to know, one tab-separated line each:
#   file <path> <public top-level type, or -> <package, or ->
#   main <package-qualified top-level type declaring `static void main(`> <1 if that type is public, else 0>
# A small scanner, not a parser: comments, strings, characters and text blocks are skipped, braces
# are counted, and only top-level types and their direct members are looked at.

BEGIN { identChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$" }

FNR == 1 { finish(); begin(FILENAME) }
{ scan($0 "\n") }
END { finish() }

function begin(path) {
  file = path; open = 1
  depth = 0; inComment = 0; inText = 0
  pkg = ""; inPackage = 0; publicType = ""
  resetTop(); resetMember()
  type = ""; typePublic = 0
}

function finish() {
  if (!open) return
  print "file\t" file "\t" (publicType == "" ? "-" : publicType) "\t" (pkg == "" ? "-" : pkg)
  open = 0
}

function resetTop() { sawPublic = 0; expectName = 0 }
function resetMember() { sawStatic = 0; previous = ""; sawMain = 0 }

function isIdent(c) { return index(identChars, c) > 0 || c > "\177" }

function scan(line,    i, n, c, j) {
  n = length(line)
  i = 1
  while (i <= n) {
    c = substr(line, i, 1)
    if (inComment) {
      j = index(substr(line, i), "*/")
      if (j == 0) return
      i += j + 1; inComment = 0; continue
    }
    if (inText) {
      j = index(substr(line, i), "\"\"\"")
      # An escaped quote inside a text block does not end it.
      while (j > 0 && substr(line, i + j - 2, 1) == "\\") { i += j; j = index(substr(line, i), "\"\"\"") }
      if (j == 0) return
      i += j + 2; inText = 0; continue
    }
    if (c == "/" && substr(line, i + 1, 1) == "/") return
    if (c == "/" && substr(line, i + 1, 1) == "*") { inComment = 1; i += 2; continue }
    if (c == "\"" && substr(line, i, 3) == "\"\"\"") { inText = 1; i += 3; continue }
    if (c == "\"" || c == "'") {
      for (i++; i <= n && substr(line, i, 1) != c; i++) if (substr(line, i, 1) == "\\") i++
      i++; continue
    }
    if (isIdent(c)) {
      for (j = i; j <= n && isIdent(substr(line, j, 1)); j++) ;
      word(substr(line, i, j - i))
      i = j; continue
    }
    if (c != " " && c != "\t" && c != "\n" && c != "\r") punct(c)
    i++
  }
}

function word(w) {
  if (depth == 0) {
    if (inPackage) { pkg = pkg w; return }
    if (expectName) {
      expectName = 0
      type = w; typePublic = sawPublic
      if (sawPublic && publicType == "") publicType = w
      return
    }
    if (w == "package") { inPackage = 1; pkg = ""; return }
    if (w == "public") sawPublic = 1
    else if (w == "class" || w == "interface" || w == "enum" || w == "record") expectName = 1
    return
  }
  if (depth == 1) {
    if (w == "static") sawStatic = 1
    if (w == "main" && previous == "void" && sawStatic) sawMain = 1
    previous = w
  }
}

function punct(c) {
  if (depth == 0 && inPackage) {
    if (c == ".") { pkg = pkg "."; return }
    if (c == ";") { inPackage = 0; return }
  }
  if (c == "{") {
    depth++
    resetMember()
    return
  }
  if (c == "}") {
    if (depth > 0) depth--
    if (depth == 0) { type = ""; resetTop() }
    resetMember()
    return
  }
  if (depth == 0 && c == ";") { resetTop(); return }
  if (depth == 1) {
    if (c == "(" && sawMain && type != "") print "main\t" (pkg == "" ? "" : pkg ".") type "\t" typePublic
    if (c == "(" || c == ";" || c == "=") resetMember()
  }
}
