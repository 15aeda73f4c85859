program main;

{ Tests each number of each range by trial division: far too slow for 10 000 wide ranges. }

var
  q, j, x, count: longint;
  l, r: longint;

function isPrime(n: longint): boolean;
var
  d: longint;
begin
  if n < 2 then exit(false);
  d := 2;
  while int64(d) * d <= n do
  begin
    if n mod d = 0 then exit(false);
    Inc(d);
  end;
  isPrime := true;
end;

begin
  read(q);
  for j := 1 to q do
  begin
    read(l, r);
    count := 0;
    for x := l to r do
      if isPrime(x) then Inc(count);
    writeln(count);
  end;
end.
