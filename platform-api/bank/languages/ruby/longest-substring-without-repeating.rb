def solution(s)
  last = Array.new(128, -1)
  start = 0
  best = 0
  s.each_byte.with_index do |c, i|
    start = last[c] + 1 if last[c] >= start
    last[c] = i
    best = i - start + 1 if i - start + 1 > best
  end
  best
end
