;; The runner's bundled demo: a realistic Clean async program, lowered by hand to the ID ABI (docs/abi.md)
;; the way a compiler targeting the seed's design emits it. cln 0.33 itself lowers `later` to an immediate
;; _async_await, which cannot overlap tasks; the ID ABI can, and this demo shows the difference.
;;
;;   functions:
;;       string fetchSource(string name)
;;           server.sleep(300)                       // a slow source
;;           return "source " + name + " ok"
;;       audit(string message)
;;           printl("[audit] " + message)
;;
;;   start:
;;       printl("Fetching 3 sources in parallel...")
;;       background audit("demo started")           // fire-and-forget, on its own instance
;;       later a = start fetchSource("alpha")       // three guest tasks, in parallel
;;       later b = start fetchSource("beta")
;;       later c = start fetchSource("gamma")
;;       later user = start users.lookup(42)        // a Java function (Mono) called by name
;;       later confirmation = future()              // a future the program settles itself
;;       confirmation.resolve("confirmed by the guest itself")
;;       printl(a)                                  // each read is an implicit await
;;       printl(b)
;;       printl(c)
;;       printl(user)
;;       printl(confirmation)
;;       later elapsed = start clock.elapsed()      // a Java function: ms since the run started
;;       printl("all fetched in " + elapsed + " ms (each fetch takes 300 ms; in sequence they would take 900 ms)")
(module
  (import "env" "printl" (func $printl (param i32 i32)))
  (import "env" "_server_sleep" (func $sleep (param i64)))
  (import "env" "string.concat" (func $concat (param i32 i32) (result i32)))
  (import "env" "spawn_task" (func $spawn (param i32 i32 i32 i32) (result i32)))
  (import "env" "create_future" (func $create (param i32 i32 i32 i32) (result i32)))
  (import "env" "get_result" (func $get (param i32) (result i32)))
  (import "env" "future_new" (func $future_new (result i32)))
  (import "env" "resolve_future" (func $resolve (param i32 i32 i32) (result i32)))
  (import "env" "release_future" (func $release (param i32)))

  (memory (export "memory") 2 64)
  (global $heap (export "__heap_ptr") (mut i32) (i32.const 8192))

  (data (i32.const 1024) "Fetching 3 sources in parallel...") ;; intro
  (data (i32.const 1072) "fetchSource") ;; t_fetch
  (data (i32.const 1096) "[\22alpha\22]") ;; a_alpha
  (data (i32.const 1120) "[\22beta\22]") ;; a_beta
  (data (i32.const 1136) "[\22gamma\22]") ;; a_gamma
  (data (i32.const 1160) "users.lookup") ;; t_user
  (data (i32.const 1184) "[42]") ;; a_42
  (data (i32.const 1200) "audit") ;; t_audit
  (data (i32.const 1216) "[\22demo started\22]") ;; a_audit
  (data (i32.const 1240) "clock.elapsed") ;; t_clock
  (data (i32.const 1264) "[]") ;; a_none
  (data (i32.const 1280) "confirmed by the guest itself") ;; confirmed
  (data (i32.const 1320) "\07\00\00\00source ") ;; lp_source
  (data (i32.const 1344) "\03\00\00\00 ok") ;; lp_ok
  (data (i32.const 1360) "\08\00\00\00[audit] ") ;; lp_audit
  (data (i32.const 1384) "\0f\00\00\00all fetched in ") ;; lp_done
  (data (i32.const 1416) "A\00\00\00 ms (each fetch takes 300 ms; in sequence they would take 900 ms)") ;; lp_tail

  ;; Clean's bump allocator: 8-byte aligned, grows memory, 0 when it cannot.
  (func $malloc (export "malloc") (param $size i32) (result i32)
    (local $ptr i32) (local $end i32)
    global.get $heap
    local.set $ptr
    local.get $ptr
    local.get $size
    i32.const 7
    i32.add
    i32.const -8
    i32.and
    i32.add
    local.set $end
    local.get $end
    memory.size
    i32.const 16
    i32.shl
    i32.gt_u
    if
      local.get $end
      i32.const 16
      i32.shr_u
      memory.size
      i32.sub
      i32.const 1
      i32.add
      memory.grow
      i32.const -1
      i32.eq
      if
        i32.const 0
        return
      end
    end
    local.get $end
    global.set $heap
    local.get $ptr)
  (func (export "scope_push") (result i32) global.get $heap)
  (func (export "scope_pop") (param i32) local.get 0 global.set $heap)

  ;; printl of an LP string
  (func $printl_lp (param $s i32)
    local.get $s
    i32.const 4
    i32.add
    local.get $s
    i32.load
    call $printl)

  ;; await a future, print its value, release the id
  (func $print_result (param $id i32)
    local.get $id
    call $get
    call $printl_lp
    local.get $id
    call $release)

  (func (export "fetchSource") (param $name i32) (result i32)
    i64.const 300
    call $sleep
    i32.const 1320
    local.get $name
    call $concat
    i32.const 1344
    call $concat)

  (func (export "audit") (param $message i32)
    i32.const 1360
    local.get $message
    call $concat
    call $printl_lp)

  (func $start (export "start")
    (local $a i32) (local $b i32) (local $c i32) (local $user i32) (local $confirmation i32) (local $elapsed i32)
    i32.const 1024 i32.const 33
    call $printl
    i32.const 1200 i32.const 5 i32.const 1216 i32.const 16
    call $spawn
    drop
    i32.const 1072 i32.const 11 i32.const 1096 i32.const 9
    call $create
    local.set $a
    i32.const 1072 i32.const 11 i32.const 1120 i32.const 8
    call $create
    local.set $b
    i32.const 1072 i32.const 11 i32.const 1136 i32.const 9
    call $create
    local.set $c
    i32.const 1160 i32.const 12 i32.const 1184 i32.const 4
    call $create
    local.set $user
    call $future_new
    local.tee $confirmation
    i32.const 1280 i32.const 29
    call $resolve
    drop
    local.get $a
    call $print_result
    local.get $b
    call $print_result
    local.get $c
    call $print_result
    local.get $user
    call $print_result
    local.get $confirmation
    call $print_result
    i32.const 1240 i32.const 13 i32.const 1264 i32.const 2
    call $create
    local.tee $elapsed
    call $get
    i32.const 1384
    call $concat_swap
    i32.const 1416
    call $concat
    call $printl_lp
    local.get $elapsed
    call $release)

  ;; concat(b, a) with the operands in stack order (a then b) swapped: "prefix" + value
  (func $concat_swap (param $value i32) (param $prefix i32) (result i32)
    local.get $prefix
    local.get $value
    call $concat)

  (func (export "_start") call $start))
