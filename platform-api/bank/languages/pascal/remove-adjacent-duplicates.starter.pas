program main;

var
  s: ansistring;

begin
  readln(s);
  { Print s with adjacent equal pairs removed, repeatedly. }
end.
