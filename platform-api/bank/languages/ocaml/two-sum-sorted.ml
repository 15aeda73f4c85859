let () =
  let n, target = Scanf.scanf " %d %d" (fun n t -> (n, t)) in
  let a = Array.init n (fun _ -> Scanf.scanf " %d" (fun x -> x)) in
  let i = ref 0 and j = ref (n - 1) in
  while !i < !j && a.(!i) + a.(!j) <> target do
    if a.(!i) + a.(!j) < target then incr i else decr j
  done;
  Printf.printf "%d %d\n" (!i + 1) (!j + 1)
