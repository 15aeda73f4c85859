def solution(prices)
  best = 0
  lowest = prices[0]
  prices.each do |price|
    if price < lowest
      lowest = price
    elsif price - lowest > best
      best = price - lowest
    end
  end
  best
end
