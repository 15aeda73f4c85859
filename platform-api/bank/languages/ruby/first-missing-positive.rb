def solution(nums)
  n = nums.size
  n.times do |i|
    # Put each value v in 1..n at index v - 1.
    while (v = nums[i]).positive? && v <= n && nums[v - 1] != v
      nums[i] = nums[v - 1]
      nums[v - 1] = v
    end
  end
  n.times { |i| return i + 1 if nums[i] != i + 1 }
  n + 1
end
