local data = io.read("a")
local nums = {}
for token in data:gmatch("%d+") do
  nums[#nums + 1] = tonumber(token)
end
local q = nums[1]
-- For each pair n k, print C(n, k) modulo 1_000_000_007.
