local data = io.read("a")
local nums, count = {}, 0
for token in data:gmatch("%d+") do
  count = count + 1
  nums[count] = tonumber(token)
end
local n, m = nums[1], nums[2]

-- Adjacency lists as arrays: the first road out of each city, and the next road after each road.
local head, nextRoad, to, cost = {}, {}, {}, {}
for i = 1, n do head[i] = 0 end
for i = 1, m do
  local u = nums[3 * i]
  to[i] = nums[3 * i + 1]
  cost[i] = nums[3 * i + 2]
  nextRoad[i] = head[u]
  head[u] = i
end

-- A binary heap of (cost, city) in two parallel arrays.
local heapCost, heapCity, size = {}, {}, 0

local function push(d, city)
  size = size + 1
  local i = size
  while i > 1 do
    local parent = i // 2
    if heapCost[parent] <= d then break end
    heapCost[i], heapCity[i] = heapCost[parent], heapCity[parent]
    i = parent
  end
  heapCost[i], heapCity[i] = d, city
end

local function pop()
  local d, city = heapCost[1], heapCity[1]
  local lastCost, lastCity = heapCost[size], heapCity[size]
  heapCost[size], heapCity[size] = nil, nil
  size = size - 1
  if size > 0 then
    local i = 1
    while true do
      local child = 2 * i
      if child > size then break end
      if child < size and heapCost[child + 1] < heapCost[child] then child = child + 1 end
      if heapCost[child] >= lastCost then break end
      heapCost[i], heapCity[i] = heapCost[child], heapCity[child]
      i = child
    end
    heapCost[i], heapCity[i] = lastCost, lastCity
  end
  return d, city
end

local dist = {}
for i = 1, n do dist[i] = -1 end
dist[1] = 0
push(0, 1)
while size > 0 do
  local d, u = pop()
  if u == n then break end
  if d == dist[u] then
    local road = head[u]
    while road ~= 0 do
      local v, nd = to[road], d + cost[road]
      if dist[v] < 0 or nd < dist[v] then
        dist[v] = nd
        push(nd, v)
      end
      road = nextRoad[road]
    end
  end
end
print(dist[n])
