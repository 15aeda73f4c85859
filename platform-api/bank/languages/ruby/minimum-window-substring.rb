def solution(s, t)
  need = Array.new(128, 0)
  t.each_byte { |c| need[c] += 1 }
  missing = t.size
  bytes = s.bytes
  best_start = 0
  best_len = bytes.size + 1
  left = 0
  bytes.each_with_index do |c, right|
    missing -= 1 if need[c].positive?
    need[c] -= 1
    while missing.zero?
      if right - left + 1 < best_len
        best_start = left
        best_len = right - left + 1
      end
      k = bytes[left]
      need[k] += 1
      missing += 1 if need[k].positive?
      left += 1
    end
  end
  best_len <= bytes.size ? s[best_start, best_len] : ""
end
