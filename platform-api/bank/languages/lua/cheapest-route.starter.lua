local data = io.read("a")
local nums = {}
for token in data:gmatch("%d+") do
  nums[#nums + 1] = tonumber(token)
end
local n, m = nums[1], nums[2]
-- Print the cheapest cost from city 1 to city n, or -1.
