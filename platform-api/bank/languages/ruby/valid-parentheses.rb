PAIRS = { ")" => "(", "]" => "[", "}" => "{" }.freeze

def solution(s)
  stack = []
  s.each_char do |c|
    opening = PAIRS[c]
    if opening.nil?
      stack << c
    elsif stack.pop != opening
      return false
    end
  end
  stack.empty?
end
