program main;

var
  n: longint;

begin
  read(n);
  { Print the number of moves, then one "from to" line per move. }
end.
