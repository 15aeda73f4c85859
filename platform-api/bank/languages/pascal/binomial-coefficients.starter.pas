program main;

var
  q: longint;

begin
  read(q);
  { For each pair n k, print C(n, k) modulo 1_000_000_007. }
end.
