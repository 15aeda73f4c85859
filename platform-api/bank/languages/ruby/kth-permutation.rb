def solution(n, k)
  factorial = [1]
  (1..n).each { |i| factorial << (factorial[-1] * i) }
  remaining = (1..n).to_a
  k -= 1
  n.downto(1).map do |left|
    index, k = k.divmod(factorial[left - 1])
    remaining.delete_at(index)
  end
end
