def solution(a, b)
  a = a.bytes
  b = b.bytes
  # prev[j]: distance between the first i-1 letters of a and the first j letters of b
  prev = (0..b.size).to_a
  a.each_with_index do |ca, i|
    cur = Array.new(b.size + 1, 0)
    cur[0] = i + 1
    left = i + 1
    b.each_with_index do |cb, j|
      left =
        if ca == cb
          prev[j]
        else
          m = prev[j]
          m = prev[j + 1] if prev[j + 1] < m
          m = left if left < m
          m + 1
        end
      cur[j + 1] = left
    end
    prev = cur
  end
  prev[-1]
end
