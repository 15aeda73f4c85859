let modulus = 1_000_000_007

let rec pow_mod base e =
  if e = 0 then 1
  else
    let half = pow_mod (base * base mod modulus) (e / 2) in
    if e land 1 = 1 then half * base mod modulus else half

let () =
  let q = Scanf.scanf " %d" (fun x -> x) in
  let questions = Array.init q (fun _ -> Scanf.scanf " %d %d" (fun n k -> (n, k))) in
  let top = Array.fold_left (fun acc (n, _) -> max acc n) 0 questions in
  let fact = Array.make (top + 1) 1 in
  for i = 1 to top do
    fact.(i) <- fact.(i - 1) * i mod modulus
  done;
  let inv = Array.make (top + 1) 1 in
  inv.(top) <- pow_mod fact.(top) (modulus - 2);
  for i = top downto 1 do
    inv.(i - 1) <- inv.(i) * i mod modulus
  done;
  let out = Buffer.create (q * 11) in
  Array.iter
    (fun (n, k) ->
      let answer = if k > n then 0 else fact.(n) * inv.(k) mod modulus * inv.(n - k) mod modulus in
      Buffer.add_string out (string_of_int answer);
      Buffer.add_char out '\n')
    questions;
  print_string (Buffer.contents out)
