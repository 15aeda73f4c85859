program main;

var
  n, i, j: longint;
  target, sum: int64;
  a: array of int64;

begin
  read(n, target);
  SetLength(a, n);
  for i := 0 to n - 1 do read(a[i]);
  i := 0;
  j := n - 1;
  while i < j do
  begin
    sum := a[i] + a[j];
    if sum = target then break;
    if sum < target then Inc(i) else Dec(j);
  end;
  writeln(i + 1, ' ', j + 1);
end.
