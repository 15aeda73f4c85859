# Merges with `merged += [x]`, which copies the whole array for every element: quadratic.
def solution(nums1, nums2)
  merged = []
  i = 0
  j = 0
  while i < nums1.size || j < nums2.size
    if j >= nums2.size || (i < nums1.size && nums1[i] <= nums2[j])
      merged += [nums1[i]]
      i += 1
    else
      merged += [nums2[j]]
      j += 1
    end
  end
  mid = merged.size / 2
  merged.size.odd? ? merged[mid].to_f : (merged[mid - 1] + merged[mid]) / 2.0
end
