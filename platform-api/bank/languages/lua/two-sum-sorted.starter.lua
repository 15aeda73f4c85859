local data = io.read("a")
local nums = {}
for token in data:gmatch("%S+") do
  nums[#nums + 1] = math.tointeger(tonumber(token))
end
local n, target = nums[1], nums[2]
local a = table.move(nums, 3, n + 2, 1, {})
-- Print the two positions (from 1) whose values add up to target.
