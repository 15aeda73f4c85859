program main;

var
  n, m: longint;

begin
  read(n, m);
  { Read the roads; print the cheapest cost from city 1 to city n, or -1. }
end.
