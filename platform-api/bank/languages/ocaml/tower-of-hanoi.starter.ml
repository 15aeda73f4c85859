let () =
  let n = Scanf.scanf " %d" (fun x -> x) in
  (* Print the number of moves, then one "from to" line per move. *)
  ignore n
