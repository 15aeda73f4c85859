let () =
  let s = String.trim (try input_line stdin with End_of_file -> "") in
  (* Print s with adjacent equal pairs removed, repeatedly. *)
  ignore s
