(* A single pass over the input: misses the pairs that a removal brings together. *)
let () =
  let s = String.trim (try input_line stdin with End_of_file -> "") in
  let out = Buffer.create (String.length s) in
  let i = ref 0 in
  while !i < String.length s do
    if !i + 1 < String.length s && s.[!i] = s.[!i + 1] then i := !i + 2
    else begin
      Buffer.add_char out s.[!i];
      incr i
    end
  done;
  print_endline (Buffer.contents out)
