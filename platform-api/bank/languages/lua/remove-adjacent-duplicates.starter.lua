local s = io.read("l") or ""
-- Print s with adjacent equal pairs removed, repeatedly.
