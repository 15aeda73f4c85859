local data = io.read("a")
local nums, count = {}, 0
for token in data:gmatch("%d+") do
  count = count + 1
  nums[count] = tonumber(token)
end
local q = nums[1]
local limit = 1
for j = 1, q do
  local r = nums[2 * j + 1]
  if r > limit then limit = r end
end

-- Odd primes up to the square root of the limit, by a plain sieve.
local root = math.floor(math.sqrt(limit))
while root * root > limit do root = root - 1 end
while (root + 1) * (root + 1) <= limit do root = root + 1 end
local base, composite = {}, {}
for i = 3, root, 2 do
  if not composite[i] then
    base[#base + 1] = i
    for j = i * i, root, 2 * i do composite[j] = true end
  end
end

-- Segmented sieve over the odd numbers (slot k stands for 2k + 1), one small table reused, so the
-- memory stays small; every prime found goes into a sorted list.
local primes, found = {}, 0
if limit >= 2 then
  found = 1
  primes[1] = 2
end
local SEGMENT = 1 << 16
local segment = {}
local nextSlot = {}
for i, p in ipairs(base) do nextSlot[i] = (p * p - 1) // 2 end
local lastSlot = (limit - 1) // 2
local low = 1
while low <= lastSlot do
  local high = math.min(low + SEGMENT - 1, lastSlot)
  local offset = low - 1
  for k = 1, high - offset do segment[k] = false end
  for i = 1, #base do
    local p, first = base[i], nextSlot[i]
    if first <= high then
      for k = first - offset, high - offset, p do segment[k] = true end
      nextSlot[i] = first + ((high - first) // p + 1) * p
    end
  end
  for k = 1, high - offset do
    if not segment[k] then
      found = found + 1
      primes[found] = 2 * (k + offset) + 1
    end
  end
  low = high + 1
end

-- How many primes are at most x.
local function upTo(x)
  local lo, hi = 0, found
  while lo < hi do
    local mid = (lo + hi + 1) // 2
    if primes[mid] <= x then lo = mid else hi = mid - 1 end
  end
  return lo
end

local out = {}
for j = 1, q do
  out[j] = upTo(nums[2 * j + 1]) - upTo(nums[2 * j] - 1)
end
io.write(table.concat(out, "\n"), "\n")
