# Merges the arrays, then takes the mean of the two middle numbers with integer division.
def solution(nums1, nums2)
  all = (nums1 + nums2).sort
  mid = all.size / 2
  all.size.odd? ? all[mid] : (all[mid - 1] + all[mid]) / 2
end
