let () =
  let q = Scanf.scanf " %d" (fun x -> x) in
  let questions = Array.init q (fun _ -> Scanf.scanf " %d %d" (fun l r -> (l, r))) in
  let limit = Array.fold_left (fun acc (_, r) -> max acc r) 2 questions in
  let composite = Bytes.make (limit + 1) '\000' in
  let i = ref 2 in
  while !i * !i <= limit do
    if Bytes.get composite !i = '\000' then begin
      let k = ref (!i * !i) in
      while !k <= limit do
        Bytes.set composite !k '\001';
        k := !k + !i
      done
    end;
    incr i
  done;
  let up_to = Array.make (limit + 1) 0 in
  for x = 2 to limit do
    up_to.(x) <- (up_to.(x - 1) + if Bytes.get composite x = '\000' then 1 else 0)
  done;
  let out = Buffer.create (q * 8) in
  Array.iter
    (fun (l, r) ->
      Buffer.add_string out (string_of_int (up_to.(r) - up_to.(l - 1)));
      Buffer.add_char out '\n')
    questions;
  print_string (Buffer.contents out)
