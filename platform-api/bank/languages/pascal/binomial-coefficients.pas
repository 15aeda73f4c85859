program main;

const
  MODULUS = 1000000007;

var
  q, j, i, top: longint;
  n, k: array of longint;
  fact, inv: array of int64;

function powMod(base, e: int64): int64;
var
  r: int64;
begin
  r := 1;
  base := base mod MODULUS;
  while e > 0 do
  begin
    if odd(e) then r := r * base mod MODULUS;
    base := base * base mod MODULUS;
    e := e shr 1;
  end;
  powMod := r;
end;

begin
  read(q);
  SetLength(n, q);
  SetLength(k, q);
  top := 0;
  for j := 0 to q - 1 do
  begin
    read(n[j], k[j]);
    if n[j] > top then top := n[j];
  end;
  SetLength(fact, top + 1);
  SetLength(inv, top + 1);
  fact[0] := 1;
  for i := 1 to top do fact[i] := fact[i - 1] * i mod MODULUS;
  inv[top] := powMod(fact[top], MODULUS - 2);
  for i := top downto 1 do inv[i - 1] := inv[i] * i mod MODULUS;
  for j := 0 to q - 1 do
    if k[j] > n[j] then
      writeln(0)
    else
      writeln(fact[n[j]] * inv[k[j]] mod MODULUS * inv[n[j] - k[j]] mod MODULUS);
end.
