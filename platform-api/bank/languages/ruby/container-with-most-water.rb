def solution(heights)
  i = 0
  j = heights.size - 1
  best = 0
  while i < j
    if heights[i] < heights[j]
      area = heights[i] * (j - i)
      i += 1
    else
      area = heights[j] * (j - i)
      j -= 1
    end
    best = area if area > best
  end
  best
end
