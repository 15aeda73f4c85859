let () =
  let s = String.trim (try input_line stdin with End_of_file -> "") in
  let stack = Bytes.create (String.length s) in
  let top = ref 0 in
  String.iter
    (fun c ->
      if !top > 0 && Bytes.get stack (!top - 1) = c then decr top
      else begin
        Bytes.set stack !top c;
        incr top
      end)
    s;
  print_endline (Bytes.sub_string stack 0 !top)
