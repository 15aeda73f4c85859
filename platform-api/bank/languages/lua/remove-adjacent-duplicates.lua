local s = io.read("l") or ""
s = s:gsub("%s+", "")
local stack, top = {}, 0
for i = 1, #s do
  local c = s:byte(i)
  if top > 0 and stack[top] == c then
    stack[top] = nil
    top = top - 1
  else
    top = top + 1
    stack[top] = c
  end
end
-- string.char takes a bounded number of arguments: convert in chunks.
local parts = {}
for i = 1, top, 4096 do
  parts[#parts + 1] = string.char(table.unpack(stack, i, math.min(i + 4095, top)))
end
print(table.concat(parts))
