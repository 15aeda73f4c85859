def solution(words)
  # group_by keeps the groups in the order of their first word, and each group in input order.
  words.group_by { |word| word.chars.sort.join }.values
end
