def solution(nums, target)
  seen = {}
  nums.each_with_index do |x, j|
    i = seen[target - x]
    return [i, j] unless i.nil?

    seen[x] = j unless seen.key?(x)
  end
  []
end
