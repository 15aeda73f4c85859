let () =
  let n, target = Scanf.scanf " %d %d" (fun n t -> (n, t)) in
  let a = Array.init n (fun _ -> Scanf.scanf " %d" (fun x -> x)) in
  (* Print the two positions (from 1) whose values add up to target. *)
  ignore (target, a)
