def solution(nums)
  # tails[k]: the smallest value that ends an increasing subsequence of length k + 1
  tails = []
  nums.each do |x|
    i = tails.bsearch_index { |t| t >= x }
    if i.nil?
      tails << x
    else
      tails[i] = x
    end
  end
  tails.size
end
