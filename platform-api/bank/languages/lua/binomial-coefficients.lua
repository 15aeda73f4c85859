local MOD = 1000000007

local data = io.read("a")
local nums, count = {}, 0
for token in data:gmatch("%d+") do
  count = count + 1
  nums[count] = tonumber(token)
end
local q = nums[1]

local top = 0
for j = 1, q do
  local n = nums[2 * j]
  if n > top then top = n end
end

-- Residues stay below 2^30, so a product of two fits Lua's 64-bit integers.
local fact = { [0] = 1 }
for i = 1, top do
  fact[i] = fact[i - 1] * i % MOD
end

local function power(base, exp)
  local result = 1
  base = base % MOD
  while exp > 0 do
    if exp & 1 == 1 then result = result * base % MOD end
    base = base * base % MOD
    exp = exp >> 1
  end
  return result
end

local inv = {}
inv[top] = power(fact[top], MOD - 2)
for i = top, 1, -1 do
  inv[i - 1] = inv[i] * i % MOD
end

local out = {}
for j = 1, q do
  local n, k = nums[2 * j], nums[2 * j + 1]
  if k > n then
    out[j] = 0
  else
    out[j] = fact[n] * inv[k] % MOD * inv[n - k] % MOD
  end
end
io.write(table.concat(out, "\n"), "\n")
