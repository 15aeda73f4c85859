# cols, left and right are bit masks of the squares attacked in the current row
def place(full, cols, left, right)
  return 1 if cols == full

  total = 0
  free = full & ~(cols | left | right)
  while free.positive?
    bit = free & -free
    free ^= bit
    total += place(full, cols | bit, ((left | bit) << 1) & full, (right | bit) >> 1)
  end
  total
end

def solution(n)
  place((1 << n) - 1, 0, 0, 0)
end
