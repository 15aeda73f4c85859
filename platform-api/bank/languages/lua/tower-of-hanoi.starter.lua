local n = io.read("n")
-- Print the number of moves, then one "from to" line per move.
