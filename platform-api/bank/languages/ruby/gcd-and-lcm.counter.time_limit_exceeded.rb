# Finds the lcm by counting up one by one from the larger number: billions of steps for two large
# coprime numbers.
def solution(a, b)
  m = [a, b].max
  m += 1 while m % a != 0 || m % b != 0
  [a * b / m, m]
end
