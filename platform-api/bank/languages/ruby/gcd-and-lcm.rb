def solution(a, b)
  x, y = a, b
  x, y = y, x % y while y != 0
  [x, a / x * b]
end
