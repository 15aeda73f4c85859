program main;

var
  n, m, i, u, e, heapSize: longint;
  head, next, target: array of longint;
  cost, dist: array of int64;
  heapDist: array of int64;
  heapNode: array of longint;
  d, nd: int64;

procedure push(pd: int64; pu: longint);
var
  i, p: longint;
begin
  i := heapSize;
  Inc(heapSize);
  while i > 0 do
  begin
    p := (i - 1) div 2;
    if heapDist[p] <= pd then break;
    heapDist[i] := heapDist[p];
    heapNode[i] := heapNode[p];
    i := p;
  end;
  heapDist[i] := pd;
  heapNode[i] := pu;
end;

procedure pop(var pd: int64; var pu: longint);
var
  i, c, lu: longint;
  ld: int64;
begin
  pd := heapDist[0];
  pu := heapNode[0];
  Dec(heapSize);
  ld := heapDist[heapSize];
  lu := heapNode[heapSize];
  i := 0;
  while true do
  begin
    c := 2 * i + 1;
    if c >= heapSize then break;
    if (c + 1 < heapSize) and (heapDist[c + 1] < heapDist[c]) then Inc(c);
    if heapDist[c] >= ld then break;
    heapDist[i] := heapDist[c];
    heapNode[i] := heapNode[c];
    i := c;
  end;
  heapDist[i] := ld;
  heapNode[i] := lu;
end;

begin
  read(n, m);
  SetLength(head, n + 1);
  SetLength(dist, n + 1);
  SetLength(next, m + 1);
  SetLength(target, m + 1);
  SetLength(cost, m + 1);
  SetLength(heapDist, m + 2);
  SetLength(heapNode, m + 2);
  for i := 0 to n do
  begin
    head[i] := -1;
    dist[i] := -1;
  end;
  for i := 0 to m - 1 do
  begin
    read(u, target[i], cost[i]);
    next[i] := head[u];
    head[u] := i;
  end;
  heapSize := 0;
  dist[1] := 0;
  push(0, 1);
  while heapSize > 0 do
  begin
    pop(d, u);
    if d > dist[u] then continue;
    if u = n then break;
    e := head[u];
    while e <> -1 do
    begin
      nd := d + cost[e];
      if (dist[target[e]] < 0) or (nd < dist[target[e]]) then
      begin
        dist[target[e]] := nd;
        push(nd, target[e]);
      end;
      e := next[e];
    end;
  end;
  writeln(dist[n]);
end.
