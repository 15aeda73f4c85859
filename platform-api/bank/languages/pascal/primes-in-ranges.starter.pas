program main;

var
  q: longint;

begin
  read(q);
  { For each pair l r, print how many primes lie in [l, r]. }
end.
