def solution(heights)
  i = 0
  j = heights.size - 1
  left = 0
  right = 0
  water = 0
  while i < j
    if heights[i] < heights[j]
      left = heights[i] if heights[i] > left
      water += left - heights[i]
      i += 1
    else
      right = heights[j] if heights[j] > right
      water += right - heights[j]
      j -= 1
    end
  end
  water
end
