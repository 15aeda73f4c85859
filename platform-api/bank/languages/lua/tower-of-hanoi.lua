local n = io.read("n")
local moves = {}

local function hanoi(k, from, to, spare)
  if k == 0 then return end
  hanoi(k - 1, from, spare, to)
  moves[#moves + 1] = from .. " " .. to
  hanoi(k - 1, spare, to, from)
end

hanoi(n, 1, 3, 2)
print(#moves)
io.write(table.concat(moves, "\n"), "\n")
