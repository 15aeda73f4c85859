program main;

var
  q, j, limit, x: longint;
  i, k: int64;
  l, r, upTo: array of longint;
  composite: array of boolean;

begin
  read(q);
  SetLength(l, q);
  SetLength(r, q);
  limit := 2;
  for j := 0 to q - 1 do
  begin
    read(l[j], r[j]);
    if r[j] > limit then limit := r[j];
  end;
  { SetLength fills new elements with zeros: false and 0. }
  SetLength(composite, limit + 1);
  SetLength(upTo, limit + 1);
  i := 2;
  while i * i <= limit do
  begin
    if not composite[i] then
    begin
      k := i * i;
      while k <= limit do
      begin
        composite[k] := true;
        k := k + i;
      end;
    end;
    Inc(i);
  end;
  for x := 2 to limit do
    if composite[x] then upTo[x] := upTo[x - 1] else upTo[x] := upTo[x - 1] + 1;
  for j := 0 to q - 1 do writeln(upTo[r[j]] - upTo[l[j] - 1]);
end.
