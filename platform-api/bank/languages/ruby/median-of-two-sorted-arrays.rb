def solution(nums1, nums2)
  a, b = nums1.size <= nums2.size ? [nums1, nums2] : [nums2, nums1]
  m = a.size
  n = b.size
  half = (m + n + 1) / 2
  lo = 0
  hi = m
  loop do
    i = (lo + hi) / 2
    j = half - i
    a_left = i.positive? ? a[i - 1] : -Float::INFINITY
    a_right = i < m ? a[i] : Float::INFINITY
    b_left = j.positive? ? b[j - 1] : -Float::INFINITY
    b_right = j < n ? b[j] : Float::INFINITY
    if a_left > b_right
      hi = i - 1
    elsif b_left > a_right
      lo = i + 1
    else
      left = [a_left, b_left].max
      return left.to_f if (m + n).odd?

      return (left + [a_right, b_right].min) / 2.0
    end
  end
end
