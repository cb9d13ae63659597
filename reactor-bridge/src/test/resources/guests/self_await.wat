;; self_await.wat — a cln 0.33-shaped guest for the core contract tests (CoreContractTest): a task that awaits
;; itself, results of every width, a loop that never ends and a sleep.
;;
;;   start:                      the Clean program `start: later x = start start()` — the entry point awaits a
;;       later x = start start()  task named start, which awaits a task named start, ... (cln 0.33 lowers
;;                                `later` to env._async_await(name_ptr, name_len, args_ptr, args_len))
;;   hello() -> "hello"          an LP string
;;   twice(n: i64) -> i64        n * 2
;;   half(x: f64) -> f64         x / 2
;;   isEven(n: i32) -> i32       a Clean boolean
;;   spin()                      loops forever on a br_if back edge (what compilers emit)
;;   nap(ms: i64)                env._server_sleep(ms)
;;
;; memory, malloc, __heap_ptr and scope_push/scope_pop follow cln 0.33's runtime conventions.
(module
  (import "env" "_async_await" (func $async_await (param i32 i32 i32 i32) (result i32)))
  (import "env" "_server_sleep" (func $sleep (param i64)))
  (memory (export "memory") 1)
  (global $heap (export "__heap_ptr") (mut i32) (i32.const 8192))
  (global $stop (mut i32) (i32.const 0))

  (func (export "malloc") (param $n i32) (result i32) (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.and (i32.add (i32.add (local.get $p) (local.get $n)) (i32.const 7)) (i32.const -8)))
    (local.get $p))
  (func (export "scope_push") (result i32) (global.get $heap))
  (func (export "scope_pop") (param $mark i32) (global.set $heap (local.get $mark)))

  (func (export "start")
    (drop (call $async_await (i32.const 4100) (i32.const 5) (i32.const 4108) (i32.const 2))))
  (func (export "hello") (result i32) (i32.const 4112))
  (func (export "twice") (param $n i64) (result i64) (i64.mul (local.get $n) (i64.const 2)))
  (func (export "half") (param $x f64) (result f64) (f64.div (local.get $x) (f64.const 2)))
  (func (export "isEven") (param $n i32) (result i32) (i32.eqz (i32.rem_u (local.get $n) (i32.const 2))))
  (func (export "spin") (local $i i32)
    (loop $again
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.eqz (global.get $stop)))))
  (func (export "nap") (param $ms i64) (call $sleep (local.get $ms)))

  (data (i32.const 4100) "start")
  (data (i32.const 4108) "[]")
  (data (i32.const 4112) "\05\00\00\00hello"))
