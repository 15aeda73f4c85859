def solution(nums)
  nums.sum
end
