def solution(s)
  kept = s.downcase.delete("^a-z0-9")
  kept == kept.reverse
end
