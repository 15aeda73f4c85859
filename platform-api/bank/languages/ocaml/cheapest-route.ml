(* Dijkstra's algorithm with a binary heap of (distance, city) pairs, stale entries skipped. *)
let () =
  let n, m = Scanf.scanf " %d %d" (fun n m -> (n, m)) in
  let head = Array.make (n + 1) (-1) in
  let next = Array.make (max m 1) (-1) in
  let target = Array.make (max m 1) 0 in
  let cost = Array.make (max m 1) 0 in
  for e = 0 to m - 1 do
    Scanf.scanf " %d %d %d" (fun u v w ->
        target.(e) <- v;
        cost.(e) <- w;
        next.(e) <- head.(u);
        head.(u) <- e)
  done;
  let heap_dist = Array.make (m + 2) 0 in
  let heap_node = Array.make (m + 2) 0 in
  let size = ref 0 in
  let push d u =
    let i = ref !size in
    incr size;
    while !i > 0 && heap_dist.((!i - 1) / 2) > d do
      let p = (!i - 1) / 2 in
      heap_dist.(!i) <- heap_dist.(p);
      heap_node.(!i) <- heap_node.(p);
      i := p
    done;
    heap_dist.(!i) <- d;
    heap_node.(!i) <- u
  in
  let pop () =
    let d = heap_dist.(0) and u = heap_node.(0) in
    decr size;
    let ld = heap_dist.(!size) and lu = heap_node.(!size) in
    let i = ref 0 and continue = ref true in
    while !continue do
      let c = (2 * !i) + 1 in
      if c >= !size then continue := false
      else begin
        let c = if c + 1 < !size && heap_dist.(c + 1) < heap_dist.(c) then c + 1 else c in
        if heap_dist.(c) >= ld then continue := false
        else begin
          heap_dist.(!i) <- heap_dist.(c);
          heap_node.(!i) <- heap_node.(c);
          i := c
        end
      end
    done;
    heap_dist.(!i) <- ld;
    heap_node.(!i) <- lu;
    (d, u)
  in
  let dist = Array.make (n + 1) (-1) in
  dist.(1) <- 0;
  push 0 1;
  let finished = ref false in
  while (not !finished) && !size > 0 do
    let d, u = pop () in
    if u = n then finished := true
    else if d <= dist.(u) then begin
      let e = ref head.(u) in
      while !e <> -1 do
        let v = target.(!e) and nd = d + cost.(!e) in
        if dist.(v) < 0 || nd < dist.(v) then begin
          dist.(v) <- nd;
          push nd v
        end;
        e := next.(!e)
      done
    end
  done;
  Printf.printf "%d\n" dist.(n)
