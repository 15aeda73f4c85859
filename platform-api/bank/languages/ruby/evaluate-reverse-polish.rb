def solution(tokens)
  stack = []
  tokens.each do |token|
    case token
    when "+", "-", "*", "/"
      b = stack.pop
      a = stack.pop
      stack <<
        case token
        when "+" then a + b
        when "-" then a - b
        when "*" then a * b
        else
          # Ruby's / rounds toward negative infinity; the problem truncates toward zero.
          q = a.abs / b.abs
          (a.negative? == b.negative?) ? q : -q
        end
    else
      stack << token.to_i
    end
  end
  stack[-1]
end
