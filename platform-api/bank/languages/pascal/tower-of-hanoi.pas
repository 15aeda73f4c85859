program main;

var
  n: longint;

procedure hanoi(k, source, target, spare: longint);
begin
  if k = 0 then exit;
  hanoi(k - 1, source, spare, target);
  writeln(source, ' ', target);
  hanoi(k - 1, spare, target, source);
end;

begin
  read(n);
  writeln((1 shl n) - 1);
  hanoi(n, 1, 3, 2);
end.
