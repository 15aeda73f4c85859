# Searches for the gcd by trying every candidate divisor, down from the smaller number.
def solution(a, b)
  d = [a, b].min
  d -= 1 while a % d != 0 || b % d != 0
  [d, a / d * b]
end
