def solution(nums)
  values = {}
  nums.each { |x| values[x] = true }
  best = 0
  values.each_key do |x|
    next if values.key?(x - 1)

    y = x
    y += 1 while values.key?(y + 1)
    best = y - x + 1 if y - x + 1 > best
  end
  best
end
