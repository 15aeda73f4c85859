def solution(coins, amount)
  unreachable = amount + 1
  best = Array.new(amount + 1, unreachable)
  best[0] = 0
  coins.uniq.each do |coin|
    (coin..amount).each do |value|
      candidate = best[value - coin] + 1
      best[value] = candidate if candidate < best[value]
    end
  end
  best[amount] == unreachable ? -1 : best[amount]
end
