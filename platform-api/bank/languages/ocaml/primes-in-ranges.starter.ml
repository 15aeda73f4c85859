let () =
  let q = Scanf.scanf " %d" (fun x -> x) in
  (* For each pair l r, print how many primes lie in [l, r]. *)
  ignore q
