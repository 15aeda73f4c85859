let () =
  let q = Scanf.scanf " %d" (fun x -> x) in
  (* For each pair n k, print C(n, k) modulo 1_000_000_007. *)
  ignore q
