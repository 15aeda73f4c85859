program main;

var
  n, i: longint;
  target: int64;
  a: array of int64;

begin
  read(n, target);
  SetLength(a, n);
  for i := 0 to n - 1 do read(a[i]);
  { Print the two positions (from 1) whose values add up to target. }
end.
