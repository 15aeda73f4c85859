MOD = 1_000_000_007

def solution(n)
  # ways to reach steps i-3, i-2, i-1; the ground (step 0) is reached one way
  a = 0
  b = 0
  c = 1
  n.times { a, b, c = b, c, (a + b + c) % MOD }
  c
end
