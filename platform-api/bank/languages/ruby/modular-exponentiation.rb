def solution(base, exponent, modulus)
  result = 1 % modulus
  b = base % modulus
  e = exponent
  while e.positive?
    result = result * b % modulus if e.odd?
    b = b * b % modulus
    e >>= 1
  end
  result
end
