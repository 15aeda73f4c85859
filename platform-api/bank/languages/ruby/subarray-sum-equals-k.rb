def solution(nums, k)
  seen = Hash.new(0)
  seen[0] = 1
  prefix = 0
  count = 0
  nums.each do |x|
    prefix += x
    count += seen[prefix - k]
    seen[prefix] += 1
  end
  count
end
