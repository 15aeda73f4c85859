let () =
  let n = Scanf.scanf " %d" (fun x -> x) in
  let out = Buffer.create 65536 in
  let rec hanoi k source target spare =
    if k > 0 then begin
      hanoi (k - 1) source spare target;
      Buffer.add_string out (Printf.sprintf "%d %d\n" source target);
      hanoi (k - 1) spare target source
    end
  in
  Printf.bprintf out "%d\n" ((1 lsl n) - 1);
  hanoi n 1 3 2;
  print_string (Buffer.contents out)
