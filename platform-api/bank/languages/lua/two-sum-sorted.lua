local data = io.read("a")
local nums, count = {}, 0
for token in data:gmatch("%S+") do
  count = count + 1
  nums[count] = math.tointeger(tonumber(token))
end
local n, target = nums[1], nums[2]

-- a_i is nums[i + 2]; walk inwards from both ends.
local i, j = 1, n
while i < j do
  local sum = nums[i + 2] + nums[j + 2]
  if sum == target then break end
  if sum < target then i = i + 1 else j = j - 1 end
end
print(i .. " " .. j)
