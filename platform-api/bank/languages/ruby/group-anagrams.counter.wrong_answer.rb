# Groups by the letters a word uses, ignoring how often each appears.
def solution(words)
  words.group_by { |word| word.chars.uniq.sort.join }.values
end
