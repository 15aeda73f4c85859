program main;

uses
  sysutils;

var
  s, stack: ansistring;
  i, top: longint;

begin
  readln(s);
  s := Trim(s);
  SetLength(stack, Length(s));
  top := 0;
  for i := 1 to Length(s) do
    if (top > 0) and (stack[top] = s[i]) then
      Dec(top)
    else
    begin
      Inc(top);
      stack[top] := s[i];
    end;
  writeln(Copy(stack, 1, top));
end.
